import ArgumentParser
@testable import RoleshCore
import Testing
@testable import rolesh

/// The invocation ArgumentParser builds for `arguments`, or nil when it parses them into a
/// command that has none (help, an error).
private func parsedInvocation(_ arguments: [String]) -> Invocation? {
    guard let command = (try? Rolesh.parseAsRoot(arguments)) as? any InvokingCommand else { return nil }
    return try? command.invocation()
}

private let fastForms: [[String]] = [
    ["assume", "prod"], ["assume", "arn:aws:iam::123456789012:role/Prod"], ["assume"], ["assume", "help"],
    ["assume", ""], ["assume", "prod", "--shell", "fish"], ["assume", "--shell", "zsh", "prod"],
    ["assume", "prod", "--refresh"], ["assume", "--refresh", "prod", "--shell", "bash"],
    ["exit"], ["exit", "--all"], ["exit", "--reset"], ["exit", "--all", "--reset"], ["exit", "--shell", "bash"],
    ["exit", "--shell", "sh", "--all"],
    ["status"], ["status", "--json"],
    ["refresh"], ["refresh", "--auto"], ["refresh", "--auto", "--shell", "zsh"], ["refresh", "--shell", "bash", "--auto"],
    ["init", "bash"], ["init", "zsh"], ["init", "fish"], ["init", "tcsh"], ["init", "help"],
    ["list"], ["list", "--names"],
]

@Test(arguments: fastForms)
func fast_path_builds_the_invocation_argument_parser_builds(arguments: [String]) throws {
    let fast = try #require(FastPath.invocation(for: arguments))
    #expect(fast == parsedInvocation(arguments))
}

/// Command lines the fast path must leave to ArgumentParser: help, other flags, other
/// spellings, repeats, missing or extra arguments, other commands.
private let slowForms: [[String]] = [
    [], ["--help"], ["-h"], ["--version"], ["help"], ["help", "assume"], ["whoami"], ["exec", "prod"],
    ["assume", "--help"], ["assume", "-h"], ["assume", "prod", "--refresh", "--refresh"], ["assume", "prod", "--chain"],
    ["assume", "prod", "--region", "eu-west-1"],
    ["assume", "prod", "extra"], ["assume", "-prod"], ["assume", "prod", "--shell"], ["assume", "prod", "--shell", "--json"],
    ["assume", "prod", "--shell=bash"], ["assume", "prod", "--shell", "bash", "--shell", "zsh"], ["assume", "--", "prod"],
    ["exit", "--all", "--all"], ["exit", "--json"], ["exit", "extra"], ["exit", "-a"],
    ["status", "--shell", "bash"], ["status", "--json", "--json"], ["status", "now"],
    ["refresh", "--auto", "--auto"], ["refresh", "now"],
    ["init"], ["init", "bash", "zsh"], ["init", "--shell", "bash"], ["init", "-"],
    ["list", "--json"], ["list", "--names", "--json"], ["list", "prod"], ["list", "--sso-sessions"],
    ["ASSUME", "prod"], ["--shell", "bash", "exit"],
    ["--generate-completion-script", "bash"],
]

@Test(arguments: slowForms)
func fast_path_leaves_other_command_lines_to_argument_parser(arguments: [String]) {
    #expect(FastPath.invocation(for: arguments) == nil)
}

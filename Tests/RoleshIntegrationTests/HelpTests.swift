// What a new user meets first: the top of --help, `help init` for the shell they use, a
// mistyped command, and `list` before any profile exists.
import Foundation
import RoleshTestSupport
import Testing

@Test func help_says_first_that_the_integration_is_needed_and_how_to_load_it() throws {
    let help = try runProcess(TestPaths.rolesh, ["--help"])
    let top = help.stdout.split(separator: "\n").prefix(12).joined(separator: " ")
    for words in [#"eval "$(rolesh init bash)""#, "rolesh init fish | source", "rolesh_prompt", #"eval "$(rolesh assume prod)""#] {
        #expect(top.contains(words), "the first lines of --help lack \(words):\n\(help.stdout)")
    }
}

@Test(arguments: [("bash", "~/.bashrc", #"eval "$(rolesh init bash)""#), ("zsh", "~/.zshrc", #"eval "$(rolesh init zsh)""#),
                  ("fish", "~/.config/fish/config.fish", "rolesh init fish | source")])
func help_init_starts_with_the_line_for_the_shell_that_asks(shell: String, rcFile: String, line: String) throws {
    // The shell runs rolesh as its child, as when a user types the command.
    let flags = shell == "fish" ? ["--no-config", "-c"] : ["-c"]
    for request in ["help init", "init --help"] {
        let asked = try runProcess("/usr/bin/\(shell)", flags + ["\(TestPaths.rolesh) \(request); true"],
                                   environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()])
        let lines = asked.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "Your shell is \(shell): add this line to \(rcFile)", "\(request): \(asked.stdout)")
        #expect(lines.dropFirst().first == "  \(line)", "\(request): \(asked.stdout)")
        #expect(asked.stdout.contains("rolesh_prompt"), "\(request)")
    }
}

@Test(arguments: [("asume", "did you mean assume?"), ("lst", "did you mean list?"), ("ext", "did you mean exit?"), ("exet", "did you mean exec or exit?"),
                  ("frobnicate", "")])
func a_mistyped_command_gets_a_suggestion_and_nothing_on_stdout(typed: String, suggestion: String) throws {
    let run = try runProcess(TestPaths.rolesh, [typed, "prod"])
    #expect(run.status != 0)
    #expect(run.stdout == "")
    let hint = suggestion.isEmpty ? "" : "; \(suggestion)"
    #expect(run.stderr == "rolesh: \"\(typed)\" is not a rolesh command\(hint) (rolesh --help lists them)\n")
}

@Test func list_without_assumable_profiles_says_why_and_where_it_looked() throws {
    let home = try TestPaths.temporaryFolder()
    try FileManager.default.createDirectory(atPath: "\(home)/.aws", withIntermediateDirectories: true)
    try "[profile web]\nregion = eu-west-1\n".write(toFile: "\(home)/.aws/config", atomically: true, encoding: .utf8)
    let run = try runProcess(TestPaths.rolesh, ["list"], environment: ["HOME": home, "PATH": "/usr/bin:/bin"])
    #expect(run.status == 0)
    #expect(run.stdout == "no profile can be assumed: neither \(home)/.aws/config nor \(home)/.aws/credentials (missing) "
        + "has a profile with role_arn, static keys, credential_process, credential_source or sso_account_id (AWS_CONFIG_FILE and "
        + "AWS_SHARED_CREDENTIALS_FILE name other files)\n", "\(run.stderr)")
    let json = try runProcess(TestPaths.rolesh, ["list", "--json"], environment: ["HOME": home, "PATH": "/usr/bin:/bin"])
    #expect(json.stdout == "[]\n", "JSON stays machine-readable")
}

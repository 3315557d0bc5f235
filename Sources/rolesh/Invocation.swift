import ArgumentParser
import FoundationEssentials
import RoleshCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a hot command line asks RoleshCore to do, as plain values. ArgumentParser's commands
/// and `FastPath` both produce one and run it here, so the two paths cannot drift apart:
/// the same value runs the same code (Tests/RoleshCLITests pins that they produce the same value).
enum Invocation: Equatable {
    case initScript(shell: String)
    case assume(AssumeOptions, shell: String?)
    case exit(all: Bool, reset: Bool, shell: String?)
    case refresh(auto: Bool, tokenCode: String? = nil, shell: String?)
    case region(String, shell: String?)
    case status(json: Bool)
    case list(ListCommand.Format)

    func run() throws {
        switch self {
        case .initScript(let shell):
            try emit(InitCommand.run(shell: shell, context: .live()))
        case .assume(let options, let shell):
            try refuseTerminalOutput(shell: shell)
            try AssumeCommand.run(options, shell: shell, context: .live(), deliver: emit)
        case .exit(let all, let reset, let shell):
            try refuseTerminalOutput(shell: shell)
            try ExitCommand.run(.init(all: all, reset: reset, shell: shell), context: .live(), deliver: emit)
        case .refresh(let auto, let tokenCode, let shell):
            try refuseTerminalOutput(shell: shell)
            do {
                try emit(RefreshCommand.run(auto: auto, tokenCode: tokenCode, shell: shell, context: .live()))
            } catch let error as AssumeError {
                guard case .needsMFA = error else { throw error }
                OutputStream.standardError.write("rolesh: \(error.message.escapingControlCharacters)\n")
                throw ExitCode(3)
            }
        case .region(let region, let shell):
            try refuseTerminalOutput(shell: shell)
            try RegionCommand.run(region, shell: shell, context: .live(), deliver: emit)
        case .status(let json):
            try emit(StatusCommand.run(json: json, context: .live()))
        case .list(let format):
            let output = try ListCommand.run(format: format, context: .live())
            // The names are exact for completion; a person reading them gets the escapes.
            OutputStream.standardOutput.write(isatty(STDOUT_FILENO) == 1 ? escapingLines(output) : output)
        }
    }
}

/// The switching commands print shell code; with stdout on a terminal they print nothing
/// and say how to evaluate it (UnevaluatedOutputError).
private func refuseTerminalOutput(shell: String?) throws {
    try UnevaluatedOutputError.check(
        arguments: Array(CommandLine.arguments.dropFirst()), shellFlag: shell, environment: ProcessEnvironment.current())
}

/// Each line of `text` with its control characters escaped, the line ends kept.
private func escapingLines(_ text: String) -> String {
    text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0).escapingControlCharacters }
        .joined(separator: "\n")
}

/// A subcommand whose whole job is one `Invocation`: it runs it, as the fast path does.
protocol InvokingCommand: ParsableCommand {
    func invocation() throws -> Invocation
}

extension InvokingCommand {
    func run() throws {
        try invocation().run()
    }
}

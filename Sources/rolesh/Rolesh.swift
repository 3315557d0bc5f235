import ArgumentParser
import FoundationEssentials
import RoleshCore

/// The `rolesh` command: parses arguments and hands each subcommand to RoleshCore.
@main
struct Rolesh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rolesh",
        abstract: "Switch this shell between AWS identities; nested switches restore exactly.",
        version: RoleshVersion.current,
        // Every subcommand sets its commandName: without it ArgumentParser derives the name
        // with String(describing:), whose protocol-conformance scans over this large static
        // binary cost ~9M instructions (~2 ms) at every start (Benchmarks/RESULTS.md).
        subcommands: [
            Init.self, Assume.self, Exit.self, Refresh.self, Status.self, Whoami.self,
            List.self, Exec.self, Export.self, Console.self, Clean.self,
        ]
    )

    /// The hot command lines skip ArgumentParser (FastPath); both paths fail here alike.
    /// Every failure ends the same way: nothing on stdout, one line on stderr, a non-zero
    /// status. Only --help and --version print through the parser's own path.
    static func main() {
        ProcessHardening.disableCoreDumps()
        do {
            if let invocation = FastPath.invocation(for: Array(CommandLine.arguments.dropFirst())) {
                try invocation.run()
            } else {
                var command = try parseAsRoot()
                try command.run()
            }
        } catch {
            let status = exitCode(for: error)
            guard status != .success else { exit(withError: error) }
            let message = (error as? LocalizedError)?.errorDescription
                ?? Self.message(for: error).split(separator: "\n").first.map { "\($0) (see `rolesh help`)" }
            if let message {
                // A message may quote a config value or an AWS answer: no raw control character.
                OutputStream.standardError.write("rolesh: \(message.escapingControlCharacters)\n")
            }
            terminate(status.rawValue)
        }
    }
}

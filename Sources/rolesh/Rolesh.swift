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
        subcommands: [
            Init.self, Assume.self, Exit.self, Refresh.self, Status.self, Whoami.self,
            List.self, Exec.self, Export.self, Console.self, Clean.self,
        ]
    )

    /// Every failure ends the same way: nothing on stdout, one line on stderr, status 1.
    static func main() {
        ProcessHardening.disableCoreDumps()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as LocalizedError where !(error is any ParsableArguments) {
            let message = error.errorDescription ?? "\(error)"
            OutputStream.standardError.write("rolesh: \(message)\n")
            terminate(1)
        } catch {
            exit(withError: error)
        }
    }
}

/// Raised by commands whose issue has not landed yet: honest, and non-zero.
struct NotBuiltYet: LocalizedError {
    var command: String
    var errorDescription: String? { "`rolesh \(command)` is not built yet" }
}

import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Refresh: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "refresh",
            abstract: "Renew the active role's credentials in place.",
            discussion: "With --auto (the prompt hook's), exits with status 3 instead of asking for an MFA code.")

        @Flag(help: "Never ask; exit 3 when an MFA code would be needed.")
        var auto = false

        @OptionGroup var shell: ShellOption

        func run() throws {
            do {
                try emit(RefreshCommand.run(auto: auto, shell: shell.shell, context: .live()))
            } catch let error as AssumeError {
                guard case .needsMFA = error else { throw error }
                OutputStream.standardError.write("rolesh: \(error.errorDescription ?? "")\n")
                throw ExitCode(3)
            }
        }
    }
}

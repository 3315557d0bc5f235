import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Clean: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "clean",
            abstract: "Remove sessions of closed shells and expired cache entries.")

        @Option(help: ArgumentHelp("Remove this one session (the shell integration's exit hook).", visibility: .hidden))
        var session: String?

        func run() throws {
            try emit(CleanCommand.run(session: session, context: .live()))
        }
    }
}

import ArgumentParser

extension Rolesh {
    struct Console: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "console", abstract: "Open the AWS console signed in as a role.")

        func run() throws {
            throw NotBuiltYet(command: "console")
        }
    }
}

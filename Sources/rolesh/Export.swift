import ArgumentParser

extension Rolesh {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a role's credentials for other tools.")

        func run() throws {
            throw NotBuiltYet(command: "export")
        }
    }
}

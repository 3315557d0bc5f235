import ArgumentParser

extension Rolesh {
    struct Exec: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run one command with a role's credentials.")

        func run() throws {
            throw NotBuiltYet(command: "exec")
        }
    }
}

import ArgumentParser

extension Rolesh {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the active role, its time left and the stack depth.")

        func run() throws {
            throw NotBuiltYet(command: "status")
        }
    }
}

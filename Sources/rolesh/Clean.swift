import ArgumentParser

extension Rolesh {
    struct Clean: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove sessions of closed shells and expired cache entries.")

        func run() throws {
            throw NotBuiltYet(command: "clean")
        }
    }
}

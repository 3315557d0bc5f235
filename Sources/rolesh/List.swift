import ArgumentParser

extension Rolesh {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the profiles that can be assumed.")

        func run() throws {
            throw NotBuiltYet(command: "list")
        }
    }
}

import ArgumentParser

extension Rolesh {
    struct Whoami: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Ask STS who the current credentials belong to.")

        func run() throws {
            throw NotBuiltYet(command: "whoami")
        }
    }
}

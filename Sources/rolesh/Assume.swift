import ArgumentParser

extension Rolesh {
    struct Assume: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Switch this shell to a role (pushes a frame).")

        func run() throws {
            throw NotBuiltYet(command: "assume")
        }
    }
}

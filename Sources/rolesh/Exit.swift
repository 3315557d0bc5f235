import ArgumentParser

extension Rolesh {
    struct Exit: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Return to the identity before the last assume (pops a frame).")

        func run() throws {
            throw NotBuiltYet(command: "exit")
        }
    }
}

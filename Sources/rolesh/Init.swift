import ArgumentParser

extension Rolesh {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the shell integration for bash, zsh or fish.")

        func run() throws {
            throw NotBuiltYet(command: "init")
        }
    }
}

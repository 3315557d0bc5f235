import ArgumentParser

extension Rolesh {
    struct Refresh: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Renew the active role's credentials in place.")

        func run() throws {
            throw NotBuiltYet(command: "refresh")
        }
    }
}

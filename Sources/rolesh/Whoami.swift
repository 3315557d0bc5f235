import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Whoami: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "whoami",
            abstract: "Ask STS who the current credentials belong to.",
            discussion: "--json prints the aws CLI's shape: {\"Account\", \"Arn\", \"UserId\"}.")

        @Flag(help: "Print JSON instead of text.")
        var json = false

        func run() throws {
            try emit(WhoamiCommand.run(json: json, context: .live()))
        }
    }
}

import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Exec: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exec",
            abstract: "Run one command with a role's credentials; the shell is untouched.",
            usage: "rolesh exec PROFILE [flags] -- COMMAND [ARGUMENT...]")

        @Argument(help: "A profile name or a role ARN.", completion: .profileNames)
        var target: String

        @OptionGroup var flags: AssumeFlags

        @Argument(parsing: .postTerminator, help: "The command to run, after --.")
        var command: [String] = []

        func run() throws {
            try CredentialsCommands.exec(
                profile: target, command: command, options: flags.options(target: target), context: .live())
        }
    }
}

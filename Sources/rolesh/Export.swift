import ArgumentParser
import RoleshCore

extension ExportCommand.Format: ExpressibleByArgument {}

extension Rolesh {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Print a role's credentials for other tools.",
            discussion: """
                env: shell statements (in the detected or --shell dialect). dotenv: NAME=value \
                lines for docker --env-file and .env readers; a value with a character that \
                not all of them read alike (space, quotes, backquote, #, $, backslash, control \
                or non-ASCII characters) is refused. credential-process: \
                the AWS SDKs' credential_process JSON, Version 1. json: AccessKeyId, \
                SecretAccessKey, SessionToken, Expiration, RoleArn and Region.
                """)

        @Argument(help: "A profile name or a role ARN.", completion: .profileNames)
        var target: String

        @Option(help: "env, dotenv, json or credential-process.")
        var format: ExportCommand.Format = .env

        @OptionGroup var flags: AssumeFlags
        @OptionGroup var shell: ShellOption

        func run() throws {
            try emit(ExportCommand.run(try flags.options(target: target), format: format, shell: shell.shell, context: .live()))
        }
    }
}

import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Console: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "console",
            abstract: "Open the AWS console signed in as a role.",
            discussion: """
                Without PROFILE, the credentials in the environment (the active role's). The \
                browser gets a private (0600) redirect file, removed a minute later, never the \
                URL itself: the URL holds a sign-in token that other users could read in a \
                process's arguments. --print writes the URL to stdout instead.
                """)

        @Argument(help: "A profile name or a role ARN (default: the active role).", completion: .profileNames)
        var profile: String?

        @Flag(help: "Print the sign-in URL instead of opening a browser.")
        var print = false

        @Option(help: "The console page to land on (default: the console home of the region).")
        var destination: String?

        @Option(help: "Console session length, 15m to 12h (not for role-chained credentials).")
        var duration: String?

        @Option(name: .customLong("token-code"), help: "The MFA code, when the role needs one (else asked on the terminal).")
        var tokenCode: String?

        func run() throws {
            let options = ConsoleCommand.Options(profile: profile, destination: destination, duration: duration,
                                                 tokenCode: tokenCode, print: print)
            try emit(ConsoleCommand.run(options, context: .live()))
        }
    }
}

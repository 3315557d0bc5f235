import ArgumentParser
import RoleshCore

extension Rolesh {
    /// `rolesh sso …`: IAM Identity Center. Off the fast path: every subcommand talks to AWS
    /// or rewrites shared files, where the parser's cost does not matter.
    struct SSO: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sso",
            abstract: "Sign in to and out of IAM Identity Center (AWS SSO); list and write its roles.",
            discussion: """
                rolesh shares the aws CLI's token cache (~/.aws/sso/cache): a sign-in by either \
                tool serves both, and tokens of [sso-session] profiles are refreshed by either.
                """,
            subcommands: [Login.self, Logout.self, Roles.self, Populate.self])
    }
}

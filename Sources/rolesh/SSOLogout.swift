import ArgumentParser
import RoleshCore

extension Rolesh.SSO {
    struct Logout: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "logout",
            abstract: "Sign out of IAM Identity Center and remove the cached tokens.",
            discussion: """
                As aws sso logout: every token in ~/.aws/sso/cache is signed out at the portal \
                and removed, with the aws CLI's cached SSO role credentials. Client \
                registrations and other cached credentials stay.
                """)

        func run() throws {
            try SSOLogoutCommand.run(context: .live())
        }
    }
}

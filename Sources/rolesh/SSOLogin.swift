import ArgumentParser
import RoleshCore

extension Rolesh.SSO {
    struct Login: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "login",
            abstract: "Sign in to IAM Identity Center for a profile or an [sso-session].",
            discussion: """
                An [sso-session] signs in in the browser (authorization code with PKCE; the \
                browser comes back to 127.0.0.1 only). A legacy profile (sso_start_url in the \
                profile), --use-device-code, or a machine with no browser to open (SSH, no \
                display) uses a device code instead: open the URL shown on any device and \
                enter the code. The token goes to ~/.aws/sso/cache, where the aws CLI reads it. \
                Messages go to stderr; stdout stays empty.
                """)

        @Argument(help: "The profile to sign in for (default: AWS_PROFILE, else default).", completion: .profileNames)
        var profile: String?

        @Option(name: .customLong("sso-session"), help: "Sign in for this [sso-session] section, without a profile.",
                completion: .ssoSessionNames)
        var ssoSession: String?

        @Flag(name: .customLong("use-device-code"), help: "Sign in with a device code, on this or another device.")
        var useDeviceCode = false

        @Flag(name: .customLong("no-browser"), help: "Print the sign-in URL; do not open a browser.")
        var noBrowser = false

        @Flag(name: .customLong("if-needed"), help: "Sign in only when no valid token is cached and none can be refreshed.")
        var ifNeeded = false

        func validate() throws {
            if profile != nil && ssoSession != nil {
                throw ValidationError("give a PROFILE or --sso-session NAME, not both")
            }
        }

        func run() throws {
            try SSOLoginCommand.run(
                SSOLoginCommand.Options(profile: profile, ssoSession: ssoSession, useDeviceCode: useDeviceCode,
                                        openBrowser: !noBrowser, ifNeeded: ifNeeded),
                context: .live())
        }
    }
}

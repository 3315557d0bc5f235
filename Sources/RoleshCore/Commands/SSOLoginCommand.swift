import FoundationEssentials

/// `rolesh sso login [PROFILE | --sso-session NAME] [--use-device-code] [--no-browser]
/// [--if-needed]`: signs in to IAM Identity Center and writes the token where the aws CLI
/// keeps it. Nothing goes to stdout; the URL, the device code and the outcome go to stderr.
package enum SSOLoginCommand {
    package struct Options: Equatable, Sendable {
        var profile: String?
        var ssoSession: String?
        var useDeviceCode: Bool
        var openBrowser: Bool
        /// Sign in only when no valid token can be had from the cache or by a refresh: the
        /// path every command takes to a token, under the same lock.
        var ifNeeded: Bool

        package init(profile: String? = nil, ssoSession: String? = nil, useDeviceCode: Bool = false, openBrowser: Bool = true,
                     ifNeeded: Bool = false) {
            self.profile = profile
            self.ssoSession = ssoSession
            self.useDeviceCode = useDeviceCode
            self.openBrowser = openBrowser
            self.ifNeeded = ifNeeded
        }
    }

    package static func run(_ options: Options, context: RoleshContext) throws {
        let config = try CommandState(context).config()
        let (session, profile) = try target(options, config: config, environment: context.environment)
        let provider = SSOTokenProvider(
            context: context, config: config, selectedProfile: try profile.flatMap { try config.profile(named: $0) },
            signInOptions: SSOSignInOptions(useDeviceCode: options.useDeviceCode, openBrowser: options.openBrowser),
            signInNeedsTerminal: false)
        let token = options.ifNeeded ? try provider.token(for: session, interaction: .interactive) : try provider.signInAgain(session)
        context.standardError("rolesh: signed in to IAM Identity Center (\(session.displayName)) until \(isoTimestamp(token.expiresAt))\n")
    }

    /// The token to sign in for: `--sso-session NAME`'s, else the profile's (PROFILE, else
    /// the one the environment selects, as the aws CLI picks it), and that profile's name.
    static func target(_ options: Options, config: AWSConfig, environment: [String: String])
        throws -> (session: SSOSessionSettings, profile: String?) {
        if let name = options.ssoSession { return (try config.ssoSessionSettings(named: name), nil) }
        let profile = options.profile ?? ProfileResolver.selectedProfileName(environment: environment)
        guard let session = try config.ssoSessionSettings(forProfile: profile) else {
            throw SSOLoginError.notSSOProfile(profile: profile, sessions: config.ssoSessionNames)
        }
        return (session, profile)
    }
}

/// What `rolesh sso login` refuses before it signs in.
enum SSOLoginError: Error, Equatable, LocalizedError {
    case notSSOProfile(profile: String, sessions: [String])

    var errorDescription: String? {
        switch self {
        case .notSSOProfile(let profile, let sessions):
            "profile \"\(profile.escapingControlCharacters)\" has no IAM Identity Center settings (sso_session, or sso_start_url and sso_region); "
                + (sessions.isEmpty ? "add them, or sign in with --sso-session NAME"
                    : "name an SSO profile, or sign in with --sso-session \(sessions.map(\.escapingControlCharacters).joined(separator: " | "))")
        }
    }
}

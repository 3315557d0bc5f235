// Which [sso-session] a command works for, and every assignment its sign-in reaches, signing
// in when needed: what `sso roles` lists and `sso populate` writes.

import FoundationEssentials

extension SSORoleListing {
    /// Every account and role the sign-in to the [sso-session] `requested` names (else the
    /// only one) can use, and that session's name (a legacy one's start URL). The token comes
    /// from the shared cache, refreshed or signed in for as any user-typed command may.
    static func assignments(session requested: String?, state: CommandState,
                            progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil)
        throws -> (session: String, assignments: [SSORoleAssignment]) {
        let context = state.context
        let config = try state.config()
        let session = try SSOSessionChoice.settings(requested, config: config)
        let selected = try state.selectedProfile()
        let provider = SSOTokenProvider(context: context, config: config, selectedProfile: selected, stateRoot: state.stateRoot)
        let token = try provider.token(for: session, interaction: .interactive)
        let endpoints = try SSOEndpoints(environment: context.environment, config: config, selectedProfile: selected,
                                         region: session.region)
        let portal = SSOPortal(transport: context.transport, endpoint: endpoints.portal,
                               timeouts: try HTTPTimeouts(environment: context.environment))
        let name = session.name ?? session.startURL
        return (name, try SSORoleListing.assignments(portal: portal, token: token.accessToken, session: session.displayName,
                                                     progress: progress))
    }
}

/// Which [sso-session] `sso roles` and `sso populate` work for.
enum SSOSessionChoice {
    /// `requested`'s settings; without a name, the only [sso-session] of the config file.
    static func settings(_ requested: String?, config: AWSConfig) throws -> SSOSessionSettings {
        if let requested { return try config.ssoSessionSettings(named: requested) }
        let names = config.ssoSessionNames
        guard names.count == 1 else { throw SSOSessionChoiceError(file: config.configFile, sessions: names) }
        return try config.ssoSessionSettings(named: names[0])
    }
}

/// No [sso-session] to choose, or more than one and none named.
struct SSOSessionChoiceError: Error, Equatable, LocalizedError {
    var file: String
    var sessions: [String]

    var errorDescription: String? {
        if sessions.isEmpty {
            return "\(file.escapingControlCharacters) has no [sso-session NAME] section; add one with sso_start_url and sso_region "
                + "(the aws CLI's `aws configure sso-session` writes it), then run this again"
        }
        return "\(file.escapingControlCharacters) has \(sessions.count) [sso-session] sections; choose one with --sso-session "
            + sessions.map(\.escapingControlCharacters).joined(separator: " | ")
    }
}

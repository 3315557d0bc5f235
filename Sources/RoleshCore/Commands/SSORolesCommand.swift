// `rolesh sso roles`: every account and role a sign-in can reach (SSORoleListing), as a
// table or JSON; and which [sso-session] it and `sso populate` work for.

import FoundationEssentials

/// `rolesh sso roles`: the assignments as a table or as JSON.
package enum SSORolesCommand {
    /// Every account and role the sign-in of `--sso-session NAME` (or of the only
    /// [sso-session] there is) can use, and that session's name. The token comes from the
    /// shared cache, refreshed or signed in for as any user-typed command may.
    /// `progress` hears the accounts done and the total.
    package static func assignments(session requested: String?, context: RoleshContext,
                                    progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil)
        throws -> (session: String, assignments: [SSORoleAssignment]) {
        let state = CommandState(context)
        let config = try state.config()
        let session = try SSOSessionChoice.settings(requested, config: config)
        let selected = try state.selectedProfile()
        let provider = SSOTokenProvider(context: context, config: config, selectedProfile: selected)
        let token = try provider.token(for: session, interaction: .interactive)
        let endpoints = try SSOEndpoints(environment: context.environment, config: config, selectedProfile: selected,
                                         region: session.region)
        let portal = SSOPortal(transport: context.transport, endpoint: endpoints.portal,
                               timeouts: try HTTPTimeouts(environment: context.environment))
        let name = session.name ?? session.startURL
        return (name, try SSORoleListing.assignments(portal: portal, token: token.accessToken, session: session.displayName,
                                                     progress: progress))
    }

    /// The profile the environment selects, when the files define it: its endpoint
    /// settings apply to the portal, as they do for the aws CLI's nested clients.
    package static func render(_ assignments: [SSORoleAssignment], json: Bool) -> String {
        if json {
            return jsonArrayOfObjects(assignments.map { assignment in
                [("account_id", assignment.accountID), ("account_name", assignment.accountName),
                 ("email", assignment.email), ("role_name", assignment.roleName)]
            })
        }
        let rows = [["ACCOUNT ID", "ACCOUNT NAME", "ROLE"]] + assignments.map { assignment in
            [assignment.accountID, assignment.accountName, assignment.roleName].map(\.escapingControlCharacters)
        }
        return textTable(rows)
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

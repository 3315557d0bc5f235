import FoundationEssentials

/// `rolesh region REGION`: the active role's credentials in another region, pushed as a frame
/// of its own (no STS call), so that `exit` puts the previous region back. Assuming the active
/// role with another `--region` is the same.
package enum RegionCommand {
    package static func run(_ region: String, shell: String?, context: RoleshContext,
                            deliver: (String) throws -> Void) throws {
        let state = CommandState(context, shell: shell)
        let dialect = try state.dialect()
        try STSLimits.validateRegion(region)
        guard let frameID = context.environment[ManagedVariable.frame] else { throw RegionError.noActiveRole }
        try push(region, over: try state.stack(), session: try state.activeSession(frame: frameID), store: state.store,
                 dialect: dialect, context: context, deliver: deliver)
    }

    /// Pushes the active role of `below` (top first) in `region`, with the credentials the
    /// shell holds now; says so when the shell is there already, and pushes nothing.
    static func push(_ region: String, over below: [Frame], session: SessionIdentity, store: SessionStore,
                     dialect: any ShellDialect, context: RoleshContext, deliver: (String) throws -> Void) throws {
        let environment = context.environment
        guard let active = below.first else { throw RegionError.noActiveRole }
        guard environment[ManagedVariable.region] != region || environment[ManagedVariable.defaultRegion] != region else {
            context.standardError("rolesh: \(active.role) is in \(region) already; nothing was pushed\n")
            return
        }
        let credentials = try EnvironmentKeys(environment, why: "rolesh region keeps the active role's credentials").keys()
        let expiration = environment[ManagedVariable.credentialExpiration].flatMap(parseTimestamp)
            ?? environment[ManagedVariable.expires].flatMap { Double($0) }.map { Date(timeIntervalSince1970: $0) }
        let identity = ActiveIdentity(
            role: active.role, roleARN: environment[ManagedVariable.roleARN] ?? active.roleARN,
            credentials: Credentials(accessKeyID: credentials.accessKeyID, secretAccessKey: credentials.secretAccessKey,
                                     sessionToken: credentials.sessionToken, expiration: expiration),
            region: region)
        try AssumeCommand.push(identity, spec: active.spec.in(region: region), parent: active.id, depth: below.count + 1,
                               saved: ManagedVariable.snapshot(of: environment), session: session, store: store,
                               dialect: dialect, context: context, deliver: deliver)
        if let token = credentials.sessionToken, Regions.isOptIn(region), Regions.isVersion1Token(token) {
            context.standardError("rolesh: warning: \(region) is an opt-in region, and \(active.role)'s session token is a "
                + "version-1 token from the global STS endpoint, which opt-in regions refuse unless the account issues "
                + "version-2 tokens everywhere; run `rolesh refresh` for credentials from \(region)'s own endpoint\n")
        }
        AssumeCommand.confirm(identity, over: environment, context: context)
    }
}

/// Failures of `rolesh region` itself.
enum RegionError: LocalizedError, Equatable {
    case noActiveRole

    var errorDescription: String? {
        switch self {
        case .noActiveRole:
            return "no role is active: rolesh region moves the active role to another region; "
                + "assume one first (rolesh assume PROFILE --region REGION does both)"
        }
    }
}

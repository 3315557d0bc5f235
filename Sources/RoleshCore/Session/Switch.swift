// What the switching commands do to a shell, each in one place: push a frame of an identity
// (assume, and `region`, which pushes the active role in another region), and renew the
// active role's credentials in place (refresh, and assume of the active role).

import FoundationEssentials

enum Switch {
    /// Writes the frame of a push and hands its shell code to `deliver`. The code is rendered
    /// before the frame is written (a value no shell can hold fails the command with the store
    /// untouched), and the frame is removed again when delivering fails: nothing points at it,
    /// and a failed command leaves the store as it was.
    static func push(_ identity: ActiveIdentity, spec: AssumeSpec, parent: String?, depth: Int, saved: [String: String?],
                     session: SessionIdentity, store: SessionStore, dialect: any ShellDialect, context: RoleshContext,
                     deliver: (String) throws -> Void) throws {
        let frame = Frame(
            id: SecureRandom.identifier(bits: 128), parent: parent, session: session.id,
            role: identity.role, roleARN: identity.roleARN,
            expires: Int(identity.credentials.expiration?.timeIntervalSince1970 ?? 0),
            created: Int(context.now().timeIntervalSince1970), spec: spec, saved: saved)
        let output = try ShellExport(Transition.push(identity, frameID: frame.id, depth: depth, session: session))
            .render(in: dialect)
        try store.write(frame, session: session, owner: context.system.parentShell())
        do {
            try deliver(output)
        } catch {
            try? store.discard(frame.id, session: session.id)
            throw error
        }
    }

    /// Pushes the active role of `below` (top first) in `region`, with the credentials the
    /// shell holds now; says so when the shell is there already, and pushes nothing.
    static func pushRegion(_ region: String, over below: [Frame], session: SessionIdentity, store: SessionStore,
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
        try push(identity, spec: active.spec.in(region: region), parent: active.id, depth: below.count + 1,
                 saved: ManagedVariable.snapshot(of: environment), session: session, store: store,
                 dialect: dialect, context: context, deliver: deliver)
        if let token = credentials.sessionToken, Regions.isOptIn(region), Regions.isVersion1Token(token) {
            context.standardError("rolesh: warning: \(region) is an opt-in region, and \(active.role)'s session token is a "
                + "version-1 token from the global STS endpoint, which opt-in regions refuse unless the account issues "
                + "version-2 tokens everywhere; run `rolesh refresh` for credentials from \(region)'s own endpoint\n")
        }
        SwitchLines.confirm(identity, over: environment, context: context)
    }

    /// New credentials for the active role, at the same stack position, as shell code:
    /// `refresh`, and `assume` of the active role. `useCache` takes a good cache entry (the
    /// prompt hook's: another shell may have renewed already); a person asking gets STS's.
    static func renewActive(shell: String?, interaction: Interaction, useCache: Bool = false, tokenCode: String? = nil,
                            context: RoleshContext) throws -> String {
        let environment = context.environment
        let state = CommandState(context, shell: shell)
        let dialect = try state.dialect()
        guard environment[ManagedVariable.frame] != nil else { throw SessionError.noActiveRole }
        let stack = try state.stack()
        // A chained role is renewed from the credentials the shell had when it was pushed.
        let assumer = RoleAssumer(
            context: context, config: try state.config(), baseEnvironment: try state.environmentBelowStack(),
            chainEnvironment: Transition.environment(environment, below: [stack[0]]), interaction: interaction)
        let identity = try assumer.assume(stack[0].spec, tokenCode: tokenCode, useCache: useCache,
                                          outliving: environment[ManagedVariable.expires].flatMap { Int($0) })
        return try ShellExport(Transition.refresh(identity)).render(in: dialect)
    }
}

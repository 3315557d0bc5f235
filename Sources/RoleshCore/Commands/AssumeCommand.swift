import FoundationEssentials

/// `rolesh assume PROFILE|ROLE_ARN`: obtains the role's credentials, seals the shell's
/// current identity into a new frame, and prints the statements that switch the shell.
package enum AssumeCommand {
    /// The shell code of the switch, for callers that print it themselves.
    static func run(_ options: AssumeOptions, shell: String?, context: RoleshContext) throws -> String {
        var output = ""
        try run(options, shell: shell, context: context) { output = $0 }
        return output
    }

    /// Switches and hands the shell code to `deliver` (the executable writes it to stdout).
    /// When delivering fails, the frame just written is removed again: nothing points at it,
    /// and a failed command leaves the store as it was.
    package static func run(_ options: AssumeOptions, shell: String?, context: RoleshContext,
                            deliver: (String) throws -> Void) throws {
        let environment = context.environment
        let state = CommandState(context, shell: shell)
        let dialect = try state.dialect()
        let config = try state.config()
        var spec = options.spec
        if !spec.namesTarget { spec.profile = try pickTarget(config: config, context: context) }
        let store = state.store
        let session = try state.session() ?? SessionIdentity.create()
        // Read the frames the shell stands on first: a damaged stack is reported before
        // anything is pushed on top of it, and its bottom holds the shell's own identity.
        let parent = environment[ManagedVariable.frame]
        let below = try parent.map { try store.stack(from: $0, session: session) } ?? []
        if let active = below.first, active.spec == spec {
            return try stay(on: active, renewing: options.skipCache, tokenCode: options.tokenCode, shell: shell,
                            context: context, deliver: deliver)
        }
        // The region is no part of the identity: the active role in another region is the
        // same credentials, pushed as `rolesh region` pushes them.
        if let active = below.first, let region = spec.region, !options.skipCache, !options.replace,
           active.spec.in(region: region) == spec {
            return try RegionCommand.push(region, over: below, session: session, store: store, dialect: dialect,
                                          context: context, deliver: deliver)
        }
        // --replace stands where the active frame's push started: its saved variables are the
        // environment the new role is reached from (the credentials --chain or a bare ARN
        // assume from, sealed again in the new frame for its refresh) and what `exit` restores.
        let replaced = options.replace ? below.first : nil
        var standing = context
        if let replaced { standing.environment = Transition.environment(environment, below: [replaced]) }
        let remaining = replaced == nil ? below : Array(below.dropFirst())
        let assumer = RoleAssumer(
            context: standing, config: config,
            baseEnvironment: Transition.environment(standing.environment, below: remaining),
            chainEnvironment: standing.environment)
        let identity: ActiveIdentity
        do {
            identity = try assumer.assume(spec, tokenCode: options.tokenCode, useCache: !options.skipCache)
        } catch AssumeError.noEnvironmentCredentials where replaced != nil {
            // The credentials now in the environment are the replaced role's: gone after the
            // switch, so no refresh could use them.
            throw AssumeError.nothingBelowToChainFrom(role: replaced?.role ?? "")
        }

        try push(identity, spec: spec, parent: replaced.map(\.parent) ?? parent, depth: remaining.count + 1,
                 saved: replaced?.saved ?? ManagedVariable.snapshot(of: environment), session: session, store: store,
                 dialect: dialect, context: context, deliver: deliver)
        if spec.profile != nil { PickHistory(environment: environment).record(identity.role, at: context.now()) }
        confirm(identity, over: standing.environment, context: context)
    }

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

    /// Assuming the active role again pushes nothing: while its credentials last it only
    /// says so, and once they are within ROLESH_REFRESH_BEFORE (default 300 s) of expiring,
    /// or when `renewing` (`--refresh` asked for new ones), it renews them in place, as
    /// `rolesh refresh` does.
    static func stay(on active: Frame, renewing: Bool, tokenCode: String?, shell: String?, context: RoleshContext,
                     deliver: (String) throws -> Void) throws {
        let environment = context.environment
        let now = Int(context.now().timeIntervalSince1970)
        let expires = environment[ManagedVariable.expires].flatMap { Int($0) } ?? active.expires
        let renewBefore = environment["ROLESH_REFRESH_BEFORE"].flatMap { Int($0) } ?? 300
        guard renewing || (expires > 0 && expires - now <= renewBefore) else {
            let left = expires > 0 ? " (\(StatusCommand.durationText(expires - now)) left)" : ""
            context.standardError("rolesh: \(active.role) is already active\(left); nothing was pushed. "
                                  + "For new credentials run `rolesh refresh`\n")
            return
        }
        try deliver(RefreshCommand.run(auto: false, tokenCode: tokenCode, shell: shell, context: context))
        guard !isQuiet(environment) else { return }
        context.standardError("rolesh: \(active.role) is already active: "
                              + (renewing ? "its credentials are renewed in place\n" : "its credentials were about to expire and are renewed in place\n"))
    }

    /// `rolesh: prod (222222222222, us-west-2) for 1h00m` on stderr, where the shell now
    /// stands; `ROLESH_QUIET=1` silences it. The account is the role ARN's; an identity with
    /// no ARN (a session token of static keys, a credential process) says "no role ARN".
    /// Without a region of its own the identity keeps the shell's, or "no region".
    static func confirm(_ identity: ActiveIdentity, over environment: [String: String], context: RoleshContext) {
        guard !isQuiet(context.environment) else { return }
        context.standardError(confirmation(identity, over: environment, now: context.now()))
    }

    static func confirmation(_ identity: ActiveIdentity, over environment: [String: String], now: Date) -> String {
        let account = accountID(of: identity.roleARN) ?? "no role ARN"
        let region = identity.region ?? environment[ManagedVariable.region] ?? environment[ManagedVariable.defaultRegion]
        let time = identity.credentials.expiration.map {
            "for " + StatusCommand.durationText(max(0, Int($0.timeIntervalSince(now))))
        } ?? "with no expiry"
        return "rolesh: \(identity.role) (\(account), \(region ?? "no region")) \(time)\n"
    }

    /// `ROLESH_QUIET` set to anything but empty or `0`.
    static func isQuiet(_ environment: [String: String]) -> Bool {
        environment["ROLESH_QUIET"].map { !$0.isEmpty && $0 != "0" } ?? false
    }

    /// The account field of an ARN (`arn:aws:iam::222222222222:role/prod`), when it has one.
    static func accountID(of arn: String) -> String? {
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard fields.count == 6, fields[0] == "arn", !fields[4].isEmpty else { return nil }
        return String(fields[4])
    }

    /// The profile the user picks among those `rolesh list` shows, the active one marked
    /// and the most used first; without a terminal (or any profile) the error that asks for
    /// one on the command line.
    static func pickTarget(config: AWSConfig, context: RoleshContext) throws -> String {
        let profiles = try config.assumableProfiles()
        guard !profiles.isEmpty else { throw AssumeError.noTarget }
        let frecencies = PickHistory(environment: context.environment).frecencies(now: context.now())
        let active = context.environment[ManagedVariable.role]
        let entries = profiles.map { profile in
            PickerEntry(name: profile.name, identity: ListCommand.identity(of: profile, config: config), region: profile.region,
                        isActive: profile.name == active, frecency: frecencies[profile.name] ?? 0)
        }
        do {
            return try context.terminal.pick(from: entries)
        } catch TerminalError.unavailable {
            throw AssumeError.noTarget
        }
    }
}

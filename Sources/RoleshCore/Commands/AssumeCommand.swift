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
            return try Switch.pushRegion(region, over: below, session: session, store: store, dialect: dialect,
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

        try Switch.push(identity, spec: spec, parent: replaced.map(\.parent) ?? parent, depth: remaining.count + 1,
                        saved: replaced?.saved ?? ManagedVariable.snapshot(of: environment), session: session,
                        store: store, dialect: dialect, context: context, deliver: deliver)
        if spec.profile != nil { PickHistory(environment: environment).record(identity.role, at: context.now()) }
        SwitchLines.confirm(identity, over: standing.environment, context: context)
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
            let left = expires > 0 ? " (\(durationText(expires - now)) left)" : ""
            context.standardError("rolesh: \(active.role) is already active\(left); nothing was pushed. "
                                  + "For new credentials run `rolesh refresh`\n")
            return
        }
        try deliver(Switch.renewActive(shell: shell, interaction: .interactive, tokenCode: tokenCode, context: context))
        guard !context.isQuiet else { return }
        context.standardError("rolesh: \(active.role) is already active: "
                              + (renewing ? "its credentials are renewed in place\n" : "its credentials were about to expire and are renewed in place\n"))
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
            PickerEntry(name: profile.name, identity: config.startingPoint(of: profile), region: profile.region,
                        isActive: profile.name == active, frecency: frecencies[profile.name] ?? 0)
        }
        do {
            return try context.terminal.pick(from: entries)
        } catch TerminalError.unavailable {
            throw AssumeError.noTarget
        }
    }
}

import FoundationEssentials

/// `rolesh assume PROFILE|ROLE_ARN`: obtains the role's credentials, seals the shell's
/// current identity into a new frame, and prints the statements that switch the shell.
public enum AssumeCommand {
    /// The shell code of the switch, for callers that print it themselves.
    public static func run(_ options: AssumeOptions, shell: String?, context: RoleshContext) throws -> String {
        var output = ""
        try run(options, shell: shell, context: context) { output = $0 }
        return output
    }

    /// Switches and hands the shell code to `deliver` (the executable writes it to stdout).
    /// When delivering fails, the frame just written is removed again: nothing points at it,
    /// and a failed command leaves the store as it was.
    public static func run(_ options: AssumeOptions, shell: String?, context: RoleshContext,
                           deliver: (String) throws -> Void) throws {
        let environment = context.environment
        let dialect = try ShellDetection.detect(
            flag: shell, environment: environment, parentProcessName: ShellDetection.parentProcessName())
        let config = try AWSConfig.load(environment: environment)
        let target = try options.target ?? pickTarget(config: config, terminal: context.terminal)
        let spec = try options.spec(target: target)
        let store = SessionStore(root: StateRoot.locate(environment: environment))
        let session = try SessionIdentity.current(in: environment) ?? SessionIdentity.create()
        // Read the frames the shell stands on first: a damaged stack is reported before
        // anything is pushed on top of it, and its bottom holds the shell's own identity.
        let parent = environment[ManagedVariable.frame]
        let below = try parent.map { try store.stack(from: $0, session: session) } ?? []
        let assumer = RoleAssumer(
            context: context, config: config,
            baseEnvironment: baseEnvironment(environment, below: below), chainEnvironment: environment)
        let identity = try assumer.assume(spec, tokenCode: options.tokenCode, useCache: !options.skipCache)

        let frame = Frame(
            id: SecureRandom.identifier(bits: 128), parent: parent, session: session.id, role: identity.role,
            roleARN: identity.roleARN, expires: Int(identity.credentials.expiration?.timeIntervalSince1970 ?? 0),
            created: Int(context.now().timeIntervalSince1970), spec: spec,
            saved: ManagedVariable.snapshot(of: environment))
        // Rendered before the frame is written: a value no shell can hold fails the
        // command with the store untouched.
        let output = try ShellExport(Transition.push(identity, frameID: frame.id, depth: below.count + 1, session: session))
            .render(in: dialect)
        try store.write(frame, session: session, owner: SessionOwner.parentShell())
        do {
            try deliver(output)
        } catch {
            try? store.discard(frame.id, session: session.id)
            throw error
        }
    }

    /// The profile the user picks among those `rolesh list` shows; without a terminal
    /// (or any profile) the error that asks for one on the command line.
    static func pickTarget(config: AWSConfig, terminal: any Terminal) throws -> String {
        let entries = try ListCommand.assumableProfiles(in: config).map { profile in
            PickerEntry(name: profile.name, identity: ListCommand.identity(of: profile, config: config), region: profile.region)
        }
        guard !entries.isEmpty else { throw AssumeError.noTarget }
        do {
            return try terminal.pick(from: entries)
        } catch TerminalError.unavailable {
            throw AssumeError.noTarget
        }
    }

    /// The environment below every frame: the bottom frame's saved variables over the
    /// current environment, or the current environment when no role is active.
    static func baseEnvironment(_ environment: [String: String], below: [Frame]) -> [String: String] {
        guard let bottom = below.last else { return environment }
        var base = environment
        for (name, value) in Transition.pop(bottom) {
            base[name] = value
        }
        return base
    }
}

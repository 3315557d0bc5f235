// What a command derives from the world, each in one place and at most once per run, when
// first asked (as SwiftPM's SwiftCommandState does): the dialect its output is for, the state
// root, the store, the session and the frames the shell stands on, the environment below
// them, the config and the assumer. Commands ask it instead of deriving these themselves.

/// The derived world of one command.
final class CommandState {
    let context: RoleshContext
    /// `--shell`, when given.
    private let shellFlag: String?

    init(_ context: RoleshContext, shell: String? = nil) {
        self.context = context
        self.shellFlag = shell
    }

    var environment: [String: String] { context.environment }

    private var detected: (any ShellDialect)?
    /// The dialect the output is for: `--shell`, else the parent process, `$SHELL`, sh.
    func dialect() throws -> any ShellDialect {
        if let detected { return detected }
        let dialect = try ShellDetection.detect(flag: shellFlag, environment: environment,
                                                parentProcessName: context.system.parentProcessName())
        detected = dialect
        return dialect
    }

    /// The state root, located once (DESIGN §6).
    private(set) lazy var stateRoot: String = StateRoot.locate(environment: environment)

    private(set) lazy var store = SessionStore(root: stateRoot)

    /// The session the environment names; nil when the shell has none yet.
    func session() throws -> SessionIdentity? {
        try SessionIdentity.current(in: environment)
    }

    /// The session of a shell with a role: ROLESH_FRAME is set, so ROLESH_SESSION must be.
    func activeSession(frame: String) throws -> SessionIdentity {
        guard let session = try session() else { throw SessionError.damaged(frame: frame, reason: "ROLESH_SESSION is unset") }
        return session
    }

    private var frames: [Frame]?
    /// The frames the shell stands on, top first; empty when no role is active.
    func stack() throws -> [Frame] {
        if let frames { return frames }
        guard let frame = environment[ManagedVariable.frame] else { return [] }
        let stack = try store.stack(from: frame, session: try activeSession(frame: frame))
        frames = stack
        return stack
    }

    /// The shell's identity below its rolesh stack (what `credential_source = Environment` means).
    func environmentBelowStack() throws -> [String: String] {
        Transition.environment(environment, below: try stack())
    }

    private var loaded: AWSConfig?
    /// The aws CLI's files, read once.
    func config() throws -> AWSConfig {
        if let loaded { return loaded }
        let config = try AWSConfig.load(environment: environment)
        loaded = config
        return config
    }

    /// The assumer of a command that stands where the shell stands: `credential_source =
    /// Environment` takes the keys below the stack, a bare ARN or `--chain` the shell's own.
    func assumer(interaction: Interaction = .interactive) throws -> RoleAssumer {
        RoleAssumer(context: context, config: try config(), baseEnvironment: try environmentBelowStack(),
                    chainEnvironment: environment, interaction: interaction)
    }

    /// The identity `options` ask for, through the cache, from where the shell stands.
    func identity(_ options: AssumeOptions, interaction: Interaction = .interactive) throws -> ActiveIdentity {
        try assumer(interaction: interaction).assume(options.spec, tokenCode: options.tokenCode, useCache: !options.skipCache)
    }

    /// The profile the environment selects (AWS_DEFAULT_PROFILE, AWS_PROFILE, else
    /// `default`), when the files have it.
    func selectedProfile() throws -> Profile? {
        try config().profile(named: ProfileResolver.selectedProfileName(environment: environment))
    }
}

/// `rolesh exit [--all] [--reset]`: pops the frame the shell stands on and prints the
/// statements that restore what it saved.
public enum ExitCommand {
    public struct Options: Sendable {
        public var all = false
        public var reset = false
        public var shell: String?

        public init(all: Bool = false, reset: Bool = false, shell: String? = nil) {
            self.all = all
            self.reset = reset
            self.shell = shell
        }
    }

    /// The shell code to eval. Reads frames only; the store is never changed by a pop,
    /// since a child shell may still stand on the frames this shell leaves.
    public static func run(_ options: Options, context: RoleshContext) throws -> String {
        let environment = context.environment
        let dialect = try ShellDetection.detect(
            flag: options.shell, environment: environment, parentProcessName: ShellDetection.parentProcessName())
        let store = SessionStore(root: StateRoot.locate(environment: environment))
        if options.reset {
            return try ShellExport(reset(environment, store: store)).render(in: dialect)
        }
        guard let frameID = environment[ManagedVariable.frame] else { throw SessionError.nothingToExit }
        guard let session = try SessionIdentity.current(in: environment) else {
            throw SessionError.damaged(frame: frameID, reason: "ROLESH_SESSION is unset")
        }
        let frame = options.all
            ? try store.stack(from: frameID, session: session).last!
            : try store.read(frameID, session: session)
        return try ShellExport(Transition.pop(frame)).render(in: dialect)
    }

    /// `--reset`: what the bottom frame would restore, where it can still be read (the
    /// shell's own AWS_PROFILE and keys, its session), else every managed variable unset;
    /// the session's frames are forgotten unless another process still carries the session.
    static func reset(_ environment: [String: String], store: SessionStore) throws -> [String: String?] {
        let bottom = (try? SessionIdentity.current(in: environment)).flatMap { session in
            store.knownBottom(from: environment[ManagedVariable.frame], session: session)
        }
        if let session = environment[ManagedVariable.session], SessionOwner.processes(carrying: session).isEmpty {
            try store.remove(session: session)
        }
        return bottom.map(Transition.pop) ?? Transition.reset()
    }
}

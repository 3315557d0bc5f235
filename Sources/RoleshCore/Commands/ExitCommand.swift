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
            if let session = environment[ManagedVariable.session] {
                try store.remove(session: session)
            }
            return try ShellExport(Transition.reset()).render(in: dialect)
        }
        guard let frameID = environment[ManagedVariable.frame] else {
            // Back to the base when already there: nothing to undo, nothing to say.
            if options.all { return "" }
            throw SessionError.nothingToExit
        }
        guard let session = try SessionIdentity.current(in: environment) else {
            throw SessionError.damaged(frame: frameID, reason: "ROLESH_SESSION is unset")
        }
        let frame = options.all
            ? try store.stack(from: frameID, session: session).last!
            : try store.read(frameID, session: session)
        return try ShellExport(Transition.pop(frame)).render(in: dialect)
    }
}

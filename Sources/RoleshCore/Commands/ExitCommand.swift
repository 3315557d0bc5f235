import FoundationEssentials

/// `rolesh exit [--all] [--reset]`: pops the frame the shell stands on and prints the
/// statements that restore what it saved.
package enum ExitCommand {
    package struct Options: Sendable {
        var all = false
        var reset = false
        var shell: String?

        package init(all: Bool = false, reset: Bool = false, shell: String? = nil) {
            self.all = all
            self.reset = reset
            self.shell = shell
        }
    }

    /// The shell code to eval, for callers that print it themselves.
    static func run(_ options: Options, context: RoleshContext) throws -> String {
        try pop(options, context: context).output
    }

    /// Pops and hands the shell code to `deliver`; then says on stderr where the shell now
    /// stands (`rolesh: back to dev (123456789012, eu-west-1) for 58m`, or to what the shell
    /// had below the stack), unless ROLESH_QUIET is set or there was nothing to pop.
    package static func run(_ options: Options, context: RoleshContext, deliver: (String) throws -> Void) throws {
        let (output, frame) = try pop(options, context: context)
        try deliver(output)
        guard let frame, !options.reset, !context.isQuiet else { return }
        context.standardError(SwitchLines.back(to: frame.saved, now: context.now()))
    }

    /// The shell code and the frame it restores (nil for a reset or an exit with nothing to
    /// undo). Reads frames only; the store is never changed by a pop, since a child shell
    /// may still stand on the frames this shell leaves.
    static func pop(_ options: Options, context: RoleshContext) throws -> (output: String, frame: Frame?) {
        let environment = context.environment
        let state = CommandState(context, shell: options.shell)
        let dialect = try state.dialect()
        let store = state.store
        if options.reset {
            return (try ShellExport(reset(environment, store: store, system: context.system)).render(in: dialect), nil)
        }
        guard let frameID = environment[ManagedVariable.frame] else {
            // Back to the base when already there: nothing to undo, nothing to say.
            if options.all { return ("", nil) }
            throw SessionError.nothingToExit
        }
        let session = try state.activeSession(frame: frameID)
        let frame = options.all
            ? try store.stack(from: frameID, session: session).last!
            : try store.read(frameID, session: session)
        return (try ShellExport(Transition.pop(frame)).render(in: dialect), frame)
    }

    /// `--reset`: what the bottom frame would restore, where it can still be read (the
    /// shell's own AWS_PROFILE and keys, its session), else every managed variable unset;
    /// the session's frames are forgotten unless another process still carries the session.
    static func reset(_ environment: [String: String], store: SessionStore, system: SystemFacts) throws -> [String: String?] {
        let bottom = (try? SessionIdentity.current(in: environment)).flatMap { session in
            store.knownBottom(from: environment[ManagedVariable.frame], session: session)
        }
        if let session = environment[ManagedVariable.session], system.processesCarrying(session).isEmpty {
            try store.remove(session: session)
        }
        return bottom.map(Transition.pop) ?? Transition.reset()
    }
}

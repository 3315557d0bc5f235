/// `rolesh refresh [--auto]`: new credentials for the active role, at the same stack
/// position. `--auto` is the prompt hook's: it takes a good cache entry (another shell may
/// have renewed already) and fails with `AssumeError.needsMFA` rather than asking.
public enum RefreshCommand {
    public static func run(auto: Bool, shell: String?, context: RoleshContext) throws -> String {
        let environment = context.environment
        let dialect = try ShellDetection.detect(
            flag: shell, environment: environment, parentProcessName: ShellDetection.parentProcessName())
        guard let frameID = environment[ManagedVariable.frame] else { throw SessionError.noActiveRole }
        guard let session = try SessionIdentity.current(in: environment) else {
            throw SessionError.damaged(frame: frameID, reason: "ROLESH_SESSION is unset")
        }
        let stack = try SessionStore(root: StateRoot.locate(environment: environment)).stack(from: frameID, session: session)
        // A chained role is renewed from the credentials the shell had when it was pushed.
        let atPush = AssumeCommand.baseEnvironment(environment, below: [stack[0]])
        let assumer = RoleAssumer(
            context: context, config: try AWSConfig.load(environment: environment),
            baseEnvironment: AssumeCommand.baseEnvironment(environment, below: stack),
            chainEnvironment: atPush, interactive: !auto)
        let identity = try assumer.assume(
            stack[0].spec, useCache: auto, outliving: environment[ManagedVariable.expires].flatMap { Int($0) })
        return try ShellExport(Transition.refresh(identity)).render(in: dialect)
    }
}

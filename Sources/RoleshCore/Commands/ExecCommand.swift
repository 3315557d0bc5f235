import FoundationEssentials

/// `rolesh exec PROFILE -- CMD…` (and, in ExecServerCommand.swift, `exec --server`): one
/// command run with a role's credentials; the shell is untouched.
package enum ExecCommand {
    /// `rolesh exec PROFILE -- CMD…`: replaces rolesh with CMD, which runs with the role's
    /// variables set and rolesh's own session variables removed. Returns only on failure.
    package static func run(_ options: AssumeOptions, command: [String], context: RoleshContext) throws -> Never {
        let identity = try CommandState(context).identity(options)
        var environment = context.environment
        let changes = Transition.refresh(identity)
        for (name, value) in changes {
            environment[name] = value
        }
        // The child is not a shell on the stack: ProcessExec leaves out the session variables.
        try ProcessExec.replace(with: command, environment: environment)
    }
}

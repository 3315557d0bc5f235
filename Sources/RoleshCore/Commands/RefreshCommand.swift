import FoundationEssentials

/// `rolesh refresh [--auto]`: new credentials for the active role, at the same stack
/// position. `--auto` is the prompt hook's: it takes a good cache entry (another shell may
/// have renewed already), fails with `AssumeError.needsMFA` rather than asking, gives the
/// network `automaticBudget` at most (the prompt waits for it), and says in its one failure
/// line that it was the automatic refresh.
package enum RefreshCommand {
    /// The network time of an automatic refresh: the prompt must come back within 2 seconds
    /// whatever STS does, and starting the process and reading the stack take the rest.
    /// `ROLESH_CONNECT_TIMEOUT` and `ROLESH_TIMEOUT` still apply when they are shorter.
    static let automaticBudget = HTTPTimeouts(connect: 1, total: 1.5)

    /// The prompt hook's: nobody is asked, nothing signs in, the network is bounded.
    static let automatic = Interaction(mayAsk: false, maySignIn: false, networkBudget: automaticBudget)

    package static func run(auto: Bool, tokenCode: String? = nil, shell: String?, context: RoleshContext) throws -> String {
        guard auto else {
            return try Switch.renewActive(shell: shell, interaction: .interactive, tokenCode: tokenCode, context: context)
        }
        do {
            return try Switch.renewActive(shell: shell, interaction: automatic, useCache: true, context: context)
        } catch AssumeError.needsMFA(let role) {
            throw AssumeError.needsMFA(role: role)
        } catch {
            throw AutomaticRefreshError(role: context.environment[ManagedVariable.role], cause: error)
        }
    }
}

/// A failure of the prompt hook's refresh, said as one: the user did not type a command, so
/// the line names where it comes from and what to do.
struct AutomaticRefreshError: LocalizedError {
    var role: String?
    var cause: any Error

    var errorDescription: String? {
        let reason = (cause as? LocalizedError)?.errorDescription ?? String(describing: cause)
        let firstLine = reason.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? reason
        return "automatic refresh of \(role ?? "the active role") failed: \(firstLine) "
            + "(the prompt tries again in a minute; run `rolesh refresh` to try now)"
    }
}

// What obtaining credentials may do beyond network calls. The caller decides, not the
// source: an interactive `assume` may ask for an MFA code and start an IAM Identity Center
// sign-in; the prompt hook's refresh, a `credential_process` caller and a credentials
// endpoint serving a running program may not (nobody is there to answer, or the terminal
// belongs to someone else), and must come back quickly.

/// The interaction policy of one retrieval of credentials.
struct Interaction: Equatable, Sendable {
    /// Ask on the controlling terminal (an MFA code, whether to sign in).
    var mayAsk: Bool
    /// Start an IAM Identity Center sign-in: open a browser, or show a device code and wait.
    var maySignIn: Bool
    /// The network budget of the whole retrieval, when it must be bounded (the prompt waits
    /// for the automatic refresh); nil for the configured timeouts.
    var networkBudget: HTTPTimeouts?

    init(mayAsk: Bool, maySignIn: Bool, networkBudget: HTTPTimeouts? = nil) {
        self.mayAsk = mayAsk
        self.maySignIn = maySignIn
        self.networkBudget = networkBudget
    }

    /// A command the user typed, on a terminal or not: questions and sign-ins may happen
    /// (each still needs a terminal or a browser to happen in).
    static let interactive = Interaction(mayAsk: true, maySignIn: true)

    /// Nobody to answer: `export`'s credential_process callers, a credentials endpoint.
    /// What would need a person fails with a line saying which command to run.
    static let unattended = Interaction(mayAsk: false, maySignIn: false)
}

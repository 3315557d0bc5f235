// Every account and role a sign-in can use: ListAccounts, then ListAccountRoles for each
// account, with a bounded number of requests in flight. An organisation may have hundreds
// of accounts; one request at a time is slow, one per account at once is throttled (429)
// and unkind to the portal. Each worker thread sends one request at a time, so the thread
// count is the bound; the portal client backs off and retries on 429. The threads share one
// transport: CurlTransport makes an easy handle per request and shares none, libcurl's
// global init runs once under pthread_once, and CURLOPT_NOSIGNAL keeps its timeouts off
// signals, which is what libcurl asks of a multi-threaded program.

/// Lists what a token can reach at the portal.
enum SSORoleListing {
    /// Requests in flight at most (the AWS SDKs' paginators run one; granted runs ~5).
    static let defaultConcurrency = 8

    /// Tries of one request when throttled: more than the portal client's default, since
    /// a listing sends hundreds of requests and a 429 on one should not fail them all.
    static let attempts = 8

    /// Every account and its roles, in `SSORoleAssignment.displayOrder`. `progress` is
    /// called with the accounts done and the total after each account's roles arrive.
    static func assignments(portal: SSOPortal, token: String, session: String,
                            concurrency: Int = defaultConcurrency,
                            progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> [SSORoleAssignment] {
        var portal = portal
        portal.attempts = max(portal.attempts, attempts)
        let accounts = try portal.accounts(token: token, session: session)
        let done = Locked(0)
        progress?(0, accounts.count)
        let roles = try WorkerThreads.map(count: accounts.count, threads: concurrency) { [portal] index in
            let roles = try portal.roles(account: accounts[index].id, token: token, session: session)
            // Under the lock, so that progress lines come in order.
            done.withLock { count in
                count += 1
                progress?(count, accounts.count)
            }
            return roles
        }
        var assignments: [SSORoleAssignment] = []
        for (account, names) in zip(accounts, roles) {
            for role in names {
                assignments.append(SSORoleAssignment(accountID: account.id, accountName: account.name, email: account.email,
                                                     roleName: role))
            }
        }
        return assignments.sorted(by: SSORoleAssignment.displayOrder)
    }
}

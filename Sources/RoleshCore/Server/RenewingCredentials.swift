// The role's credentials behind the endpoint, renewed on a thread of their own. The SDKs
// ask for new credentials from 15 minutes before expiry and insist from 10 (botocore's
// advisory and mandatory windows; the other SDKs' are no wider): renewing at 20 minutes
// left means they are handed fresh credentials before they start to ask, and a failed
// renewal has five minutes of retries before they notice.

import FoundationEssentials

/// Credentials as the renewal obtained them, with what the schedule needs to know.
struct Renewed: Sendable {
    var credentials: Credentials
    /// From the cache: how long they lived when new is unknown.
    var reused: Bool
}

/// The credentials the endpoint serves, and their renewal.
final class RenewingCredentials: @unchecked Sendable {
    /// How long before expiry credentials are renewed, when they live long enough.
    static let renewalLead: TimeInterval = 20 * 60
    /// How long before expiry credentials stop being served. botocore refuses credentials
    /// that are expired when they arrive ("refreshed credentials are still expired") and
    /// the answer gives the expiry in whole seconds, rounded down: credentials with a
    /// second or two left would reach the SDK already expired, or expire on the way to AWS.
    static let servingMargin: TimeInterval = 5

    private let lock = Lock()
    private var current: Credentials
    private var renewAt: Date
    /// Why the last renewal failed; nil after a success.
    private var failure: String?
    private let now: @Sendable () -> Date
    /// Renews credentials that expire at the given epoch second (nil: they have no expiry).
    private let renew: @Sendable (_ outliving: Int?) throws -> Renewed
    private let report: @Sendable (String) -> Void

    init(_ first: Renewed, now: @escaping @Sendable () -> Date, report: @escaping @Sendable (String) -> Void,
         renew: @escaping @Sendable (_ outliving: Int?) throws -> Renewed) {
        current = first.credentials
        self.now = now
        self.renew = renew
        self.report = report
        renewAt = Self.renewalTime(of: first, at: now())
    }

    /// When credentials obtained at `now` are renewed: `renewalLead` before expiry, or
    /// halfway through the life of new ones that live less than twice as long (the role
    /// may allow no more). Keys without an expiry are never renewed.
    static func renewalTime(of renewed: Renewed, at now: Date) -> Date {
        guard let expiration = renewed.credentials.expiration else { return .distantFuture }
        let life = expiration.timeIntervalSince(now)
        let lead = renewed.reused ? renewalLead : min(renewalLead, life / 2)
        return expiration.addingTimeInterval(-lead)
    }

    /// What the endpoint answers now: the credentials while they are good for more than
    /// `servingMargin`, else why not.
    func answer() -> EndpointAnswer {
        lock.withLock {
            if let expiration = current.expiration, expiration.timeIntervalSince(now()) <= Self.servingMargin {
                return .unavailable("the role's credentials expired and rolesh could not renew them: "
                    + (failure ?? "the renewal has not finished"))
            }
            return .credentials(current)
        }
    }

    /// Renews whenever due, forever: run it on a thread of its own. A failure is said on
    /// rolesh's stderr once (it is the same until something changes) and tried again
    /// sooner the closer the credentials are to their expiry.
    func renewForever() {
        while true {
            let (due, expiration) = lock.withLock { (renewAt, current.expiration) }
            let wait = due.timeIntervalSince(now())
            if wait > 0 {
                // At most a minute at a time: a suspended laptop wakes to a wall clock that moved.
                sleepSeconds(min(wait, 60))
                continue
            }
            do {
                let renewed = try renew(expiration.map { Int($0.timeIntervalSince1970) })
                lock.withLock {
                    current = renewed.credentials
                    renewAt = Self.renewalTime(of: renewed, at: now())
                    failure = nil
                }
            } catch {
                let message = error.message
                let left = expiration.map { $0.timeIntervalSince(now()) } ?? 3600
                let repeated = lock.withLock {
                    defer { failure = message }
                    renewAt = now().addingTimeInterval(max(1, min(30, left / 4)))
                    return failure == message
                }
                if !repeated {
                    let until = expiration.map { "; the command has the current ones until \(isoTimestamp($0))" } ?? ""
                    report("rolesh: cannot renew the credentials behind the endpoint: \(message)\(until), and rolesh keeps trying\n")
                }
            }
        }
    }
}

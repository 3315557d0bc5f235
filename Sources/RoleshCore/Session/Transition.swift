import FoundationEssentials

/// The identity a push switches a shell to.
public struct ActiveIdentity: Equatable, Sendable {
    /// ROLESH_ROLE: the profile name, or the role name of a bare ARN.
    public var role: String
    /// ROLESH_ROLE_ARN; empty for an identity that is no role (a session token of static
    /// keys, a credential process), which leaves the variable unset.
    public var roleARN: String
    public var credentials: Credentials
    /// AWS_REGION and AWS_DEFAULT_REGION; nil leaves them as they are.
    public var region: String?

    public init(role: String, roleARN: String, credentials: Credentials, region: String?) {
        self.role = role
        self.roleARN = roleARN
        self.credentials = credentials
        self.region = region
    }
}

/// How the managed variables change on a push, a refresh and a pop. Pure: the commands
/// turn the result into shell statements with ShellExport.
public enum Transition {
    /// The variables that put `identity` in place at `depth`, in frame `frameID`. Every
    /// managed variable the identity does not define is unset, so nothing of the previous
    /// identity leaks; the region is left alone when the identity names none.
    public static func push(_ identity: ActiveIdentity, frameID: String, depth: Int,
                            session: SessionIdentity) -> [String: String?] {
        var changes = identityVariables(identity)
        changes[ManagedVariable.frame] = frameID
        changes[ManagedVariable.depth] = String(depth)
        changes.merge(session.variables) { _, session in session }
        return changes
    }

    /// New credentials for the active role, at the same stack position: ROLESH_FRAME,
    /// ROLESH_DEPTH and the session stay as they are.
    public static func refresh(_ identity: ActiveIdentity) -> [String: String?] {
        identityVariables(identity)
    }

    /// Back to the environment `frame` saved before its push, variable for variable.
    public static func pop(_ frame: Frame) -> [String: String?] {
        Dictionary(uniqueKeysWithValues: ManagedVariable.all.map { name in
            (name, frame.saved[name] ?? nil)
        })
    }

    /// Every managed variable unset: a shell with no role and no session.
    public static func reset() -> [String: String?] {
        Dictionary(uniqueKeysWithValues: ManagedVariable.all.map { ($0, String?.none) })
    }

    private static func identityVariables(_ identity: ActiveIdentity) -> [String: String?] {
        let credentials = identity.credentials
        var changes: [String: String?] = [
            ManagedVariable.accessKeyID: credentials.accessKeyID,
            ManagedVariable.secretAccessKey: credentials.secretAccessKey,
            ManagedVariable.sessionToken: credentials.sessionToken,
            ManagedVariable.credentialExpiration: credentials.expiration.map(isoTimestamp),
            ManagedVariable.securityToken: nil,
            ManagedVariable.sessionExpiration: nil,
            ManagedVariable.profile: nil,
            ManagedVariable.defaultProfile: nil,
            // Prompts (starship's env_var) print it as it is: a profile name's control
            // characters must not reach the terminal through it.
            ManagedVariable.role: identity.role.escapingControlCharacters,
            ManagedVariable.roleARN: identity.roleARN.isEmpty ? nil : identity.roleARN,
            ManagedVariable.expires: credentials.expiration.map { String(Int($0.timeIntervalSince1970)) },
        ]
        if let region = identity.region {
            changes[ManagedVariable.region] = region
            changes[ManagedVariable.defaultRegion] = region
        }
        return changes
    }
}

/// `2026-11-29T09:00:00Z`: the form of AWS_CREDENTIAL_EXPIRATION that aws-vault, the AWS
/// CLI and starship read, as `ISO8601Format()` prints it (to the second, UTC).
///
/// Years 1970 to 9999 are written out by hand: the format style's first use costs ~0.8 M
/// instructions of runtime type instantiation, a tenth of a cached assume (Benchmarks/ANALYSIS.md).
public func isoTimestamp(_ date: Date) -> String {
    let seconds = date.timeIntervalSince1970.rounded(.down)
    guard seconds >= 0, seconds < 253_402_300_800 else {
        return Date(timeIntervalSince1970: seconds).ISO8601Format()
    }
    let (days, secondOfDay) = Int(seconds).quotientAndRemainder(dividingBy: 86_400)
    // Days since 1970-01-01 to a proleptic Gregorian date, in 400-year eras that start on
    // 0000-03-01 (so that the leap day ends a year).
    let dayNumber = days + 719_468
    let era = dayNumber / 146_097
    let dayOfEra = dayNumber - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let marchMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
    let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
    let year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0)
    func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: width - text.count) + text
    }
    return digits(year, 4) + "-" + digits(month, 2) + "-" + digits(day, 2) + "T"
        + digits(secondOfDay / 3_600, 2) + ":" + digits(secondOfDay / 60 % 60, 2) + ":" + digits(secondOfDay % 60, 2) + "Z"
}

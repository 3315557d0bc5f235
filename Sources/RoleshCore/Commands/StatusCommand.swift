import FoundationEssentials

/// `rolesh status [--json]`: the active role, its ARN, time left and the stack, from the
/// environment and the sealed frames; no network.
public enum StatusCommand {
    /// The `--json` shape, stable and documented in the README.
    public struct Report: Codable, Equatable, Sendable {
        public var active: Bool
        public var role: String?
        public var roleARN: String?
        /// Expiry, epoch seconds and ISO-8601.
        public var expires: Int?
        public var expiresAt: String?
        public var secondsLeft: Int?
        public var depth: Int
        /// ROLESH_ROLE of each frame's identity, top first; the base identity is not listed.
        public var stack: [String]
        public var session: String?
        /// Where the credential cache keeps its key: "keyring", "file", or "off".
        public var cache: String
        /// The key file's path ("file"), or why nothing is cached ("off").
        public var cacheNote: String?

        enum CodingKeys: String, CodingKey {
            case active, role, roleARN = "role_arn", expires, expiresAt = "expires_at",
                 secondsLeft = "seconds_left", depth, stack, session, cache, cacheNote = "cache_note"
        }
    }

    public static func report(context: RoleshContext) throws -> Report {
        let environment = context.environment
        let role = environment[ManagedVariable.role]
        let expires = environment[ManagedVariable.expires].flatMap { Int($0) }
        let now = Int(context.now().timeIntervalSince1970)
        let cacheState = cacheDescription(CredentialCache(environment: environment).availability())
        var stack: [String] = []
        if let frameID = environment[ManagedVariable.frame], let session = try SessionIdentity.current(in: environment) {
            let store = SessionStore(root: StateRoot.locate(environment: environment))
            stack = try store.stack(from: frameID, session: session).map(\.role)
        }
        return Report(
            active: role != nil, role: role, roleARN: environment[ManagedVariable.roleARN],
            expires: expires,
            expiresAt: expires.map { isoTimestamp(Date(timeIntervalSince1970: Double($0))) },
            secondsLeft: expires.map { max(0, $0 - now) },
            depth: environment[ManagedVariable.depth].flatMap { Int($0) } ?? 0,
            stack: stack, session: environment[ManagedVariable.session],
            cache: cacheState.name, cacheNote: cacheState.note)
    }

    public static func run(json: Bool, context: RoleshContext) throws -> String {
        let report = try report(context: context)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
        }
        // Only a cache that is off is worth a line: it is why every switch asks STS.
        let cacheLine = report.cache == "off" ? "cache    off: \(report.cacheNote ?? "")\n" : ""
        guard report.active, let role = report.role else { return "no role active\n" + cacheLine }
        var lines = ["role     \(role)"]
        if let arn = report.roleARN { lines.append("arn      \(arn)") }
        if let at = report.expiresAt, let left = report.secondsLeft {
            lines.append("expires  \(at) (\(left == 0 ? "expired" : "\(durationText(left)) left"))")
        }
        lines.append("depth    \(report.depth)" + (report.stack.isEmpty ? "" : " (\((report.stack + ["base"]).joined(separator: " > ")))"))
        return lines.joined(separator: "\n") + "\n" + cacheLine
    }

    /// The `cache` and `cache_note` fields for `availability`.
    static func cacheDescription(_ availability: CredentialCache.Availability) -> (name: String, note: String?) {
        switch availability {
        case .keyring: ("keyring", nil)
        case let .keyFile(path, keyringReason): ("file", "\(path) (no kernel keyring: \(keyringReason))")
        case let .off(reason): ("off", reason)
        }
    }

    /// `1h05m`, `59m`, `45s`.
    static func durationText(_ seconds: Int) -> String {
        if seconds >= 3600 {
            let minutes = (seconds % 3600) / 60
            return "\(seconds / 3600)h" + (minutes < 10 ? "0" : "") + "\(minutes)m"
        }
        return seconds >= 60 ? "\(seconds / 60)m" : "\(seconds)s"
    }
}

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
        /// What the shell had below the stack: `AWS_PROFILE=base`, "keys from the
        /// environment" or "no credentials"; nil when no role is active.
        public var base: String?
        public var session: String?

        enum CodingKeys: String, CodingKey {
            case active, role, roleARN = "role_arn", expires, expiresAt = "expires_at",
                 secondsLeft = "seconds_left", depth, stack, base, session
        }
    }

    public static func report(context: RoleshContext) throws -> Report {
        let environment = context.environment
        let role = environment[ManagedVariable.role]
        let expires = environment[ManagedVariable.expires].flatMap { Int($0) }
        let now = Int(context.now().timeIntervalSince1970)
        var frames: [Frame] = []
        if let frameID = environment[ManagedVariable.frame], let session = try SessionIdentity.current(in: environment) {
            let store = SessionStore(root: StateRoot.locate(environment: environment))
            frames = try store.stack(from: frameID, session: session)
        }
        return Report(
            active: role != nil, role: role, roleARN: environment[ManagedVariable.roleARN],
            expires: expires,
            expiresAt: expires.map { isoTimestamp(Date(timeIntervalSince1970: Double($0))) },
            secondsLeft: expires.map { max(0, $0 - now) },
            depth: environment[ManagedVariable.depth].flatMap { Int($0) } ?? 0,
            stack: frames.map(\.role), base: frames.last.map { baseLabel(saved: $0.saved) },
            session: environment[ManagedVariable.session])
    }

    /// What the bottom frame saved, as a person would name it: env keys win over a profile,
    /// as they do for botocore.
    static func baseLabel(saved: [String: String?]) -> String {
        if (saved[ManagedVariable.accessKeyID] ?? nil) != nil { return "keys from the environment" }
        for name in [ManagedVariable.defaultProfile, ManagedVariable.profile] {
            if let profile = saved[name] ?? nil { return "\(name)=\(profile)" }
        }
        return "no credentials"
    }

    public static func run(json: Bool, context: RoleshContext) throws -> String {
        let report = try report(context: context)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            return String(decoding: try encoder.encode(report), as: UTF8.self) + "\n"
        }
        guard report.active, let role = report.role else { return "no role active\n" }
        var lines = ["role     \(role.escapingControlCharacters)"]
        if let arn = report.roleARN { lines.append("arn      \(arn.escapingControlCharacters)") }
        if let at = report.expiresAt, let left = report.secondsLeft {
            lines.append("expires  \(at) (\(left == 0 ? "expired" : "\(durationText(left)) left"))")
        }
        let stack = (report.stack + [report.base ?? "base"]).map(\.escapingControlCharacters).joined(separator: " > ")
        lines.append("depth    \(report.depth)" + (report.stack.isEmpty ? "" : " (\(stack))"))
        return lines.joined(separator: "\n") + "\n"
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

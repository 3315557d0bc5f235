import FoundationEssentials

/// `rolesh status [--json]`: the active role, its ARN, time left and the stack, from the
/// environment and the sealed frames; no network.
package enum StatusCommand {
    /// What status reports; `--json` prints it with every key always present (null when
    /// unknown), as documented in the README and the man page.
    struct Report: Equatable, Sendable {
        var active: Bool
        var role: String?
        var roleARN: String?
        /// Expiry, epoch seconds and ISO-8601.
        var expires: Int?
        var expiresAt: String?
        var secondsLeft: Int?
        var depth: Int
        /// ROLESH_ROLE of each frame's identity, top first; the base identity is not listed.
        var stack: [String]
        /// What the shell had below the stack: `AWS_PROFILE=base`, "keys from the
        /// environment" or "no credentials"; nil when no role is active.
        var base: String?
        var session: String?
        /// Where the credential cache keeps its key: "keyring", "file", or "off".
        var cache: String
        /// The key file's path ("file"), or why nothing is cached ("off").
        var cacheNote: String?

        /// The `--json` object: sorted keys, `/` as it is.
        var json: JSONValue {
            func optional(_ number: Int?) -> JSONValue { number.map(JSONValue.number) ?? .null }
            return .object([
                "active": .bool(active), "role": .optional(role), "role_arn": .optional(roleARN),
                "expires": optional(expires), "expires_at": .optional(expiresAt), "seconds_left": optional(secondsLeft),
                "depth": .number(depth), "stack": .array(stack.map(JSONValue.string)), "base": .optional(base),
                "session": .optional(session), "cache": .string(cache), "cache_note": .optional(cacheNote),
            ])
        }
    }

    static func report(context: RoleshContext) throws -> Report {
        let environment = context.environment
        let role = environment[ManagedVariable.role]
        let expires = environment[ManagedVariable.expires].flatMap { Int($0) }
        let now = Int(context.now().timeIntervalSince1970)
        let cacheState = cacheDescription(CredentialCache(environment: environment).availability())
        // A frame without its session is left to exit to report: status only describes.
        let frames = try SessionIdentity.current(in: environment) == nil ? [] : try CommandState(context).stack()
        return Report(
            active: role != nil, role: role, roleARN: environment[ManagedVariable.roleARN],
            expires: expires,
            expiresAt: expires.map { isoTimestamp(Date(timeIntervalSince1970: Double($0))) },
            secondsLeft: expires.map { max(0, $0 - now) },
            depth: environment[ManagedVariable.depth].flatMap { Int($0) } ?? 0,
            stack: frames.map(\.role), base: frames.last.map { SwitchLines.baseLabel(saved: $0.saved) },
            session: environment[ManagedVariable.session], cache: cacheState.name, cacheNote: cacheState.note)
    }

    package static func run(json: Bool, context: RoleshContext) throws -> String {
        let report = try report(context: context)
        if json { return report.json.prettyText + "\n" }
        // Only a cache that is off is worth a line: it is why every switch asks STS.
        let cacheLine = report.cache == "off" ? "cache    off: \((report.cacheNote ?? "").escapingControlCharacters)\n" : ""
        guard report.active, let role = report.role else { return "no role active\n" + cacheLine }
        var lines = ["role     \(role.escapingControlCharacters)"]
        if let arn = report.roleARN { lines.append("arn      \(arn.escapingControlCharacters)") }
        if let at = report.expiresAt, let left = report.secondsLeft {
            lines.append("expires  \(at) (\(left == 0 ? "expired" : "\(durationText(left)) left"))")
        }
        let stack = (report.stack + [report.base ?? "base"]).map(\.escapingControlCharacters).joined(separator: " > ")
        lines.append("depth    \(report.depth)" + (report.stack.isEmpty ? "" : " (\(stack))"))
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
}

import FoundationEssentials

/// What an assume asked for: enough to assume the same role again (`refresh`) and to key
/// the credential cache. Flags left out are nil or empty.
package struct AssumeSpec: Equatable, Hashable, Sendable {
    /// The profile named on the command line; nil for a bare role ARN.
    var profile: String?
    /// A bare role ARN from the command line; nil when a profile was named.
    var roleARN: String?
    /// Assume from the credentials in the environment at push time, whatever the profile's source.
    package var chain: Bool = false
    package var durationSeconds: Int?
    package var sessionName: String?
    package var externalID: String?
    package var mfaSerial: String?
    package var sourceIdentity: String?
    package var tags: [SessionTag] = []
    package var transitiveTagKeys: [String] = []
    package var policyARNs: [String] = []
    package var region: String?

    package init(profile: String? = nil, roleARN: String? = nil) {
        self.profile = profile
        self.roleARN = roleARN
    }

    /// What the command line names: a role ARN when it looks like one, else a profile.
    package init(target: String) {
        if target.hasPrefix("arn:") { self.init(roleARN: target) } else { self.init(profile: target) }
    }

    /// Whether the spec names a profile or a role ARN (without either, `assume` picks one).
    var namesTarget: Bool { profile != nil || roleARN != nil }
}

extension AssumeSpec {
    /// The same identity asked for in `region`.
    func `in`(region: String?) -> AssumeSpec {
        var spec = self
        spec.region = region
        return spec
    }
}

/// One push of the session stack: the environment before it, and what it switched to.
/// Sealed in its own file, written once, addressed by `id` (DESIGN §6).
package struct Frame: Equatable, Sendable {
    package var id: String
    /// The frame this push was made on top of; nil at the bottom of the stack.
    var parent: String?
    package var session: String
    /// ROLESH_ROLE after the push: the profile name, or the role name of a bare ARN.
    var role: String
    var roleARN: String
    /// Expiry of the pushed credentials, epoch seconds.
    var expires: Int
    /// When the push happened, epoch seconds.
    var created: Int
    var spec: AssumeSpec
    /// Every managed variable before the push; nil where it was unset.
    var saved: [String: String?]

    package init(id: String, parent: String?, session: String, role: String, roleARN: String,
                 expires: Int, created: Int, spec: AssumeSpec, saved: [String: String?]) {
        self.id = id
        self.parent = parent
        self.session = session
        self.role = role
        self.roleARN = roleARN
        self.expires = expires
        self.created = created
        self.spec = spec
        self.saved = saved
    }
}

// The JSON a frame is sealed as, under the keys of the first format (Codable's), so that a
// shell keeps reading the frames an earlier rolesh wrote for it.
extension Frame {
    /// The frame as JSON text, what SessionStore seals (package-wide for Fuzz/FrameFuzzer). A
    /// variable that was unset is saved as null, not left out: "restore as unset" is
    /// information, unlike a variable the frame does not know.
    package var json: [UInt8] {
        let saved = self.saved.mapValues { JSONValue.optional($0) }
        var members: [String: JSONValue] = [
            "id": .string(id), "session": .string(session), "role": .string(role), "role_arn": .string(roleARN),
            "expires": .number(expires), "created": .number(created), "spec": spec.json, "saved": .object(saved),
        ]
        if let parent { members["parent"] = .string(parent) }
        return Array(JSONValue.object(members).text.utf8)
    }

    /// The frame `json` holds, or nil when it holds none.
    package init?(json: [UInt8]) {
        guard let value = JSONValue(parsing: json), let id = value["id"]?.string, let session = value["session"]?.string,
              let role = value["role"]?.string, let roleARN = value["role_arn"]?.string,
              let expires = value["expires"]?.int, let created = value["created"]?.int,
              let spec = value["spec"].flatMap(AssumeSpec.init(json:)), case .object(let members)? = value["saved"]
        else { return nil }
        var saved: [String: String?] = [:]
        for (name, member) in members {
            switch member {
            case .string(let text): saved[name] = .some(text)
            case .null: saved[name] = .some(nil)
            default: return nil
            }
        }
        let parent: String?
        switch value["parent"] {
        case .string(let text)?: parent = text
        case .null?, nil: parent = nil
        default: return nil
        }
        self.init(id: id, parent: parent, session: session, role: role, roleARN: roleARN,
                  expires: expires, created: created, spec: spec, saved: saved)
    }
}

extension AssumeSpec {
    /// The spec as a JSON object; flags left out are left out.
    var json: JSONValue {
        var members: [String: JSONValue] = [
            "chain": .bool(chain),
            "tags": .array(tags.map { .object(["key": .string($0.key), "value": .string($0.value)]) }),
            "transitiveTagKeys": .array(transitiveTagKeys.map(JSONValue.string)),
            "policyARNs": .array(policyARNs.map(JSONValue.string)),
        ]
        let optionals: [(String, String?)] = [
            ("profile", profile), ("roleARN", roleARN), ("sessionName", sessionName), ("externalID", externalID),
            ("mfaSerial", mfaSerial), ("sourceIdentity", sourceIdentity), ("region", region),
        ]
        for (key, value) in optionals { if let value { members[key] = .string(value) } }
        if let durationSeconds { members["durationSeconds"] = .number(durationSeconds) }
        return .object(members)
    }

    /// The spec `json` holds, or nil when it is not one.
    init?(json: JSONValue) {
        guard case .object(let members) = json else { return nil }
        func text(_ key: String) -> String?? {
            switch members[key] {
            case .string(let value)?: .some(value)
            case .null?, nil: .some(nil)
            default: nil
            }
        }
        func texts(_ key: String) -> [String]? {
            guard let values = members[key] else { return [] }
            let texts = values.array?.compactMap(\.string)
            return texts?.count == values.array?.count ? texts : nil
        }
        guard let profile = text("profile"), let roleARN = text("roleARN"), let sessionName = text("sessionName"),
              let externalID = text("externalID"), let mfaSerial = text("mfaSerial"),
              let sourceIdentity = text("sourceIdentity"), let region = text("region"),
              let transitiveTagKeys = texts("transitiveTagKeys"), let policyARNs = texts("policyARNs")
        else { return nil }
        var tags: [SessionTag] = []
        for tag in members["tags"]?.array ?? [] {
            guard let key = tag["key"]?.string, let value = tag["value"]?.string else { return nil }
            tags.append(SessionTag(key: key, value: value))
        }
        self.init(profile: profile, roleARN: roleARN)
        chain = members["chain"]?.bool ?? false
        durationSeconds = members["durationSeconds"]?.int
        self.sessionName = sessionName
        self.externalID = externalID
        self.mfaSerial = mfaSerial
        self.sourceIdentity = sourceIdentity
        self.region = region
        self.tags = tags
        self.transitiveTagKeys = transitiveTagKeys
        self.policyARNs = policyARNs
    }
}

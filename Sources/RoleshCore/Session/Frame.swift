import FoundationEssentials

/// What an assume asked for: enough to assume the same role again (`refresh`) and to key
/// the credential cache. Flags left out are nil or empty.
public struct AssumeSpec: Codable, Equatable, Hashable, Sendable {
    /// The profile named on the command line; nil for a bare role ARN.
    public var profile: String?
    /// A bare role ARN from the command line; nil when a profile was named.
    public var roleARN: String?
    /// Assume from the credentials in the environment at push time, whatever the profile's source.
    public var chain: Bool = false
    public var durationSeconds: Int?
    public var sessionName: String?
    public var externalID: String?
    public var mfaSerial: String?
    public var sourceIdentity: String?
    public var tags: [SessionTag] = []
    public var transitiveTagKeys: [String] = []
    public var policyARNs: [String] = []
    public var region: String?

    public init(profile: String? = nil, roleARN: String? = nil) {
        self.profile = profile
        self.roleARN = roleARN
    }
}

/// One push of the session stack: the environment before it, and what it switched to.
/// Sealed in its own file, written once, addressed by `id` (DESIGN §6).
public struct Frame: Codable, Equatable, Sendable {
    public var id: String
    /// The frame this push was made on top of; nil at the bottom of the stack.
    public var parent: String?
    public var session: String
    /// ROLESH_ROLE after the push: the profile name, or the role name of a bare ARN.
    public var role: String
    public var roleARN: String
    /// Expiry of the pushed credentials, epoch seconds.
    public var expires: Int
    /// When the push happened, epoch seconds.
    public var created: Int
    public var spec: AssumeSpec
    /// Every managed variable before the push; nil where it was unset.
    public var saved: [String: String?]

    public init(id: String, parent: String?, session: String, role: String, roleARN: String,
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

    // Optional dictionary values must survive as JSON null, not vanish: an unset variable
    // is information ("restore as unset"), unlike a variable the frame does not know.
    private enum CodingKeys: String, CodingKey {
        case id, parent, session, role, roleARN = "role_arn", expires, created, spec, saved
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        parent = try container.decodeIfPresent(String.self, forKey: .parent)
        session = try container.decode(String.self, forKey: .session)
        role = try container.decode(String.self, forKey: .role)
        roleARN = try container.decode(String.self, forKey: .roleARN)
        expires = try container.decode(Int.self, forKey: .expires)
        created = try container.decode(Int.self, forKey: .created)
        spec = try container.decode(AssumeSpec.self, forKey: .spec)
        let values = try container.decode([String: SavedValue].self, forKey: .saved)
        saved = values.mapValues(\.value)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encodeIfPresent(parent, forKey: .parent)
        try container.encode(session, forKey: .session)
        try container.encode(role, forKey: .role)
        try container.encode(roleARN, forKey: .roleARN)
        try container.encode(expires, forKey: .expires)
        try container.encode(created, forKey: .created)
        try container.encode(spec, forKey: .spec)
        try container.encode(saved.mapValues(SavedValue.init), forKey: .saved)
    }
}

/// A saved variable: a string, or null for "was unset".
private struct SavedValue: Codable {
    var value: String?

    init(_ value: String?) { self.value = value }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        value = container.decodeNil() ? nil : try container.decode(String.self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        if let value { try container.encode(value) } else { try container.encodeNil() }
    }
}

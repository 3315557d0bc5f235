// The aws CLI v2's cache of OIDC client registrations, beside the tokens in
// `~/.aws/sso/cache`: one file per start URL, region, scopes and session, named by the SHA-1
// of the JSON text the CLI hashes (`BaseSSOTokenFetcher._registration_cache_key`), holding
// what its `_sso_json_dumps` writes. Sharing it means a sign-in by either tool reuses the
// other's registration instead of registering a new client each time.

import FoundationEssentials

/// A cached client registration, as the aws CLI writes it.
struct SSOCachedRegistration: Equatable, Sendable {
    var registration: SSOClientRegistration
    /// The scopes it was registered with; nil when none were asked for (device flow, no scopes).
    var scopes: [String]?
    /// `authorization_code` and `refresh_token` for a PKCE registration; nil for a device-flow one
    /// (the CLI did not record grant types before PKCE, so "none" means device flow).
    var grantTypes: [String]?

    init(registration: SSOClientRegistration, scopes: [String]?, grantTypes: [String]?) {
        self.registration = registration
        self.scopes = scopes
        self.grantTypes = grantTypes
    }

    /// Whether the PKCE flow may use it (`_is_registration_for_auth_code`); the device flow
    /// uses only the others, so the two flows replace each other's registration.
    var isForAuthorizationCode: Bool { grantTypes?.contains("authorization_code") == true }

    /// Usable while more than 15 minutes remain (the CLI's `_EXPIRY_WINDOW`).
    func isFresh(now: Date) -> Bool {
        registration.expiresAt.timeIntervalSince(now) >= SSOToken.refreshWindow
    }

    /// The file's bytes in the CLI's key order and separators.
    var json: [UInt8] {
        var members = [
            "\"clientId\": " + pythonJSONString(registration.clientID),
            "\"clientSecret\": " + pythonJSONString(registration.clientSecret),
            "\"expiresAt\": " + pythonJSONString(isoTimestamp(registration.expiresAt)),
        ]
        if let scopes { members.append("\"scopes\": " + pythonJSONList(scopes)) }
        if let grantTypes { members.append("\"grantTypes\": " + pythonJSONList(grantTypes)) }
        return Array(("{" + members.joined(separator: ", ") + "}").utf8)
    }

    /// The registration a file holds; nil when it is not one.
    init?(json: [UInt8]) {
        guard let value = JSONValue(parsing: json), let id = value["clientId"]?.string,
              let secret = value["clientSecret"]?.string, let expires = value["expiresAt"]?.string.flatMap(parseTimestamp)
        else { return nil }
        self.init(registration: SSOClientRegistration(clientID: id, clientSecret: secret, expiresAt: expires),
                  scopes: value["scopes"]?.array?.compactMap(\.string),
                  grantTypes: value["grantTypes"]?.array?.compactMap(\.string))
    }
}

extension SSOTokenCache {
    /// The registration file's name: the SHA-1 hex of `json.dumps({"region", "scopes",
    /// "session_name", "startUrl", "tool": "botocore"}, sort_keys=True)` with Python's default
    /// separators and ASCII escapes; `scopes` is the configured list, null when none is configured.
    static func registrationFileName(for session: SSOSessionSettings) throws(DigestError) -> String {
        let scopes = session.registrationScopes.isEmpty ? "null" : pythonJSONList(session.registrationScopes)
        let text = "{\"region\": \(pythonJSONString(session.region)), \"scopes\": \(scopes), "
            + "\"session_name\": \(session.name.map(pythonJSONString) ?? "null"), "
            + "\"startUrl\": \(pythonJSONString(session.startURL)), \"tool\": \"botocore\"}"
        return try SHA1.hexDigest(text) + ".json"
    }

    /// The cached registration for `session`; nil when there is none or it does not parse
    /// (the CLI registers anew then too).
    func readRegistration(for session: SSOSessionSettings) throws -> SSOCachedRegistration? {
        let path = "\(folder)/\(try Self.registrationFileName(for: session))"
        do {
            return SSOCachedRegistration(json: try readForeignFile(path))
        } catch .notFound {
            return nil
        }
    }

    /// Writes the registration for `session` atomically (0600, synced, renamed).
    func writeRegistration(_ registration: SSOCachedRegistration, for session: SSOSessionSettings) throws {
        try createFolder()
        try SharedFile.write(registration.json, to: "\(folder)/\(try Self.registrationFileName(for: session))")
    }
}

/// `text` as Python's `json.dumps` writes a string by default (`ensure_ascii`).
func pythonJSONString(_ text: String) -> String {
    jsonString(text, asciiOnly: true)
}

/// A list of strings as Python's `json.dumps` writes it: `["a", "b"]`.
func pythonJSONList(_ items: [String]) -> String {
    "[" + items.map(pythonJSONString).joined(separator: ", ") + "]"
}

// An IAM Identity Center access token as the aws CLI keeps it in
// `~/.aws/sso/cache/<sha1>.json`: the fields botocore reads and writes, in its order, so that
// a token either tool writes serves both.

import FoundationEssentials

/// One cached sign-in: the bearer token and, for sessions that can renew it, the client
/// registration and refresh token.
struct SSOToken: Equatable, Sendable {
    var startURL: String?
    var region: String?
    var accessToken: String
    var expiresAt: Date
    var clientID: String?
    var clientSecret: String?
    /// Kept as written: botocore copies it from token to token without reading it again.
    var registrationExpiresAt: String?
    var refreshToken: String?

    init(startURL: String?, region: String?, accessToken: String, expiresAt: Date, clientID: String? = nil,
         clientSecret: String? = nil, registrationExpiresAt: String? = nil, refreshToken: String? = nil) {
        self.startURL = startURL
        self.region = region
        self.accessToken = accessToken
        self.expiresAt = expiresAt
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.registrationExpiresAt = registrationExpiresAt
        self.refreshToken = refreshToken
    }

    /// botocore refreshes a token when less than this is left (`_REFRESH_WINDOW`).
    static let refreshWindow: TimeInterval = 15 * 60

    /// The token `json` holds: botocore needs only `accessToken` and `expiresAt`; the other
    /// fields are read when present. Timestamps in any form the peers write (parseTimestamp).
    init?(json: [UInt8]) {
        guard let value = JSONValue(parsing: json), let accessToken = value["accessToken"]?.string,
              let expires = value["expiresAt"]?.string, let expiresAt = parseTimestamp(expires)
        else { return nil }
        self.init(startURL: value["startUrl"]?.string, region: value["region"]?.string, accessToken: accessToken,
                  expiresAt: expiresAt, clientID: value["clientId"]?.string, clientSecret: value["clientSecret"]?.string,
                  registrationExpiresAt: value["registrationExpiresAt"]?.string, refreshToken: value["refreshToken"]?.string)
    }

    /// The file's bytes as botocore's `_sso_json_dumps` writes them: its key order, Python's
    /// `json.dumps` separators and ASCII escapes, times as `%Y-%m-%dT%H:%M:%SZ`; absent fields left out.
    var json: [UInt8] {
        let fields: [(String, String?)] = [
            ("startUrl", startURL), ("region", region), ("accessToken", accessToken),
            ("expiresAt", isoTimestamp(expiresAt)), ("clientId", clientID), ("clientSecret", clientSecret),
            ("registrationExpiresAt", registrationExpiresAt), ("refreshToken", refreshToken),
        ]
        let members = fields.compactMap { key, value in value.map { pythonJSONString(key) + ": " + pythonJSONString($0) } }
        return Array(("{" + members.joined(separator: ", ") + "}").utf8)
    }

    /// True when the token can be renewed without a new sign-in: a refresh token and a
    /// client registration that has not expired (botocore's `_refresh_access_token`).
    func canRefresh(now: Date) -> Bool {
        guard refreshToken != nil, clientID != nil, clientSecret != nil,
              let registration = registrationExpiresAt.flatMap(parseTimestamp) else { return false }
        return registration > now
    }
}

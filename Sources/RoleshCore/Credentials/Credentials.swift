import FoundationEssentials

/// An AWS identity's keys: long-term (no token, no expiry) or temporary.
package struct Credentials: Equatable, Sendable {
    var accessKeyID: String
    var secretAccessKey: String
    var sessionToken: String?
    var expiration: Date?

    package init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }
}

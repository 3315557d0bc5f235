// One MFA code per working session, as aws-vault does: long-term keys and an MFA code open a
// GetSessionToken session once; it stays sealed in the credential cache for its lifetime, and
// every role whose profile names the same mfa_serial is assumed from it without a code (the
// session carries the MFA context that trust policies check with aws:MultiFactorAuthPresent).
// STS treats a role assumed from session-token credentials like a chained role: at most one
// hour (RoleAssumer picks the per-role path, MFA on the AssumeRole call, for longer sessions).

import FoundationEssentials

/// The GetSessionToken sessions MFA codes opened, in the credential cache.
struct MFASession {
    let cache: CredentialCache

    /// The session of the keys `accessKeyID` proved with `serialNumber`, while it is good.
    func lookup(accessKeyID: String, serialNumber: String, now: Date) -> Credentials? {
        (try? cache.lookup(Self.entryName(accessKeyID: accessKeyID, serialNumber: serialNumber), now: now))??.credentials
    }

    /// Keeps `session` for the keys and device that opened it.
    func store(_ session: Credentials, accessKeyID: String, serialNumber: String) throws {
        try cache.store(CachedRole(credentials: session, roleARN: ""),
                        as: Self.entryName(accessKeyID: accessKeyID, serialNumber: serialNumber))
    }

    /// Apart from every role entry: those hash an AssumeSpec's JSON, which never starts so.
    static func entryName(accessKeyID: String, serialNumber: String) -> String {
        Hex.encode(SHA256.hash(Array("rolesh-mfa-session\u{0}\(accessKeyID)\u{0}\(serialNumber)".utf8)))
    }
}

/// The environment variables rolesh owns (DESIGN §5). Every push saves the previous value
/// of each, set or unset, and every pop restores it exactly.
enum ManagedVariable {
    static let accessKeyID = "AWS_ACCESS_KEY_ID"
    static let secretAccessKey = "AWS_SECRET_ACCESS_KEY"
    static let sessionToken = "AWS_SESSION_TOKEN"
    static let credentialExpiration = "AWS_CREDENTIAL_EXPIRATION"
    /// botocore prefers it over AWS_SESSION_TOKEN: a stale one would override the role's.
    static let securityToken = "AWS_SECURITY_TOKEN"
    static let sessionExpiration = "AWS_SESSION_EXPIRATION"
    static let region = "AWS_REGION"
    static let defaultRegion = "AWS_DEFAULT_REGION"
    static let profile = "AWS_PROFILE"
    static let defaultProfile = "AWS_DEFAULT_PROFILE"
    static let role = "ROLESH_ROLE"
    static let roleARN = "ROLESH_ROLE_ARN"
    static let expires = "ROLESH_EXPIRES"
    static let depth = "ROLESH_DEPTH"
    static let frame = "ROLESH_FRAME"
    static let session = "ROLESH_SESSION"
    static let sessionKey = "ROLESH_SESSION_KEY"

    /// Every managed name, sorted.
    static let all: [String] = [
        accessKeyID, credentialExpiration, defaultProfile, defaultRegion, profile, region,
        secretAccessKey, securityToken, sessionExpiration, sessionToken,
        depth, expires, frame, role, roleARN, session, sessionKey,
    ].sorted()

    /// The values of every managed variable in `environment`; nil where unset.
    static func snapshot(of environment: [String: String]) -> [String: String?] {
        Dictionary(uniqueKeysWithValues: all.map { ($0, environment[$0]) })
    }
}

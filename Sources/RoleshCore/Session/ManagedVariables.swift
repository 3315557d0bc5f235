/// The environment variables rolesh owns (DESIGN §5). Every push saves the previous value
/// of each, set or unset, and every pop restores it exactly.
public enum ManagedVariable {
    public static let accessKeyID = "AWS_ACCESS_KEY_ID"
    public static let secretAccessKey = "AWS_SECRET_ACCESS_KEY"
    public static let sessionToken = "AWS_SESSION_TOKEN"
    public static let credentialExpiration = "AWS_CREDENTIAL_EXPIRATION"
    /// botocore prefers it over AWS_SESSION_TOKEN: a stale one would override the role's.
    public static let securityToken = "AWS_SECURITY_TOKEN"
    public static let sessionExpiration = "AWS_SESSION_EXPIRATION"
    public static let region = "AWS_REGION"
    public static let defaultRegion = "AWS_DEFAULT_REGION"
    public static let profile = "AWS_PROFILE"
    public static let defaultProfile = "AWS_DEFAULT_PROFILE"
    public static let role = "ROLESH_ROLE"
    public static let roleARN = "ROLESH_ROLE_ARN"
    public static let expires = "ROLESH_EXPIRES"
    public static let depth = "ROLESH_DEPTH"
    public static let frame = "ROLESH_FRAME"
    public static let session = "ROLESH_SESSION"
    public static let sessionKey = "ROLESH_SESSION_KEY"

    /// Every managed name, sorted.
    public static let all: [String] = [
        accessKeyID, credentialExpiration, defaultProfile, defaultRegion, profile, region,
        secretAccessKey, securityToken, sessionExpiration, sessionToken,
        depth, expires, frame, role, roleARN, session, sessionKey,
    ].sorted()

    /// The values of every managed variable in `environment`; nil where unset.
    public static func snapshot(of environment: [String: String]) -> [String: String?] {
        Dictionary(uniqueKeysWithValues: all.map { ($0, environment[$0]) })
    }
}

// Keys written in a profile (`aws_access_key_id`, `aws_secret_access_key`, perhaps a
// session token), from the credentials file or the config file.

/// A profile's own keys.
public struct StaticKeys: CredentialSource, Equatable {
    public var profile: String
    public var keys: Credentials

    public init(profile: String, keys: Credentials) {
        self.profile = profile
        self.keys = keys
    }

    /// Keys without a session token are an IAM user's, which never enter a shell: they only
    /// ask STS for a session or a role.
    public var kind: CredentialKind { keys.sessionToken == nil ? .longTermKeys : .temporaryKeys }

    public func identity() -> String { "profile:\(profile):\(keys.accessKeyID)" }

    public func credentials(_ retrieval: Retrieval) -> Obtained { Obtained(keys) }
}

// Keys written in a profile (`aws_access_key_id`, `aws_secret_access_key`, perhaps a
// session token), from the credentials file or the config file.

/// A profile's own keys.
struct StaticKeys: CredentialSource, Equatable {
    var profile: String
    var keys: Credentials

    init(profile: String, keys: Credentials) {
        self.profile = profile
        self.keys = keys
    }

    /// Keys without a session token are an IAM user's, which never enter a shell: they only
    /// ask STS for a session or a role.
    var kind: CredentialKind { keys.sessionToken == nil ? .longTermKeys : .temporaryKeys }
    var heldKeys: Credentials? { keys }

    func identity() -> String { "profile:\(profile):\(keys.accessKeyID)" }

    func credentials(_ retrieval: Retrieval) -> Obtained { Obtained(keys) }
}

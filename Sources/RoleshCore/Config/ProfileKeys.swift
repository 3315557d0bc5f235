// The one table of the keys that decide what kind of profile a section is. The config scan
// notes these keys for every section as it reads (a bit each), `list`, the picker and
// completion offer the profiles that set an assumable one, and the resolver asks about them:
// a key added here is seen by all of them, and one left out cannot be half-supported.

/// A key that decides a profile's kind.
struct ProfileKey: Equatable, Sendable {
    let name: String
    /// Whether a profile that sets it can be assumed on its own: `list` shows it.
    let makesAssumable: Bool

    static let roleARN = ProfileKey(name: "role_arn", makesAssumable: true)
    static let accessKeyID = ProfileKey(name: "aws_access_key_id", makesAssumable: true)
    static let credentialProcess = ProfileKey(name: "credential_process", makesAssumable: true)
    static let credentialSource = ProfileKey(name: "credential_source", makesAssumable: true)
    /// botocore's SSO provider fires on either of these two (not on `sso_session` alone).
    static let ssoAccountID = ProfileKey(name: "sso_account_id", makesAssumable: true)
    static let ssoRoleName = ProfileKey(name: "sso_role_name", makesAssumable: true)
    /// With `role_arn`, a web-identity profile rather than an assume-role one.
    static let webIdentityTokenFile = ProfileKey(name: "web_identity_token_file", makesAssumable: false)
    /// Alone, a bearer-token profile (CodeCatalyst, Q), not a credential one.
    static let ssoSession = ProfileKey(name: "sso_session", makesAssumable: false)
    static let ssoStartURL = ProfileKey(name: "sso_start_url", makesAssumable: false)
    /// `aws login`, which rolesh refuses.
    static let loginSession = ProfileKey(name: "login_session", makesAssumable: false)

    /// Every key of the table; the scan keeps one bit per key, so at most 16.
    static let all: [ProfileKey] = [
        roleARN, accessKeyID, credentialProcess, credentialSource, ssoAccountID, ssoRoleName,
        webIdentityTokenFile, ssoSession, ssoStartURL, loginSession,
    ]

    /// The keys that make a profile assumable.
    static let assumable: [String] = all.filter(\.makesAssumable).map(\.name)
}

extension AWSConfig {
    /// The profiles that set an assumable key, sorted by name: what `list`, the picker and
    /// completion offer.
    func assumableProfiles() throws(ConfigError) -> [Profile] {
        var profiles: [Profile] = []
        for name in profileNames(settingAnyOf: ProfileKey.assumable) {
            if let profile = try profile(named: name) { profiles.append(profile) }
        }
        return profiles
    }
}

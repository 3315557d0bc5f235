// An IAM Identity Center role: GetRoleCredentials for an account and permission set, with the
// token of the profile's sso-session (or legacy start URL) from the aws CLI's shared cache.
// Usable alone and as a chain's base, like static keys.

/// The role `settings` names, bought with the IAM Identity Center token of its session.
struct SSORole: CredentialSource {
    /// The profile whose sso_account_id and sso_role_name these are.
    var profile: String
    var settings: SSORoleSettings
    /// The config and the selected profile: the selected profile's endpoint settings apply
    /// to the OIDC and portal hosts, in a chain too.
    var config: AWSConfig
    var selectedProfileName: String
    /// Where the aws CLI's token cache is (the user's home).
    var environment: [String: String]

    var kind: CredentialKind { .role }

    /// The account, the role and whose sign-in. The token itself is not part of it: the
    /// credentials it buys are bound to it (`Obtained.boundTo`), so that after `aws sso
    /// logout` or a sign-in as someone else the cached ones are not used (a refreshed token,
    /// too, buys new ones), while a cache hit reads the token file without naming it anew.
    func identity() -> String {
        "sso:\(profile):\(settings.accountID):\(settings.roleName):\(settings.session.cacheKey.text)"
    }

    func credentials(_ retrieval: Retrieval) throws -> Obtained {
        let tokens = SSOTokenProvider(context: retrieval.context, config: config,
                                      selectedProfile: try config.profile(named: selectedProfileName))
        let (credentials, fingerprint) = try tokens.roleCredentials(settings, interaction: retrieval.interaction)
        let path = try SSOTokenCache(environment: environment).path(for: settings.session.cacheKey)
        return Obtained(credentials, boundTo: TokenBinding(path: path, fingerprint: fingerprint))
    }
}

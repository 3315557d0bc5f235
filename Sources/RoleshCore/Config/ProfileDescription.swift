// What a profile is, described for a person (`list`'s table and JSON, the picker): where it
// starts from, and its IAM Identity Center keys. Read from the files only.

extension AWSConfig {
    /// What the profile starts from (its role ARN, an IAM Identity Center role, static keys, a
    /// credential process), in botocore's order for a selected profile.
    func startingPoint(of profile: Profile) -> String {
        if let roleARN = profile.roleARN { return roleARN }
        let sso = ssoKeys(ofProfile: profile.name)
        if sso.isSSORole { return "sso \(sso.accountID ?? "?") \(sso.roleName ?? "?")" }
        if credentialsSection(forProfile: profile.name)?.entries["aws_access_key_id"] != nil { return "static keys" }
        if profile.credentialProcess != nil { return "credential_process" }
        return profile.accessKeyID != nil ? "static keys" : "-"
    }

    /// A profile's IAM Identity Center keys.
    struct SSOKeys {
        var accountID: String?
        var roleName: String?
        var session: String?
        var startURL: String?
        /// botocore's trigger for its SSO provider.
        var isSSORole: Bool { accountID != nil || roleName != nil }
    }

    /// The IAM Identity Center keys of profile `name` (credentials-file keys over config-file
    /// keys, as for every key).
    func ssoKeys(ofProfile name: String) -> SSOKeys {
        // The scan's key bits answer for most profiles without building their sections.
        guard sets(ProfileKey.ssoAccountID.name, inProfile: name) || sets(ProfileKey.ssoRoleName.name, inProfile: name) else {
            return SSOKeys()
        }
        let sections = [configSection(forProfile: name), credentialsSection(forProfile: name)]
        func text(_ key: String) -> String? { sections.reversed().lazy.compactMap { $0?.entries[key]?.value.text }.first }
        return SSOKeys(accountID: text("sso_account_id"), roleName: text("sso_role_name"), session: text("sso_session"),
                       startURL: text("sso_start_url"))
    }
}

// IAM Identity Center settings as botocore's SSOProvider reads them: an `[sso-session NAME]`
// section, or a legacy profile's own `sso_start_url` and `sso_region`, and the account and role
// a profile asks for. Botocore's checks and its words (research §1.1); pure functions of the
// files, no environment.

/// Whose token: an [sso-session] (name non-nil) or a legacy profile's start URL.
struct SSOSessionSettings: Equatable, Sendable {
    /// The `[sso-session NAME]`'s name; nil for a legacy profile.
    var name: String?
    var startURL: String
    /// `sso_region`: where the OIDC and portal services are, not the profile's `region`.
    var region: String
    /// `sso_registration_scopes`, as the aws CLI splits them; used only at sign-in.
    var registrationScopes: [String]

    init(name: String?, startURL: String, region: String, registrationScopes: [String] = []) {
        self.name = name
        self.startURL = startURL
        self.region = region
        self.registrationScopes = registrationScopes
    }

    /// What names the token's file in `~/.aws/sso/cache`: the session's name, else the start URL.
    var cacheKey: SSOTokenCache.Key {
        name.map { .session($0) } ?? .startURL(startURL)
    }

    /// Only an sso-session's token is renewed with its refresh token; a legacy one never is
    /// (botocore's SSOTokenProvider serves sso-session profiles alone).
    var isRefreshable: Bool { name != nil }

    /// The arguments of `rolesh sso login` that sign in for this token.
    func loginArguments(profile: String?) -> [String] {
        if let name { return ["--sso-session", name] }
        return profile.map { [$0] } ?? []
    }

    /// `sso_registration_scopes` as the aws CLI's `parse_sso_registration_scopes` reads it:
    /// split at commas, blanks around each stripped, empty ones dropped.
    static func scopes(_ text: String?) -> [String] {
        guard let text else { return [] }
        return text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingPythonWhitespace() }
            .filter { !$0.isEmpty }
    }
}

/// An SSO profile's role: whose token, and which account and role GetRoleCredentials asks for.
struct SSORoleSettings: Equatable, Sendable {
    var session: SSOSessionSettings
    var accountID: String
    var roleName: String

    init(session: SSOSessionSettings, accountID: String, roleName: String) {
        self.session = session
        self.accountID = accountID
        self.roleName = roleName
    }
}

extension AWSConfig {
    /// The profile's IAM Identity Center role, as botocore's `SSOProvider._load_sso_config`
    /// resolves it: nil when the profile has neither `sso_account_id` nor `sso_role_name`
    /// (botocore moves on to other providers then); with `sso_session`, the named section's
    /// keys merged in, each equal to the profile's where both set it; then every required
    /// key present. A profile neither file has is `profileNotFound`.
    func ssoRoleSettings(forProfile name: String) throws(ConfigError) -> SSORoleSettings? {
        guard let entries = mergedEntries(forProfile: name) else {
            throw .profileNotFound(name, closeNames: closeMatches(to: name, among: profileNames))
        }
        var values = entries.compactMapValues { $0.value.text }
        guard values["sso_account_id"] != nil || values["sso_role_name"] != nil else { return nil }
        var required = ["sso_role_name", "sso_account_id", "sso_start_url", "sso_region"]
        if let sessionName = values["sso_session"] {
            guard let session = ssoSessionSection(named: sessionName) else {
                throw .ssoSessionNotFound(sessionName, closeNames: closeMatches(to: sessionName, among: ssoSessionNames))
            }
            // botocore walks the section's keys in configparser's order (the section's own in
            // file order, then [DEFAULT]'s) and reports the first conflict.
            let ownFirst = session.entries.sorted { left, right in
                let (leftOwn, rightOwn) = (left.value.location.line > session.location.line,
                                           right.value.location.line > session.location.line)
                return leftOwn != rightOwn ? leftOwn : left.value.location.line < right.value.location.line
            }
            for (key, entry) in ownFirst {
                guard let value = entry.value.text else { continue }
                if let own = values[key], own != value {
                    throw .ssoSettingInconsistent(key: key, profileValue: own, sessionValue: value)
                }
                values[key] = value
            }
            required.append("sso_session")
        }
        let missing = required.filter { values[$0] == nil }
        guard missing.isEmpty, let startURL = values["sso_start_url"], let region = values["sso_region"],
              let account = values["sso_account_id"], let role = values["sso_role_name"] else {
            throw .ssoSettingsMissing(profile: name, missing: missing)
        }
        let session = SSOSessionSettings(name: values["sso_session"], startURL: startURL, region: region,
                                         registrationScopes: SSOSessionSettings.scopes(values["sso_registration_scopes"]))
        return SSORoleSettings(session: session, accountID: account, roleName: role)
    }

    /// The `[sso-session NAME]` section's settings, for a sign-in without a profile
    /// (`aws sso login --sso-session NAME`): it must exist and set `sso_start_url` and `sso_region`.
    func ssoSessionSettings(named name: String) throws(ConfigError) -> SSOSessionSettings {
        guard let section = ssoSessionSection(named: name) else {
            throw .ssoSessionNotFound(name, closeNames: closeMatches(to: name, among: ssoSessionNames))
        }
        let values = section.entries.compactMapValues { $0.value.text }
        let missing = ["sso_start_url", "sso_region"].filter { values[$0] == nil }
        guard missing.isEmpty, let startURL = values["sso_start_url"], let region = values["sso_region"] else {
            throw .ssoSessionIncomplete(name, missing: missing)
        }
        return SSOSessionSettings(name: name, startURL: startURL, region: region,
                                  registrationScopes: SSOSessionSettings.scopes(values["sso_registration_scopes"]))
    }

    /// The token a profile signs in for, whether or not it names a role (`aws sso login
    /// --profile` accepts both): an SSO role profile's session; else the `[sso-session]` a
    /// profile names with `sso_session`; else a legacy profile's own `sso_start_url` and
    /// `sso_region`. Nil when the profile has none of these.
    func ssoSessionSettings(forProfile name: String) throws(ConfigError) -> SSOSessionSettings? {
        if let role = try ssoRoleSettings(forProfile: name) { return role.session }
        let values = (mergedEntries(forProfile: name) ?? [:]).compactMapValues { $0.value.text }
        if let sessionName = values["sso_session"] { return try ssoSessionSettings(named: sessionName) }
        guard values["sso_start_url"] != nil || values["sso_region"] != nil else { return nil }
        guard let startURL = values["sso_start_url"], let region = values["sso_region"] else {
            throw .ssoSettingsMissing(profile: name, missing: ["sso_start_url", "sso_region"].filter { values[$0] == nil })
        }
        return SSOSessionSettings(name: nil, startURL: startURL, region: region,
                                  registrationScopes: SSOSessionSettings.scopes(values["sso_registration_scopes"]))
    }
}

extension Substring {
    /// Without the blanks Python's `str.strip()` removes at either end (ASCII whitespace and
    /// the other Unicode spaces).
    func trimmingPythonWhitespace() -> String {
        var text = self
        while text.first?.isWhitespace == true { text.removeFirst() }
        while text.last?.isWhitespace == true { text.removeLast() }
        return String(text)
    }
}

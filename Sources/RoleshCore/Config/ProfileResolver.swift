// Turns a profile name into the chain of roles to assume, following botocore's
// AssumeRoleProvider: the selected profile's role_arn wins over its keys, a source
// profile's keys win over its role_arn, and a profile may name itself as source only
// to use its own keys.

/// Resolves profiles of one `AWSConfig` into `RoleChain`s.
package struct ProfileResolver: Sendable {
    let config: AWSConfig
    /// The environment `credential_source = Environment` takes its keys from: the shell's
    /// below its rolesh stack. Also where a credential process's timeout is set.
    let environment: [String: String]

    package init(config: AWSConfig, environment: [String: String] = [:]) {
        self.config = config
        self.environment = environment
    }

    /// The profile the environment selects: `AWS_DEFAULT_PROFILE`, then `AWS_PROFILE`, then
    /// `default`. As in botocore, the first variable that is set decides, even when empty.
    static func selectedProfileName(environment: [String: String]) -> String {
        let chosen = environment["AWS_DEFAULT_PROFILE"] ?? environment["AWS_PROFILE"] ?? ""
        return chosen.isEmpty ? "default" : chosen
    }

    /// The base identity and the roles to assume, in order, for profile `name`.
    package func resolve(profileNamed name: String) throws(ConfigError) -> RoleChain {
        guard let profile = try config.profile(named: name) else {
            throw .profileNotFound(name, closeNames: closeNames(to: name))
        }
        var visited = [name]
        var warnings = profile.warnings
        let (base, hops): (any CredentialSource, [RoleHop])
        if assumesRole(profile) {
            (base, hops) = try assumeRoleChain(profile, visited: &visited, warnings: &warnings)
        } else {
            base = try ownCredentials(of: profile, selected: name)
            hops = []
        }
        return RoleChain(profile: profile, base: base, hops: hops, warnings: warnings)
    }

    /// botocore's `_has_assume_role_config_vars`: a role_arn that is not for web identity.
    private func assumesRole(_ profile: Profile) -> Bool {
        profile.roleARN != nil && !has(profile, .webIdentityTokenFile)
    }

    /// Whether the files set `key` for `profile`, for keys rolesh recognises but does not use.
    private func has(_ profile: Profile, _ key: ProfileKey) -> Bool {
        config.sets(key.name, inProfile: profile.name)
    }

    private static func hasStaticKeys(_ profile: Profile) -> Bool {
        profile.accessKeyID != nil || profile.secretAccessKey != nil
    }

    private func assumeRoleChain(_ profile: Profile, visited: inout [String],
                                 warnings: inout [String]) throws(ConfigError) -> (any CredentialSource, [RoleHop]) {
        let hop = RoleHop(profile: profile.name, roleARN: profile.roleARN ?? "", externalID: profile.externalID,
                          mfaSerial: profile.mfaSerial, roleSessionName: profile.roleSessionName,
                          durationSeconds: profile.durationSeconds, mfaProcess: profile.mfaProcess)
        switch (profile.sourceProfile, profile.credentialSource) {
        case (.some, .some):
            throw .bothSources(profile: profile.name)
        case (nil, nil):
            throw .noSource(profile: profile.name)
        case (nil, .some(let source)):
            switch source {
            case "Environment":
                return (EnvironmentKeys(environment, why: "profile \(profile.name) has credential_source = Environment"), [hop])
            case "EcsContainer":
                return (ContainerCredentials(profile: profile.name, environment: environment), [hop])
            case "Ec2InstanceMetadata":
                // botocore reads the metadata service's settings from the selected profile.
                return (InstanceMetadata(profile: profile.name, environment: environment,
                                         profileSettings: settings(ofProfile: visited[0])), [hop])
            default:
                throw .credentialSourceInvalid(profile: profile.name, source: source)
            }
        case (.some(let sourceName), nil):
            let source = try validatedSource(sourceName, of: profile.name, visited: visited)
            if !visited.contains(sourceName) { warnings += source.warnings }
            visited.append(sourceName)
            let (base, hops) = try credentials(ofSource: source, visited: &visited, warnings: &warnings)
            return (base, hops + [hop])
        }
    }

    /// botocore's `_validate_source_profile`: the source exists, and is not already on the chain
    /// unless it is the profile itself with keys of its own.
    private func validatedSource(_ name: String, of parent: String, visited: [String]) throws(ConfigError) -> Profile {
        guard let source = try config.profile(named: name) else {
            throw .sourceProfileNotFound(name, referencedBy: parent, closeNames: closeNames(to: name))
        }
        if visited.contains(name) && (name != parent || !Self.hasStaticKeys(source)) {
            throw .loop(visited + [name])
        }
        return source
    }

    /// botocore's `_resolve_credentials_from_profile`.
    private func credentials(ofSource source: Profile, visited: inout [String],
                             warnings: inout [String]) throws(ConfigError) -> (any CredentialSource, [RoleHop]) {
        if Self.hasStaticKeys(source) || !assumesRole(source) {
            return (try ownCredentials(of: source, selected: visited[0]), [])
        }
        return try assumeRoleChain(source, visited: &visited, warnings: &warnings)
    }

    /// The text values of profile `name`'s keys, both files merged.
    private func settings(ofProfile name: String) -> [String: String] {
        (config.mergedEntries(forProfile: name) ?? [:]).compactMapValues { $0.value.text }
    }

    /// The profile's own credentials in botocore's provider order: web identity (the
    /// profile's keys only: botocore reads the variables only where no profile is named), IAM
    /// Identity Center, the credentials file's keys, `aws login` (not supported),
    /// credential_process, then the config file's keys. botocore's SSO provider fires only for a profile with
    /// `sso_account_id` or `sso_role_name`: `sso_session` or `sso_start_url` alone leaves the
    /// profile to the providers after it.
    private func ownCredentials(of profile: Profile, selected: String) throws(ConfigError) -> any CredentialSource {
        let name = profile.name
        if has(profile, .webIdentityTokenFile),
           let source = try WebIdentity.fromProfile(settings(ofProfile: name), profile: name,
                                                    defaultSessionName: RoleAssumer.defaultSessionName(environment)) {
            return source
        }
        // The key check first: most profiles are not IAM Identity Center's, and it is cheap.
        if has(profile, .ssoAccountID) || has(profile, .ssoRoleName), let settings = try config.ssoRoleSettings(forProfile: name) {
            return SSORole(profile: name, settings: settings, config: config, selectedProfileName: selected, environment: environment)
        }
        if let keys = try staticKeys(in: config.credentialsSection(forProfile: name), profile: name, file: config.credentialsFile) {
            return StaticKeys(profile: name, keys: keys)
        }
        if has(profile, .loginSession) {
            throw .profileKindNotSupported(profile: name, kind: "aws login (login_session)")
        }
        if let command = profile.credentialProcess {
            return CredentialProcess(commandLine: command, profile: name, timeout: CredentialProcess.timeout(environment: environment))
        }
        if let keys = try staticKeys(in: config.configSection(forProfile: name), profile: name, file: config.configFile) {
            return StaticKeys(profile: name, keys: keys)
        }
        throw .noCredentials(profile: name)
    }

    /// Keys of one file's section, as botocore's SharedCredentialProvider and ConfigProvider
    /// read them: present only with aws_access_key_id, which then needs its secret.
    private func staticKeys(in section: ConfigSection?, profile: String, file: String) throws(ConfigError) -> Credentials? {
        func text(_ key: String) -> String? { section?.entries[key]?.value.text }
        guard let accessKeyID = text("aws_access_key_id") else { return nil }
        guard let secret = text("aws_secret_access_key") else {
            throw .partialCredentials(profile: profile, missing: "aws_secret_access_key", file: file)
        }
        return Credentials(accessKeyID: accessKeyID, secretAccessKey: secret,
                           sessionToken: text("aws_security_token") ?? text("aws_session_token"))
    }

    /// Up to three profile names a typo of `name` could have meant.
    func closeNames(to name: String) -> [String] {
        closeMatches(to: name, among: config.profileNames)
    }
}

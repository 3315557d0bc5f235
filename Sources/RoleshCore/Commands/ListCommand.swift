// `rolesh list`: the profiles that can be assumed, read from the config files only
// (no process, no network), as a table, bare names for completion, or stable JSON; and
// the [sso-session] names, for completion.
import FoundationEssentials


/// Lists assumable profiles: those with role_arn, static keys, credential_process,
/// credential_source, or an IAM Identity Center role (sso_account_id or sso_role_name, the
/// keys that make botocore use its SSO provider).
package enum ListCommand {
    package enum Format: Sendable {
        case table, names, json
        /// The names of the `[sso-session NAME]` sections, for `--sso-session` completion.
        case ssoSessionNames
    }

    /// What `rolesh list` prints for the files the environment points at.
    package static func run(format: Format, context: RoleshContext) throws -> String {
        let config = try CommandState(context).config()
        if format == .names {
            return config.profileNameLines(settingAnyOf: ProfileKey.assumable)
        }
        if format == .ssoSessionNames {
            return config.ssoSessionNames.map { $0 + "\n" }.joined()
        }
        let rows = try config.assumableProfiles()
        if format == .table && rows.isEmpty { return nothingToList(config) }
        return format == .json ? json(rows, config: config) : table(rows, config: config)
    }

    /// Why the table is empty, and where rolesh looked.
    private static func nothingToList(_ config: AWSConfig) -> String {
        let files = [config.configFile, config.credentialsFile].map { file in
            (FileManager.default.fileExists(atPath: file) ? file : "\(file) (missing)").escapingControlCharacters
        }
        return "no profile can be assumed: neither \(files[0]) nor \(files[1]) has a profile with role_arn, "
            + "static keys, credential_process, credential_source or sso_account_id (AWS_CONFIG_FILE and "
            + "AWS_SHARED_CREDENTIALS_FILE name other files)\n"
    }

    private static func table(_ profiles: [Profile], config: AWSConfig) -> String {
        let rows = [["NAME", "ROLE ARN", "SOURCE", "REGION"]] + profiles.map { profile in
            [profile.name, config.startingPoint(of: profile),
             profile.sourceProfile ?? profile.credentialSource ?? ssoSource(of: profile, config: config)
                ?? webIdentity(profile, config) ?? "-", profile.region ?? "-"]
                .map(\.escapingControlCharacters)
        }
        return textTable(rows)
    }

    /// Where an SSO profile signs in: `sso-session NAME`, or the legacy start URL.
    private static func ssoSource(of profile: Profile, config: AWSConfig) -> String? {
        let keys = config.ssoKeys(ofProfile: profile.name)
        guard keys.isSSORole else { return nil }
        return keys.session.map { "sso-session \($0)" } ?? keys.startURL ?? "sso"
    }

    /// "web identity" for a profile whose role is assumed with a token file.
    private static func webIdentity(_ profile: Profile, _ config: AWSConfig) -> String? {
        config.sets(ProfileKey.webIdentityTokenFile.name, inProfile: profile.name) ? "web identity" : nil
    }

    private static func json(_ profiles: [Profile], config: AWSConfig) -> String {
        jsonArrayOfObjects(profiles.map { profile in
            let sso = config.ssoKeys(ofProfile: profile.name)
            return [
                ("name", profile.name), ("role_arn", profile.roleARN), ("source_profile", profile.sourceProfile),
                ("credential_source", profile.credentialSource), ("region", profile.region), ("mfa_serial", profile.mfaSerial),
                ("sso_account_id", sso.accountID), ("sso_role_name", sso.roleName), ("sso_session", sso.session),
            ]
        })
    }
}

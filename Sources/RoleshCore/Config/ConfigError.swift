// Everything that can be wrong with the AWS config and credentials files, or with the
// profile a command asked for, said in one line a person can act on.
import FoundationEssentials


/// A config file that does not parse, or a profile that does not resolve.
package enum ConfigError: Error, Equatable, Sendable {
    /// The file does not follow botocore's INI rules at `location`.
    case syntax(SourceLocation, reason: String)
    /// The file is not UTF-8 text (botocore rejects it too).
    case notUTF8(file: String)
    /// The file exists but could not be read.
    case unreadable(file: String, reason: String)
    case profileNotFound(String, closeNames: [String])
    case sourceProfileNotFound(String, referencedBy: String, closeNames: [String])
    /// `source_profile` leads back to a profile already on the chain; the whole chain, in order.
    case loop([String])
    case bothSources(profile: String)
    case noSource(profile: String)
    case credentialSourceInvalid(profile: String, source: String)
    case noCredentials(profile: String)
    case partialCredentials(profile: String, missing: String, file: String)
    /// A web identity token file without a role ARN (profile empty: the environment's variables).
    case webIdentityWithoutRoleARN(profile: String)
    /// `aws login` profiles resolve through flows rolesh does not run.
    case profileKindNotSupported(profile: String, kind: String)
    /// An SSO profile lacks keys botocore requires (its order: role, account, start URL, region, session).
    case ssoSettingsMissing(profile: String, missing: [String])
    /// `sso_session = NAME` names no `[sso-session NAME]` section.
    case ssoSessionNotFound(String, closeNames: [String])
    /// A key set both in the profile and in its `[sso-session]`, to different values.
    case ssoSettingInconsistent(key: String, profileValue: String, sessionValue: String)
    /// An `[sso-session NAME]` section without `sso_start_url` or `sso_region`.
    case ssoSessionIncomplete(String, missing: [String])
}

extension ConfigError: LocalizedError {
    /// Names and values come from the files, where a value may run over several lines or
    /// hold control characters; they are escaped so the message stays one line.
    package var errorDescription: String? {
        line.escapingControlCharacters
    }

    private var line: String {
        switch self {
        case .syntax(let location, let reason):
            return "\(location.file):\(location.line): \(reason); fix the file (the aws CLI rejects it too)"
        case .notUTF8(let file):
            return "\(file) is not UTF-8 text; save it as UTF-8"
        case .unreadable(let file, let reason):
            return "cannot read \(file): \(reason)"
        case .profileNotFound(let name, let closeNames):
            return "profile \"\(name)\" is not in the AWS config or credentials file" + suggestion(closeNames)
        case .sourceProfileNotFound(let name, let parent, let closeNames):
            return "source_profile \"\(name)\" of profile \"\(parent)\" does not exist" + suggestion(closeNames)
        case .loop(let chain):
            return "profile loop: \(chain.joined(separator: " -> ")); break the source_profile cycle"
        case .bothSources(let profile):
            return "profile \"\(profile)\" has both source_profile and credential_source; keep one"
        case .noSource(let profile):
            return "profile \"\(profile)\" has role_arn but neither source_profile nor credential_source; add one"
        case .credentialSourceInvalid(let profile, let source):
            return "credential_source = \(source) in profile \"\(profile)\" is not valid; use Environment, EcsContainer or Ec2InstanceMetadata"
        case .noCredentials(let profile):
            return "profile \"\(profile)\" has no credentials: add role_arn, static keys or credential_process"
        case .partialCredentials(let profile, let missing, let file):
            return "profile \"\(profile)\" in \(file) lacks \(missing); add it next to aws_access_key_id"
        // The first words are botocore's: "…configured to assume role with web identity but has no role ARN configured".
        case .webIdentityWithoutRoleARN(let profile):
            return profile.isEmpty
                ? "the environment is configured to assume role with web identity (AWS_WEB_IDENTITY_TOKEN_FILE) but has no role ARN configured; set AWS_ROLE_ARN"
                : "profile \"\(profile)\" is configured to assume role with web identity but has no role ARN configured; add role_arn to it"
        case .profileKindNotSupported(let profile, let kind):
            return "profile \"\(profile)\" uses \(kind), which rolesh does not support; use a role or static-key profile"
        // The first sentence of each is botocore's own, so that the aws CLI and rolesh read alike.
        case .ssoSettingsMissing(let profile, let missing):
            return "The profile \"\(profile)\" is configured to use SSO but is missing required configuration: \(missing.joined(separator: ", ")); add it to the profile or its [sso-session]"
        case .ssoSessionNotFound(let name, let closeNames):
            return "The specified sso-session does not exist: \"\(name)\"; add an [sso-session \(name)] section to the config file"
                + (closeNames.isEmpty ? "" : " (did you mean \(closeNames.map { "\"\($0)\"" }.joined(separator: ", "))?)")
        case .ssoSettingInconsistent(let key, let profileValue, let sessionValue):
            return "The value for \(key) is inconsistent between profile (\(profileValue)) and sso-session (\(sessionValue)). Keep it in one of them"
        case .ssoSessionIncomplete(let name, let missing):
            return "the sso-session \"\(name)\" is missing required configuration: \(missing.joined(separator: ", ")); add it to its [sso-session \(name)] section"
        }
    }

    private func suggestion(_ names: [String]) -> String {
        names.isEmpty ? "; `rolesh list` shows the profiles" : "; did you mean \(names.map { "\"\($0)\"" }.joined(separator: ", "))?"
    }
}

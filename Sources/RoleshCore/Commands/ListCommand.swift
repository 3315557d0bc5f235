// `rolesh list`: the profiles that can be assumed, read from the config files only
// (no process, no network), as a table, bare names for completion, or stable JSON.
import FoundationEssentials


/// Lists assumable profiles: those with role_arn, static keys, credential_process or credential_source.
public enum ListCommand {
    public enum Format: Sendable {
        case table, names, json
    }

    /// What `rolesh list` prints for the files `environment` points at.
    public static func run(format: Format, environment: [String: String]) throws(ConfigError) -> String {
        let config = try AWSConfig.load(environment: environment)
        if format == .names {
            return config.profileNameLines(settingAnyOf: assumableKeys)
        }
        let rows = try assumableProfiles(in: config)
        if format == .table && rows.isEmpty { return nothingToList(config) }
        return format == .json ? json(rows) : table(rows, config: config)
    }

    /// Why the table is empty, and where rolesh looked.
    private static func nothingToList(_ config: AWSConfig) -> String {
        let files = [config.configFile, config.credentialsFile].map { file in
            (FileManager.default.fileExists(atPath: file) ? file : "\(file) (missing)").escapingControlCharacters
        }
        return "no profile can be assumed: neither \(files[0]) nor \(files[1]) has a profile with role_arn, "
            + "static keys, credential_process or credential_source (AWS_CONFIG_FILE and "
            + "AWS_SHARED_CREDENTIALS_FILE name other files)\n"
    }

    /// The profiles `rolesh list` shows, sorted by name.
    static func assumableProfiles(in config: AWSConfig) throws(ConfigError) -> [Profile] {
        var rows: [Profile] = []
        for name in config.profileNames(settingAnyOf: assumableKeys) {
            if let profile = try config.profile(named: name) { rows.append(profile) }
        }
        return rows
    }

    private static let assumableKeys = ["role_arn", "aws_access_key_id", "credential_process", "credential_source"]

    private static func table(_ profiles: [Profile], config: AWSConfig) -> String {
        let rows = [["NAME", "ROLE ARN", "SOURCE", "REGION"]] + profiles.map { profile in
            [profile.name, identity(of: profile, config: config),
             profile.sourceProfile ?? profile.credentialSource ?? webIdentity(profile, config) ?? "-", profile.region ?? "-"]
                .map(\.escapingControlCharacters)
        }
        let widths = (0..<4).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { column, cell in
                column == 3 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
            }.joined() + "\n"
        }.joined()
    }

    /// "web identity" for a profile whose role is assumed with a token file.
    private static func webIdentity(_ profile: Profile, _ config: AWSConfig) -> String? {
        config.sets("web_identity_token_file", inProfile: profile.name) ? "web identity" : nil
    }

    /// What the profile starts from, in botocore's order for a selected profile.
    static func identity(of profile: Profile, config: AWSConfig) -> String {
        if let roleARN = profile.roleARN { return roleARN }
        if config.credentialsSection(forProfile: profile.name)?.entries["aws_access_key_id"] != nil { return "static keys" }
        if profile.credentialProcess != nil { return "credential_process" }
        return profile.accessKeyID != nil ? "static keys" : "-"
    }

    private static func json(_ profiles: [Profile]) -> String {
        let objects = profiles.map { profile in
            let fields: [(String, String?)] = [
                ("name", profile.name), ("role_arn", profile.roleARN), ("source_profile", profile.sourceProfile),
                ("credential_source", profile.credentialSource), ("region", profile.region), ("mfa_serial", profile.mfaSerial),
            ]
            return "  {" + fields.map { "\(jsonString($0.0)): \($0.1.map(jsonString) ?? "null")" }.joined(separator: ", ") + "}"
        }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
}

// ~/.aws/config and ~/.aws/credentials read together, the way botocore's session builds
// `full_config`: config sections mapped to profiles, then each credentials-file section
// laid over the profile of the same name, key by key.

import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two AWS files, parsed, with botocore's profile map and merge.
public struct AWSConfig: Sendable {
    public let configFile: String
    public let credentialsFile: String
    /// Profiles as the config file alone defines them (`[profile x]`, `[default]`).
    let configProfiles: [String: ConfigSection]
    /// Sections of the credentials file, by their plain names.
    let credentialsProfiles: [String: ConfigSection]
    let ssoSessions: [String: ConfigSection]
    let services: [String: ConfigSection]

    /// Parses both files' text; the paths only name the files in errors.
    public init(configText: String, configFile: String, credentialsText: String, credentialsFile: String) throws(ConfigError) {
        self.configFile = configFile
        self.credentialsFile = credentialsFile
        let sections = try INIParser.parse(configText, file: configFile)
        var profiles = [String: ConfigSection](minimumCapacity: sections.count)
        var ssoSessions: [String: ConfigSection] = [:]
        var services: [String: ConfigSection] = [:]
        // botocore's build_profile_map: a later section with the same resolved name wins.
        for section in sections {
            if section.name.hasPrefix("profile") {
                if let name = Self.qualifiedName(section.name) { profiles[name] = section }
            } else if section.name.hasPrefix("sso-session") {
                if let name = Self.qualifiedName(section.name) { ssoSessions[name] = section }
            } else if section.name.hasPrefix("services") {
                if let name = Self.qualifiedName(section.name) { services[name] = section }
            } else if section.name == "default" {
                profiles["default"] = section
            }
        }
        var credentials: [String: ConfigSection] = [:]
        for section in try INIParser.parse(credentialsText, file: credentialsFile) {
            credentials[section.name] = section
        }
        configProfiles = profiles
        credentialsProfiles = credentials
        self.ssoSessions = ssoSessions
        self.services = services
    }

    /// Reads the files the environment names (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`,
    /// else `~/.aws/config` and `~/.aws/credentials`). A file that does not exist is empty.
    public static func load(environment: [String: String]) throws(ConfigError) -> AWSConfig {
        let configFile = expandPath(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config", environment: environment)
        let credentialsFile = expandPath(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials",
                                         environment: environment)
        return try AWSConfig(configText: try readText(configFile), configFile: configFile,
                             credentialsText: try readText(credentialsFile), credentialsFile: credentialsFile)
    }

    /// Every profile either file defines, sorted.
    public var profileNames: [String] {
        var names = Array(configProfiles.keys)
        names += credentialsProfiles.keys.filter { configProfiles[$0] == nil }
        return names.sorted()
    }

    /// Whether either file sets `key` for profile `name`: `mergedEntries(name)?[key] != nil`
    /// without building the merged entries.
    func sets(_ key: String, inProfile name: String) -> Bool {
        configProfiles[name]?.entries[key] != nil || credentialsProfiles[name]?.entries[key] != nil
    }

    /// The profile `name` with credentials-file keys over config-file keys, or nil when
    /// neither file has it. Throws when `duration_seconds` is not a whole number.
    public func profile(named name: String) throws(ConfigError) -> Profile? {
        guard let entries = mergedEntries(name) else { return nil }
        var profile = Profile(name: name)
        func text(_ key: String) -> String? { entries[key]?.value.text }
        profile.roleARN = text("role_arn")
        profile.sourceProfile = text("source_profile")
        profile.credentialSource = text("credential_source")
        profile.mfaSerial = text("mfa_serial")
        profile.externalID = text("external_id")
        profile.roleSessionName = text("role_session_name")
        profile.region = text("region")
        profile.credentialProcess = text("credential_process")
        profile.endpointURL = text("endpoint_url")
        profile.stsRegionalEndpoints = text("sts_regional_endpoints")
        profile.services = text("services")
        profile.accessKeyID = text("aws_access_key_id")
        profile.secretAccessKey = text("aws_secret_access_key")
        profile.sessionToken = text("aws_security_token") ?? text("aws_session_token")
        profile.location = configProfiles[name]?.location ?? credentialsProfiles[name]?.location
        if let entry = entries["duration_seconds"] {
            let value = entry.value.text ?? ""
            guard let seconds = Int(value) else {
                throw .durationNotANumber(profile: name, value: value, at: entry.location)
            }
            profile.durationSeconds = seconds
        }
        return profile
    }

    /// The `endpoint_url` of the `sts` sub-section of the `[services NAME]` section that
    /// `profile` names with `services = NAME`.
    public func stsEndpointURL(for profile: Profile) -> String? {
        guard let name = profile.services, case .nested(let sts)? = services[name]?.entries["sts"]?.value else {
            return nil
        }
        return sts["endpoint_url"]
    }

    /// Keys of the merged profile, credentials file over config file (botocore's `update`).
    func mergedEntries(_ name: String) -> [String: ConfigEntry]? {
        let fromConfig = configProfiles[name]?.entries
        let fromCredentials = credentialsProfiles[name]?.entries
        if fromConfig == nil && fromCredentials == nil { return nil }
        return (fromConfig ?? [:]).merging(fromCredentials ?? [:], uniquingKeysWith: { $1 })
    }

    /// `profile x`, `profile "x y"`: the second of exactly two shell words, or nil, as botocore's
    /// `_parse_section` does (it silently drops anything else).
    private static func qualifiedName(_ header: String) -> String? {
        guard let words = try? ShellWords.split(header), words.count == 2 else { return nil }
        return words[1]
    }
}

/// Expands `$VAR`, `${VAR}` and a leading `~` the way botocore (os.path.expandvars and
/// expanduser) does; unknown variables stay as written.
func expandPath(_ path: String, environment: [String: String]) -> String {
    var expanded = ""
    var scalars = Substring(path).unicodeScalars[...]
    func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.properties.isAlphabetic && scalar.isASCII) || ("0"..."9").contains(scalar)
    }
    while let scalar = scalars.first {
        scalars = scalars.dropFirst()
        guard scalar == "$" else {
            expanded.unicodeScalars.append(scalar)
            continue
        }
        if scalars.first == "{", let close = scalars.firstIndex(of: "}") {
            let name = String(String.UnicodeScalarView(scalars[scalars.index(after: scalars.startIndex)..<close]))
            if let value = environment[name] {
                expanded += value
                scalars = scalars[scalars.index(after: close)...]
                continue
            }
        } else {
            let name = String(String.UnicodeScalarView(scalars.prefix(while: isNameScalar)))
            if !name.isEmpty, let value = environment[name] {
                expanded += value
                scalars = scalars.dropFirst(name.unicodeScalars.count)
                continue
            }
        }
        expanded.unicodeScalars.append(scalar)
    }
    if let home = environment["HOME"], expanded == "~" || expanded.hasPrefix("~/") {
        let trimmedHome = home.count > 1 && home.hasSuffix("/") ? String(home.dropLast()) : home
        expanded = trimmedHome + expanded.dropFirst()
    }
    return expanded
}

/// The file's text, "" when there is no regular file there (botocore: ConfigNotFound).
private func readText(_ path: String) throws(ConfigError) -> String {
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return "" }
    let bytes: [UInt8]
    do {
        bytes = try readForeignFile(path)
    } catch {
        throw .unreadable(file: path, reason: error.reason)
    }
    guard let text = String(validating: bytes, as: UTF8.self) else { throw .notUTF8(file: path) }
    return text
}

// ~/.aws/config and ~/.aws/credentials read together, the way botocore's session builds
// `full_config`: config sections mapped to profiles, then each credentials-file section
// laid over the profile of the same name, key by key.

import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The two AWS files, read and checked, with botocore's profile map and merge. Sections
/// are built into Strings only for the profiles asked for (INIFile).
package struct AWSConfig: Sendable {
    let configFile: String
    let credentialsFile: String
    private let config: INIFile
    private let credentials: INIFile
    /// Profiles as the config file alone defines them (`[profile x]`, `[default]`), to the
    /// index of their section there.
    private let profiles: ByteStringIndex
    /// `[services NAME]` sections of the config file, to the index of their section.
    private let services: ByteStringIndex
    /// `[sso-session NAME]` sections of the config file, to the index of their section.
    private let ssoSessions: ByteStringIndex

    /// Parses both files' text; the paths only name the files in errors.
    package init(configText: String, configFile: String, credentialsText: String, credentialsFile: String) throws(ConfigError) {
        try self.init(configBytes: Array(configText.utf8), configFile: configFile,
                      credentialsBytes: Array(credentialsText.utf8), credentialsFile: credentialsFile)
    }

    /// Parses both files' bytes.
    init(configBytes: [UInt8], configFile: String, credentialsBytes: [UInt8], credentialsFile: String) throws(ConfigError) {
        self.configFile = configFile
        self.credentialsFile = credentialsFile
        config = try INIFile(bytes: configBytes, file: configFile)
        credentials = try INIFile(bytes: credentialsBytes, file: credentialsFile)
        var profiles = ByteStringIndex(text: config.bytes, expectedCount: config.sectionCount)
        var services = ByteStringIndex(text: config.bytes)
        var ssoSessions = ByteStringIndex(text: config.bytes)
        // botocore's build_profile_map: a later section with the same resolved name wins.
        for index in 0..<config.sectionCount {
            let header = config.sectionName(index)
            if Self.starts(header, with: SectionPrefix.profile) {
                Self.store(Self.qualifiedName(header), in: &profiles, section: index)
            } else if Self.starts(header, with: SectionPrefix.ssoSession) {
                Self.store(Self.qualifiedName(header), in: &ssoSessions, section: index)
            } else if Self.starts(header, with: SectionPrefix.services) {
                Self.store(Self.qualifiedName(header), in: &services, section: index)
            } else if header.elementsEqual(SectionPrefix.defaultProfile) {
                profiles.insert(textAt: header.indices, value: index, replacing: true)
            }
        }
        self.profiles = profiles
        self.services = services
        self.ssoSessions = ssoSessions
    }

    /// Reads the files the environment names (`AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`,
    /// else `~/.aws/config` and `~/.aws/credentials`). A file that does not exist is empty.
    static func load(environment: [String: String]) throws(ConfigError) -> AWSConfig {
        let configFile = configFilePath(environment: environment)
        let credentialsFile = expandPath(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials",
                                         environment: environment)
        return try AWSConfig(configBytes: try readText(configFile), configFile: configFile,
                             credentialsBytes: try readText(credentialsFile), credentialsFile: credentialsFile)
    }

    /// The config file the environment names: `AWS_CONFIG_FILE`, else `~/.aws/config`.
    static func configFilePath(environment: [String: String]) -> String {
        expandPath(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config", environment: environment)
    }

    /// Every profile either file defines, sorted by code point (as Python sorts).
    package var profileNames: [String] { profileNames(settingAnyOf: nil) }

    /// The profiles that set at least one of `keys` (lower-case) in either file, or all of
    /// them when `keys` is nil, sorted by code point.
    func profileNames(settingAnyOf keys: [String]?) -> [String] {
        names(settingAnyOf: keys).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `profileNames(settingAnyOf:)`, each followed by a newline: what `rolesh list --names`
    /// prints at every completion, made from bytes as one String.
    func profileNameLines(settingAnyOf keys: [String]) -> String {
        let names = names(settingAnyOf: keys)
        var lines: [UInt8] = []
        lines.reserveCapacity(names.reduce(names.count) { $0 + $1.count })
        for name in names {
            lines += name
            lines.append(UInt8(ascii: "\n"))
        }
        return String(decoding: lines, as: UTF8.self)
    }

    /// The names of the profiles that set one of `keys` (all profiles when nil), sorted.
    private func names(settingAnyOf keys: [String]?) -> [ArraySlice<UInt8>] {
        let keys = keys?.map { Array($0.utf8) }
        var names: [ArraySlice<UInt8>] = []
        names.reserveCapacity(profiles.count + credentials.sectionCount)
        let hasCredentials = credentials.sectionCount > 0
        profiles.forEach { name, index in
            let credentialsSection = hasCredentials ? credentials.section(named: name) : nil
            if sets(anyOf: keys, configSection: index, credentialsSection: credentialsSection) { names.append(name) }
        }
        for index in 0..<credentials.sectionCount {
            let name = credentials.sectionName(index)
            if profiles.find(name) == nil, sets(anyOf: keys, configSection: nil, credentialsSection: index) { names.append(name) }
        }
        // UTF-8 bytes sort in code point order.
        names.sort { $0.lexicographicallyPrecedes($1) }
        return names
    }

    /// Whether either section sets one of `keys`; true when `keys` is nil.
    private func sets(anyOf keys: [[UInt8]]?, configSection: Int?, credentialsSection: Int?) -> Bool {
        guard let keys else { return true }
        for key in keys {
            if let configSection, config.sets(key, inSection: configSection) { return true }
            if let credentialsSection, credentials.sets(key, inSection: credentialsSection) { return true }
        }
        return false
    }

    /// Whether either file sets `key` (lower-case) for profile `name`, without building its entries.
    func sets(_ key: String, inProfile name: String) -> Bool {
        sets(anyOf: [Array(key.utf8)], configSection: profiles.find(name.utf8), credentialsSection: credentials.section(named: name.utf8))
    }

    /// The config file's section for profile `name`.
    func configSection(forProfile name: String) -> ConfigSection? {
        profiles.find(name.utf8).map { config.section($0) }
    }

    /// The credentials file's section for profile `name`.
    func credentialsSection(forProfile name: String) -> ConfigSection? {
        credentials.section(named: name.utf8).map { credentials.section($0) }
    }

    /// The keys of profile `name`, credentials-file keys over config-file keys (botocore's
    /// `full_config` merge), or nil when neither file has it.
    func mergedEntries(forProfile name: String) -> [String: ConfigEntry]? {
        let fromConfig = configSection(forProfile: name)
        let fromCredentials = credentialsSection(forProfile: name)
        if fromConfig == nil && fromCredentials == nil { return nil }
        return (fromConfig?.entries ?? [:]).merging(fromCredentials?.entries ?? [:], uniquingKeysWith: { $1 })
    }

    /// The config file's `[sso-session NAME]` section.
    func ssoSessionSection(named name: String) -> ConfigSection? {
        ssoSessions.find(name.utf8).map { config.section($0) }
    }

    /// The names of the config file's `[sso-session NAME]` sections, sorted by code point.
    var ssoSessionNames: [String] {
        var names: [ArraySlice<UInt8>] = []
        ssoSessions.forEach { name, _ in names.append(name) }
        names.sort { $0.lexicographicallyPrecedes($1) }
        return names.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The `endpoint_url` of sub-section `service` (`sts`, `sso`, `sso_oidc`) of the
    /// `[services NAME]` section that `profile` names with `services = NAME`.
    func serviceEndpointURL(_ service: String, for profile: Profile) -> String? {
        guard let name = profile.services, let index = services.find(name.utf8),
              case .nested(let settings)? = config.section(index).entries[service]?.value else {
            return nil
        }
        return settings["endpoint_url"]
    }

    /// The profile `name` with credentials-file keys over config-file keys, or nil when
    /// neither file has it. A `duration_seconds` that is not a whole number is left out with
    /// a warning, as botocore leaves it out (`int()` fails, the request has no DurationSeconds).
    package func profile(named name: String) throws(ConfigError) -> Profile? {
        let fromConfig = configSection(forProfile: name)
        let fromCredentials = credentialsSection(forProfile: name)
        if fromConfig == nil && fromCredentials == nil { return nil }
        // botocore's `update`: the credentials file's keys over the config file's.
        let entries = (fromConfig?.entries ?? [:]).merging(fromCredentials?.entries ?? [:], uniquingKeysWith: { $1 })
        var profile = Profile(name: name)
        func text(_ key: String) -> String? { entries[key]?.value.text }
        profile.roleARN = text("role_arn")
        profile.sourceProfile = text("source_profile")
        profile.credentialSource = text("credential_source")
        profile.mfaSerial = text("mfa_serial")
        profile.mfaProcess = text("mfa_process")
        profile.externalID = text("external_id")
        profile.roleSessionName = text("role_session_name")
        profile.region = text("region")
        profile.credentialProcess = text("credential_process")
        profile.endpointURL = text("endpoint_url")
        profile.stsRegionalEndpoints = text("sts_regional_endpoints")
        profile.useFIPSEndpoint = text("use_fips_endpoint")
        profile.useDualStackEndpoint = text("use_dualstack_endpoint")
        profile.ignoreConfiguredEndpointURLs = text("ignore_configured_endpoint_urls")
        profile.services = text("services")
        profile.accessKeyID = text("aws_access_key_id")
        profile.secretAccessKey = text("aws_secret_access_key")
        profile.sessionToken = text("aws_security_token") ?? text("aws_session_token")
        profile.location = fromConfig?.location ?? fromCredentials?.location
        if let entry = entries["duration_seconds"] {
            let value = entry.value.text ?? ""
            if let seconds = pythonInteger(value) {
                profile.durationSeconds = seconds
            } else {
                profile.warnings.append(
                    "\(entry.location.file):\(entry.location.line): duration_seconds = \(value) in profile \"\(name)\" is not a whole number of seconds; it is ignored, as the aws CLI ignores it")
            }
        }
        return profile
    }

    /// The `endpoint_url` of the `sts` sub-section of the `[services NAME]` section that
    /// `profile` names with `services = NAME`.
    package func stsEndpointURL(for profile: Profile) -> String? {
        serviceEndpointURL("sts", for: profile)
    }

    /// `profile x`, `profile "x y"`: the second of exactly two shell words, or nil, as botocore's
    /// `_parse_section` does (it silently drops anything else).
    private static func qualifiedName(_ header: ArraySlice<UInt8>) -> QualifiedName? {
        // Without quotes or backslashes shlex only splits at whitespace: the usual header's
        // words are found as ranges in one pass, without making an array or a String of them.
        var words = 0
        var second: Range<Int>?
        var offset = header.startIndex
        while offset < header.endIndex {
            let byte = header[offset]
            if ShellWords.isQuoteOrEscape(byte) {
                guard let words = try? ShellWords.split(String(decoding: header, as: UTF8.self)), words.count == 2 else { return nil }
                return .unquoted(Array(words[1].utf8))
            }
            guard !ShellWords.isWhitespace(byte) else {
                offset += 1
                continue
            }
            let start = offset
            while offset < header.endIndex, !ShellWords.isWhitespace(header[offset]), !ShellWords.isQuoteOrEscape(header[offset]) {
                offset += 1
            }
            words += 1
            if words == 2 { second = start..<offset }
        }
        return words == 2 ? second.map { .inHeader($0) } : nil
    }

    /// Whether `header` starts with `prefix`, compared byte by byte (the generic `starts(with:)`
    /// cost ten times as much, on 10,000 headers).
    private static func starts(_ header: ArraySlice<UInt8>, with prefix: [UInt8]) -> Bool {
        guard header.count >= prefix.count else { return false }
        for offset in 0..<prefix.count where header[header.startIndex + offset] != prefix[offset] { return false }
        return true
    }

    /// A profile's name in its header: a range of the config file, or the bytes shlex made
    /// of a quoted or escaped one.
    private enum QualifiedName {
        case inHeader(Range<Int>)
        case unquoted([UInt8])
    }

    /// Stores `name` in `index` for section `section`; a later section with the name wins.
    private static func store(_ name: QualifiedName?, in index: inout ByteStringIndex, section: Int) {
        switch name {
        case .inHeader(let range): index.insert(textAt: range, value: section, replacing: true)
        case .unquoted(let bytes): index.insert(bytes, value: section, replacing: true)
        case nil: break
        }
    }
}

/// How botocore tells the config file's sections apart: by the start of the header.
private enum SectionPrefix {
    static let profile = Array("profile".utf8)
    static let ssoSession = Array("sso-session".utf8)
    static let services = Array("services".utf8)
    static let defaultProfile = Array("default".utf8)
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

/// `value` as Python's `int()` reads it (what botocore does to `duration_seconds`): blanks
/// around an optional sign and ASCII digits, single underscores allowed between digits; nil
/// otherwise. (Python also takes non-ASCII decimal digits; not worth a table here.)
func pythonInteger(_ value: String) -> Int? {
    var digits = Substring(value)
    while digits.first?.isWhitespace == true { digits.removeFirst() }
    while digits.last?.isWhitespace == true { digits.removeLast() }
    let negative = digits.first == "-"
    if digits.first == "-" || digits.first == "+" { digits = digits.dropFirst() }
    let parts = digits.split(separator: "_", omittingEmptySubsequences: false)
    guard !digits.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { ("0"..."9").contains($0) } }),
          let magnitude = Int(parts.joined()) else { return nil }
    return negative ? -magnitude : magnitude
}

/// The file's bytes; none when there is no regular file there (botocore: ConfigNotFound).
private func readText(_ path: String) throws(ConfigError) -> [UInt8] {
    var status = stat()
    guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return [] }
    do {
        return try readForeignFile(path)
    } catch {
        throw .unreadable(file: path, reason: error.reason)
    }
}

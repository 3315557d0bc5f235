// `rolesh sso roles` and `rolesh sso populate`: what a sign-in can reach, printed, or
// written into the config file as profiles. Both start from the assignments the portal
// lists (SSORoleListing); what they do with them is here.

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `rolesh sso roles`: the assignments as a table or as JSON.
public enum SSORolesCommand {
    /// Every account and role the sign-in of `--sso-session NAME` (or of the only
    /// [sso-session] there is) can use, and that session's name. The token comes from the
    /// shared cache, refreshed or signed in for as any user-typed command may.
    /// `progress` hears the accounts done and the total.
    public static func assignments(session requested: String?, context: RoleshContext,
                                   progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil)
        throws -> (session: String, assignments: [SSORoleAssignment]) {
        let config = try AWSConfig.load(environment: context.environment)
        let session = try SSOSessionChoice.settings(requested, config: config)
        let selected = try selectedProfile(config: config, environment: context.environment)
        let provider = SSOTokenProvider(context: context, config: config, selectedProfile: selected)
        let token = try provider.token(for: session, interaction: .interactive)
        let endpoints = try SSOEndpoints(environment: context.environment, config: config, selectedProfile: selected,
                                         region: session.region)
        let portal = SSOPortal(transport: context.transport, endpoint: endpoints.portal,
                               timeouts: try HTTPTimeouts(environment: context.environment))
        let name = session.name ?? session.startURL
        return (name, try SSORoleListing.assignments(portal: portal, token: token.accessToken, session: session.displayName,
                                                     progress: progress))
    }

    /// The profile the environment selects, when the files define it: its endpoint
    /// settings apply to the portal, as they do for the aws CLI's nested clients.
    private static func selectedProfile(config: AWSConfig, environment: [String: String]) throws -> Profile? {
        let name = [environment["AWS_DEFAULT_PROFILE"], environment["AWS_PROFILE"]].lazy.compactMap { $0 }.first { !$0.isEmpty }
        return try config.profile(named: name ?? "default")
    }

    /// The table (ACCOUNT ID, ACCOUNT NAME, ROLE), or the JSON array documented in
    /// `rolesh sso roles --help`: one object per account and role, keys `account_id`,
    /// `account_name`, `email` (null when the portal gave none) and `role_name`.
    public static func render(_ assignments: [SSORoleAssignment], json: Bool) -> String {
        if json {
            return jsonArrayOfObjects(assignments.map { assignment in
                [("account_id", assignment.accountID), ("account_name", assignment.accountName),
                 ("email", assignment.email), ("role_name", assignment.roleName)]
            })
        }
        let rows = [["ACCOUNT ID", "ACCOUNT NAME", "ROLE"]] + assignments.map { assignment in
            [assignment.accountID, assignment.accountName, assignment.roleName].map(\.escapingControlCharacters)
        }
        return textTable(rows)
    }
}

/// Which [sso-session] `sso roles` and `sso populate` work for.
public enum SSOSessionChoice {
    /// `requested`'s settings; without a name, the only [sso-session] of the config file.
    static func settings(_ requested: String?, config: AWSConfig) throws -> SSOSessionSettings {
        if let requested { return try config.ssoSessionSettings(named: requested) }
        let names = config.ssoSessionNames
        guard names.count == 1 else { throw SSOSessionChoiceError(file: config.configFile, sessions: names) }
        return try config.ssoSessionSettings(named: names[0])
    }
}

/// No [sso-session] to choose, or more than one and none named.
public struct SSOSessionChoiceError: Error, Equatable, LocalizedError {
    public var file: String
    public var sessions: [String]

    public var errorDescription: String? {
        if sessions.isEmpty {
            return "\(file.escapingControlCharacters) has no [sso-session NAME] section; add one with sso_start_url and sso_region "
                + "(the aws CLI's `aws configure sso-session` writes it), then run this again"
        }
        return "\(file.escapingControlCharacters) has \(sessions.count) [sso-session] sections; choose one with --sso-session "
            + sessions.map(\.escapingControlCharacters).joined(separator: " | ")
    }
}

/// `rolesh sso populate`: the config file's block for one sso-session, planned and written.
public enum SSOPopulateCommand {
    public struct Options: Equatable, Sendable {
        public var prefix: String
        public var region: String?
        public var dryRun: Bool
        public var prune: Bool

        public init(prefix: String = "", region: String? = nil, dryRun: Bool = false, prune: Bool = false) {
            self.prefix = prefix
            self.region = region
            self.dryRun = dryRun
            self.prune = prune
        }
    }

    /// Checks the options before anything reaches the network.
    public static func validate(_ options: Options) throws {
        try SSOProfileBlock.checkPrefix(options.prefix)
        if let region = options.region { try SSOProfileBlock.checkRegion(region) }
    }

    /// Plans the block of `session` for `assignments` in the config file `environment`
    /// names, writes it unless `dryRun`, and returns the report for stdout. With
    /// `stateRoot`, the read, plan and write happen under a lock in rolesh's state folder,
    /// so that two populates (of two sessions, say) cannot lose one another's block.
    public static func run(_ options: Options, session: String, assignments: [SSORoleAssignment],
                           environment: [String: String], stateRoot: String? = nil) throws -> String {
        guard let stateRoot else { return try runUnlocked(options, session: session, assignments: assignments, environment: environment) }
        guard let root = try StateFolder.openRoot(stateRoot, create: true), let folder = try root.folder("sso", create: true) else {
            throw StorageError.notFound(path: stateRoot)
        }
        let lock = try folder.lockFile("populate.lock")
        try lock.lock()
        return try withExtendedLifetime(lock) {
            try runUnlocked(options, session: session, assignments: assignments, environment: environment)
        }
    }

    private static func runUnlocked(_ options: Options, session: String, assignments: [SSORoleAssignment],
                                    environment: [String: String]) throws -> String {
        try validate(options)
        let file = try ConfigFileTarget(path: AWSConfig.configFilePath(environment: environment))
        // The file as it stands must be one the aws CLI reads: its errors name true lines.
        _ = try AWSConfig(configBytes: file.bytes, configFile: file.path, credentialsBytes: [], credentialsFile: "")
        let plan = try SSOProfileBlock.plan(
            file: file.path, bytes: file.bytes, session: session, assignments: assignments, prefix: options.prefix,
            region: options.region, prune: options.prune, profilesOutside: { outside in
                try profileLines(in: outside, file: file.path)
            })
        // What is written must read back: a file the aws CLI would refuse is never written.
        _ = try AWSConfig(configBytes: plan.bytes, configFile: file.path, credentialsBytes: [], credentialsFile: "")
        if !options.dryRun && plan.changesFile { try file.replace(with: plan.bytes) }
        return report(plan, file: file.path, dryRun: options.dryRun)
    }

    /// The profiles the config file text `bytes` defines, each with its header's line.
    static func profileLines(in bytes: [UInt8], file: String) throws -> [String: Int] {
        let config = try AWSConfig(configBytes: bytes, configFile: file, credentialsBytes: [], credentialsFile: "")
        var lines: [String: Int] = [:]
        for name in config.profileNames {
            if let section = config.configSection(forProfile: name) { lines[name] = section.location.line }
        }
        return lines
    }

    /// One line per profile added, changed, removed or kept stale, then the totals.
    static func report(_ plan: SSOPopulatePlan, file: String, dryRun: Bool) -> String {
        func line(_ verb: String, _ profile: SSOBlockProfile, _ note: String = "") -> String {
            "\(verb) \(profile.name) (\(profile.accountID) \(profile.roleName))\(note)".escapingControlCharacters + "\n"
        }
        var text = ""
        for profile in plan.added { text += line(dryRun ? "would add" : "added", profile) }
        for (old, new) in plan.changed {
            let renamed = old.name == new.name ? "" : ", was \(old.name)"
            text += line(dryRun ? "would update" : "updated", new, renamed)
        }
        for profile in plan.removed { text += line(dryRun ? "would remove" : "removed", profile, ": no longer assigned") }
        for profile in plan.stale { text += line("kept", profile, ": no longer assigned; --prune removes it") }
        let counts = "\(plan.added.count) added, \(plan.changed.count) updated, \(plan.removed.count) removed, "
            + "\(plan.unchanged) unchanged, \(plan.stale.count) kept"
        let outcome = dryRun ? "dry run, nothing written" : plan.changesFile ? "written" : "already up to date"
        return text + "\(file.escapingControlCharacters): \(counts) (\(outcome))\n"
    }
}

/// The config file as `sso populate` finds it: where its bytes really live (through any
/// symbolic links), what they are, and the mode a replacement keeps.
struct ConfigFileTarget {
    /// The path as configured, for messages.
    let path: String
    /// The file written: `path` with every symbolic link resolved.
    let target: String
    let bytes: [UInt8]
    let mode: mode_t

    init(path: String) throws {
        self.path = path
        var status = stat()
        if lstat(path, &status) != 0 {
            guard errno == ENOENT else { throw systemCallError("lstat", path) }
            // No file yet: made as the aws CLI makes it (`aws configure`: 0600).
            target = path
            bytes = []
            mode = 0o600
            return
        }
        guard let resolved = realpath(path, nil) else {
            throw SSOPopulateError.badConfigFile(path: path, reason: "it is a symbolic link to a file that does not exist")
        }
        target = String(cString: resolved)
        free(resolved)
        guard stat(target, &status) == 0 else { throw systemCallError("stat", target) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw SSOPopulateError.badConfigFile(path: path, reason: "it is not a regular file")
        }
        mode = status.st_mode & 0o7777
        bytes = try readForeignFile(target)
    }

    /// Replaces the file's bytes, atomically, keeping its mode; makes the folder if missing.
    func replace(with bytes: [UInt8]) throws {
        try makeFolders(parentFolder(of: target))
        try SharedFile.write(bytes, to: target, mode: mode)
    }

    /// Makes `folder` and its parents as botocore makes them (0777 less the umask).
    private func makeFolders(_ folder: String) throws {
        var partial = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o777) != 0 && errno != EEXIST { throw systemCallError("mkdir", partial) }
        }
    }
}

/// Rows as columns two blanks apart, the last column not padded.
func textTable(_ rows: [[String]]) -> String {
    guard let columns = rows.first?.count else { return "" }
    let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { column, cell in
            column == columns - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count + 2)
        }.joined() + "\n"
    }.joined()
}

// `rolesh sso populate`: the assignments a sign-in can reach, written as profiles into the
// config file's block for its sso-session (SSOProfileBlock plans it, ConfigFileTarget writes it).

import FoundationEssentials

/// `rolesh sso populate`: the config file's block for one sso-session, planned and written.
package enum SSOPopulateCommand {
    package struct Options: Equatable, Sendable {
        var prefix: String
        var region: String?
        var dryRun: Bool
        var prune: Bool

        package init(prefix: String = "", region: String? = nil, dryRun: Bool = false, prune: Bool = false) {
            self.prefix = prefix
            self.region = region
            self.dryRun = dryRun
            self.prune = prune
        }
    }

    /// Checks the options before anything reaches the network.
    package static func validate(_ options: Options) throws {
        try SSOProfileBlock.checkPrefix(options.prefix)
        if let region = options.region { try SSOProfileBlock.checkRegion(region) }
    }

    /// The assignments of the sign-in to the [sso-session] `session` names (else the only
    /// one), written as that session's block; the report for stdout. `progress` hears the
    /// accounts listed and the total.
    package static func run(_ options: Options, session: String?, context: RoleshContext,
                            progress: (@Sendable (_ done: Int, _ total: Int) -> Void)? = nil) throws -> String {
        try validate(options)
        let state = CommandState(context)
        let listed = try SSORoleListing.assignments(session: session, state: state, progress: progress)
        return try populate(options, session: listed.session, assignments: listed.assignments,
                            environment: context.environment, stateRoot: state.stateRoot)
    }

    /// Plans the block of `session` for `assignments` in the config file `environment`
    /// names, writes it unless `dryRun`, and returns the report for stdout. With
    /// `stateRoot`, the read, plan and write happen under a lock in rolesh's state folder,
    /// so that two populates (of two sessions, say) cannot lose one another's block.
    static func populate(_ options: Options, session: String, assignments: [SSORoleAssignment],
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

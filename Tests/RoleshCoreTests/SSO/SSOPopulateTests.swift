// `sso populate`'s block: written once, updated in place, never touching a byte outside it;
// names botocore can read; clashes, damaged markers and stale roles handled.
import Foundation
@testable import RoleshCore
import Testing

private let corp = [
    SSORoleAssignment(accountID: "111111111111", accountName: "Dev", roleName: "Admin"),
    SSORoleAssignment(accountID: "111111111111", accountName: "Dev", roleName: "ReadOnly"),
    SSORoleAssignment(accountID: "222222222222", accountName: "Prod", roleName: "ReadOnly"),
]

private let userConfig = """
    # my settings
    [default]
    region = eu-west-1

    [profile mine]
    role_arn = arn:aws:iam::123456789012:role/Mine
    source_profile = default
    """

private func plan(_ text: String, _ assignments: [SSORoleAssignment] = corp, session: String = "corp", prefix: String = "",
                  region: String? = nil, prune: Bool = false) throws -> SSOPopulatePlan {
    try SSOProfileBlock.plan(file: "/config", bytes: Array(text.utf8), session: session, assignments: assignments,
                             prefix: prefix, region: region, prune: prune,
                             profilesOutside: { try SSOPopulateCommand.profileLines(in: $0, file: "/config") })
}

private func text(_ plan: SSOPopulatePlan) -> String { String(decoding: plan.bytes, as: UTF8.self) }

@Test func the_first_populate_appends_one_block_after_the_file_unchanged() throws {
    let result = try plan(userConfig, region: "eu-west-1")
    #expect(text(result) == userConfig + "\n\n" + """
        # BEGIN rolesh sso populate: sso-session corp (written by rolesh; edits between these markers are replaced)
        [profile Dev/Admin]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = Admin
        region = eu-west-1

        [profile Dev/ReadOnly]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = ReadOnly
        region = eu-west-1

        [profile Prod/ReadOnly]
        sso_session = corp
        sso_account_id = 222222222222
        sso_role_name = ReadOnly
        region = eu-west-1

        # END rolesh sso populate: sso-session corp

        """)
    #expect(result.added.map(\.name) == ["Dev/Admin", "Dev/ReadOnly", "Prod/ReadOnly"])
    #expect(result.changesFile)
}

@Test func populate_again_with_the_same_roles_changes_nothing() throws {
    let first = try plan(userConfig)
    let second = try plan(text(first))
    #expect(second.bytes == first.bytes)
    #expect(!second.changesFile)
    #expect(second.unchanged == 3)
    #expect(second.added.isEmpty && second.changed.isEmpty && second.removed.isEmpty && second.stale.isEmpty)
}

@Test func an_update_rewrites_only_the_block_and_keeps_every_byte_around_it() throws {
    let block = text(try plan("")).utf8
    // The block between user text, with CRLF lines, no final newline and odd spacing around it.
    let before = "[default]\r\nregion = eu-west-1\r\n\r\n"
    let after = "\n[profile after]  \n  aws_access_key_id=AKID\naws_secret_access_key = s"
    let file = before + String(decoding: block, as: UTF8.self) + after
    let moved = [SSORoleAssignment(accountID: "111111111111", accountName: "Development", roleName: "Admin"),
                 SSORoleAssignment(accountID: "333333333333", accountName: "Tools", roleName: "Deploy")]
    let result = try plan(file, moved, prune: true)
    let output = text(result)
    #expect(output.hasPrefix(before))
    #expect(output.hasSuffix(after))
    #expect(output.contains("[profile Development/Admin]\n"))
    #expect(output.contains("[profile Tools/Deploy]\n"))
    #expect(!output.contains("Prod/ReadOnly"))
    #expect(result.changed.map { [$0.old.name, $0.new.name] } == [["Dev/Admin", "Development/Admin"]])
    #expect(result.added.map(\.name) == ["Tools/Deploy"])
    #expect(result.removed.map(\.name) == ["Dev/ReadOnly", "Prod/ReadOnly"])
}

@Test func roles_no_longer_assigned_stay_without_prune_and_go_with_it() throws {
    let first = text(try plan(userConfig))
    let fewer = [corp[0]]
    let kept = try plan(first, fewer)
    #expect(kept.stale.map(\.name) == ["Dev/ReadOnly", "Prod/ReadOnly"])
    #expect(kept.removed.isEmpty)
    #expect(!kept.changesFile)
    let pruned = try plan(first, fewer, prune: true)
    #expect(pruned.removed.map(\.name) == ["Dev/ReadOnly", "Prod/ReadOnly"])
    #expect(text(pruned).contains("[profile Dev/Admin]"))
    #expect(!text(pruned).contains("[profile Dev/ReadOnly]"))
    #expect(!text(pruned).contains("[profile Prod/ReadOnly]"))
    #expect(text(pruned).hasPrefix(userConfig))
}

@Test func another_sessions_block_is_left_alone() throws {
    let corpFile = text(try plan(userConfig))
    let other = [SSORoleAssignment(accountID: "444444444444", accountName: "Lab", roleName: "Admin")]
    let both = text(try plan(corpFile, other, session: "lab", prefix: "lab/"))
    #expect(both.hasPrefix(corpFile))
    #expect(both.contains("[profile lab/Lab/Admin]\nsso_session = lab\n"))
    let corpAgain = try plan(both, prune: true)
    #expect(!corpAgain.changesFile)
}

@Test func a_name_defined_outside_the_block_is_refused_with_its_line() throws {
    let file = userConfig + "\n[profile Prod/ReadOnly]\nregion = us-east-1\n"
    #expect(throws: SSOPopulateError.clash(profile: "Prod/ReadOnly", file: "/config", line: 8, others: 0)) {
        try plan(file)
    }
    // After the block, lines are counted in the whole file.
    let withBlock = text(try plan(userConfig)) + "[profile Dev/Admin]\nregion = us-east-1\n"
    let lines = withBlock.split(separator: "\n", omittingEmptySubsequences: false)
    let line = try #require(lines.firstIndex(of: "[profile Dev/Admin]", after: 10)) + 1
    #expect(throws: SSOPopulateError.clash(profile: "Dev/Admin", file: "/config", line: line, others: 0)) {
        try plan(withBlock)
    }
    let message = SSOPopulateError.clash(profile: "Dev/Admin", file: "/c", line: 3, others: 2).errorDescription ?? ""
    #expect(message.contains("\"Dev/Admin\" (and 2 more) is already defined at /c:3"))
}

@Test func names_are_sanitised_to_what_an_ini_header_and_shlex_keep() {
    let cases: [(String, String)] = [
        ("Dev", "Dev"), ("My Account", "My-Account"), ("a  b\t c", "a-b-c"), ("\"quoted\" 'x'", "quoted-x"),
        ("[prod]#1;2", "prod-1-2"), ("Ünïcode Konto", "n-code-Konto"), ("back\\slash", "back-slash"),
        ("a=b,c", "a-b-c"), ("keep+these@.-_", "keep+these@.-_"), ("   ", ""), ("-lead-", "lead"),
    ]
    for (input, expected) in cases {
        #expect(SSOProfileBlock.sanitized(input) == expected, "\(input)")
    }
}

@Test func accounts_of_one_name_get_their_ids_and_empty_names_become_ids() throws {
    let assignments = [
        SSORoleAssignment(accountID: "111111111111", accountName: "Sandbox", roleName: "Admin"),
        SSORoleAssignment(accountID: "222222222222", accountName: "sandbox!", roleName: "Admin"),
        SSORoleAssignment(accountID: "333333333333", accountName: "Sandbox", roleName: "Admin"),
        SSORoleAssignment(accountID: "444444444444", accountName: "★★", roleName: "Power User"),
    ]
    let result = try plan("", assignments, prefix: "corp-")
    #expect(Set(result.added.map(\.name)) == ["corp-Sandbox-111111111111/Admin", "corp-sandbox/Admin",
                                              "corp-Sandbox-333333333333/Admin", "corp-444444444444/Power-User"])
    #expect(text(result).contains("sso_role_name = Power User\n"))
}

@Test func damaged_markers_are_refused_before_anything_is_written() throws {
    let block = text(try plan(""))
    let beginOnly = block.split(separator: "\n").first.map { String($0) + "\n[profile x]\nregion = a\n" } ?? ""
    #expect(throws: SSOPopulateError.self) { try plan(beginOnly) }
    let endOnly = "[default]\n" + (block.split(separator: "\n").last.map(String.init) ?? "") + "\n"
    #expect(throws: SSOPopulateError.self) { try plan(endOnly) }
    #expect(throws: SSOPopulateError.self) { try plan(block + block) }
    do {
        _ = try plan(beginOnly)
    } catch let error as SSOPopulateError {
        #expect(error.errorDescription?.hasPrefix("/config:1: the rolesh BEGIN marker for sso-session corp has no END marker") == true)
    }
}

@Test func a_bad_prefix_or_region_is_refused() {
    #expect(throws: SSOPopulateError.self) { try SSOPopulateCommand.validate(.init(prefix: "my prefix ")) }
    #expect(throws: SSOPopulateError.self) { try SSOPopulateCommand.validate(.init(prefix: "a]b")) }
    #expect(throws: SSOPopulateError.self) { try SSOPopulateCommand.validate(.init(region: "EU West")) }
    #expect(throws: Never.self) { try SSOPopulateCommand.validate(.init(prefix: "corp/", region: "eu-west-1")) }
}

// MARK: - The file

/// A config file at `name` in a fresh folder, with `mode`.
private func configFile(_ text: String, mode: Int = 0o640) throws -> (folder: String, path: String) {
    let folder = NSTemporaryDirectory() + "rolesh-populate-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = "\(folder)/config"
    try text.write(toFile: path, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    return (folder, path)
}

@Test func the_file_is_replaced_with_its_mode_kept() throws {
    let (_, path) = try configFile(userConfig, mode: 0o640)
    let report = try SSOPopulateCommand.populate(.init(), session: "corp", assignments: corp, environment: ["AWS_CONFIG_FILE": path])
    let written = try String(contentsOfFile: path, encoding: .utf8)
    #expect(written.hasPrefix(userConfig + "\n\n# BEGIN rolesh sso populate"))
    #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o640)
    #expect(report.hasSuffix("\(path): 3 added, 0 updated, 0 removed, 0 unchanged, 0 kept (written)\n"))
    #expect(report.hasPrefix("added Dev/Admin (111111111111 Admin)\n"))
    let again = try SSOPopulateCommand.populate(.init(), session: "corp", assignments: corp, environment: ["AWS_CONFIG_FILE": path])
    #expect(again == "\(path): 0 added, 0 updated, 0 removed, 3 unchanged, 0 kept (already up to date)\n")
}

@Test func a_symbolic_link_is_written_through_to_its_file() throws {
    let (folder, path) = try configFile(userConfig, mode: 0o600)
    let link = "\(folder)/link-to-config"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "config")
    _ = try SSOPopulateCommand.populate(.init(), session: "corp", assignments: corp, environment: ["AWS_CONFIG_FILE": link])
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == "config")
    #expect(try String(contentsOfFile: path, encoding: .utf8).contains("[profile Dev/Admin]"))
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    #expect(leftovers == ["config", "link-to-config"])
}

@Test func a_dry_run_reports_and_writes_nothing() throws {
    let (_, path) = try configFile(userConfig)
    let before = try Data(contentsOf: URL(fileURLWithPath: path))
    let report = try SSOPopulateCommand.populate(.init(dryRun: true), session: "corp", assignments: corp,
                                            environment: ["AWS_CONFIG_FILE": path])
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    #expect(report.contains("would add Prod/ReadOnly (222222222222 ReadOnly)\n"))
    #expect(report.hasSuffix("3 added, 0 updated, 0 removed, 0 unchanged, 0 kept (dry run, nothing written)\n"))
}

@Test func a_missing_file_is_created_0600_and_a_clash_leaves_the_file_as_it_was() throws {
    let folder = NSTemporaryDirectory() + "rolesh-populate-\(UUID().uuidString)"
    let path = "\(folder)/.aws/config"
    _ = try SSOPopulateCommand.populate(.init(region: "us-east-1"), session: "corp", assignments: corp,
                                   environment: ["AWS_CONFIG_FILE": path])
    #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o600)
    #expect(try String(contentsOfFile: path, encoding: .utf8).contains("region = us-east-1\n"))

    let (_, clashing) = try configFile("[profile Dev/Admin]\nregion = x\n")
    #expect(throws: SSOPopulateError.clash(profile: "Dev/Admin", file: clashing, line: 1, others: 0)) {
        try SSOPopulateCommand.populate(.init(), session: "corp", assignments: corp, environment: ["AWS_CONFIG_FILE": clashing])
    }
    #expect(try String(contentsOfFile: clashing, encoding: .utf8) == "[profile Dev/Admin]\nregion = x\n")
}

extension Array where Element == Substring {
    fileprivate func firstIndex(of line: String, after start: Int) -> Int? {
        indices.first { $0 > start && self[$0] == line }
    }
}

@Test func a_block_an_editor_turned_to_crlf_is_still_read() throws {
    let crlf = text(try plan(userConfig)).replacingOccurrences(of: "\n", with: "\r\n")
    let result = try plan(crlf, [corp[0]])
    #expect(result.stale.map(\.name) == ["Dev/ReadOnly", "Prod/ReadOnly"])
    #expect(result.unchanged == 1)
    #expect(text(result).hasPrefix(userConfig.replacingOccurrences(of: "\n", with: "\r\n")))
    #expect(text(result).components(separatedBy: "[profile Dev/Admin]").count == 2)
}

@Test func a_config_file_the_aws_cli_would_refuse_is_reported_and_left_alone() throws {
    let broken = "[profile a]\nregion = x\nregion = y\n"
    let (_, path) = try configFile(broken)
    #expect(throws: ConfigError.syntax(SourceLocation(file: path, line: 3), reason: "key \"region\" appears twice in section [profile a]")) {
        try SSOPopulateCommand.populate(.init(), session: "corp", assignments: corp, environment: ["AWS_CONFIG_FILE": path])
    }
    #expect(try String(contentsOfFile: path, encoding: .utf8) == broken)
}

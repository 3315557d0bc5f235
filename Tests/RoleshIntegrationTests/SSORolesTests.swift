// `rolesh sso roles` and `rolesh sso populate` through the built binary, against the tests'
// own IAM Identity Center: hundreds of accounts over many pages, 429s, a bound on requests in
// flight the fake measures; the config file's block read back by botocore, and one of its
// profiles used by the aws CLI for real credentials from moto.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let sessionConfig = """
    [sso-session corp]
    sso_start_url = https://corp.awsapps.com/start
    sso_region = eu-west-1
    sso_registration_scopes = sso:account:access

    """

/// A sandbox whose config has `[sso-session corp]` and whose cache holds a token the fake
/// accepts, with the portal pointed at the fake.
private struct RolesWorld {
    let center: FakeIdentityCenter
    let sandbox: RoleshSandbox

    init(assignments: [String: Any], state: [String: Any] = [:], config: String = sessionConfig,
         sts: String = "http://127.0.0.1:9") throws {
        var initial: [String: Any] = ["assignments": assignments, "tokens": ["corp-token": Date().timeIntervalSince1970 + 3600]]
        initial.merge(state) { $1 }
        center = try FakeIdentityCenter(sts: sts, state: initial)
        sandbox = try RoleshSandbox(config: config, environment: [
            "AWS_ENDPOINT_URL_SSO": center.endpoint, "AWS_ENDPOINT_URL_SSO_OIDC": center.endpoint,
        ])
        try SSOTokenCache(folder: "\(sandbox.home)/.aws/sso/cache").write(
            SSOToken(startURL: "https://corp.awsapps.com/start", region: "eu-west-1", accessToken: "corp-token",
                     expiresAt: Date().addingTimeInterval(3600)), for: .session("corp"))
    }

    var configPath: String { "\(sandbox.home)/.aws/config" }

    func config() throws -> String { try String(contentsOfFile: configPath, encoding: .utf8) }
}

/// `count` accounts named "Account N" with one to three roles each; account 7 has twelve.
private func manyAccounts(_ count: Int) -> [String: Any] {
    var assignments: [String: Any] = [:]
    for index in 0..<count {
        let roles = index == 7 ? (1...12).map { "Role\($0)" } : Array(["Admin", "ReadOnly", "Billing"].prefix(1 + index % 3))
        assignments[String(100_000_000_000 + index)] = ["name": "Account \(index)", "roles": roles]
    }
    return assignments
}

/// How many account-and-role pairs `assignments` holds.
private func roleCount(_ assignments: [String: Any]) -> Int {
    assignments.values.reduce(0) { $0 + (($1 as? [String: Any])?["roles"] as? [String] ?? []).count }
}

@Test func sso_roles_lists_hundreds_of_accounts_over_pages_and_429s_with_few_requests_in_flight() throws {
    let assignments = manyAccounts(300)
    let world = try RolesWorld(assignments: assignments,
                               state: ["page_size": 7, "throttle_every": 6, "delay": 0.01, "log_portal_lists": false])
    let result = try world.sandbox.rolesh(["sso", "roles", "--json"], timeout: 300)
    #expect(result.status == 0, "\(result.stderr)")
    // stderr is not a terminal here: no progress line.
    #expect(result.stderr == "")
    let objects = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    let expected = roleCount(assignments)
    #expect(objects.count == expected)
    #expect(objects.allSatisfy { Set($0.keys) == ["account_id", "account_name", "email", "role_name"] })
    let pairs = Set(objects.map { "\($0["account_id"] as? String ?? "")/\($0["role_name"] as? String ?? "")" })
    #expect(pairs.count == expected)
    #expect(pairs.contains("100000000007/Role12"), "the second page of an account's roles was not read")
    #expect(objects.first?["account_name"] as? String == "Account 0")
    #expect(objects.first?["email"] as? String == "alice@example.com")

    let state = try world.center.state()
    let inFlight = state["max_in_flight"] as? Int ?? 0
    #expect(inFlight <= SSORoleListing.defaultConcurrency)
    #expect(inFlight >= 2, "the accounts were listed one at a time")
    #expect(state["throttled"] as? Int ?? 0 > 10)
    // 43 pages of accounts and 301 of roles, and every 429 asked again.
    #expect(state["portal_requests"] as? Int == 43 + 301 + (state["throttled"] as? Int ?? 0))
}

@Test func sso_roles_prints_a_table_and_names_the_session_to_choose() throws {
    let world = try RolesWorld(assignments: ["222222222222": ["name": "Prod", "roles": ["ReadOnly"]],
                                             "111111111111": ["name": "Dev", "roles": ["ReadOnly", "Admin"]]])
    let result = try world.sandbox.rolesh(["sso", "roles"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout == """
        ACCOUNT ID    ACCOUNT NAME  ROLE
        111111111111  Dev           Admin
        111111111111  Dev           ReadOnly
        222222222222  Prod          ReadOnly

        """)
    let call = try #require(try world.center.log().first { $0["path"] as? String == "/assignment/accounts" })
    #expect((call["headers"] as? [String: String])?["x-amz-sso_bearer_token"] == "corp-token")

    try world.sandbox.write(sessionConfig + "[sso-session lab]\nsso_start_url = https://lab/start\nsso_region = eu-west-1\n",
                            to: ".aws/config")
    let ambiguous = try world.sandbox.rolesh(["sso", "roles"])
    #expect(ambiguous.status != 0)
    #expect(ambiguous.stdout == "")
    #expect(ambiguous.stderr == "rolesh: \(world.configPath) has 2 [sso-session] sections; choose one with --sso-session corp | lab\n")
    let chosen = try world.sandbox.rolesh(["sso", "roles", "--sso-session", "corp"])
    #expect(chosen.status == 0)
    #expect(chosen.stdout.hasPrefix("ACCOUNT ID"))
}

@Test func sso_roles_without_a_sign_in_says_which_login_to_run() throws {
    let world = try RolesWorld(assignments: ["111111111111": ["name": "Dev", "roles": ["Admin"]]])
    try FileManager.default.removeItem(atPath: "\(world.sandbox.home)/.aws/sso/cache")
    let result = try world.sandbox.rolesh(["sso", "roles"])
    #expect(result.status != 0)
    #expect(result.stdout == "")
    #expect(result.stderr.hasPrefix("rolesh: "))
    #expect(result.stderr.contains("rolesh sso login --sso-session corp"), "\(result.stderr)")
    #expect(result.stderr.filter { $0 == "\n" }.count == 1)
}

@Test func sso_populate_writes_profiles_botocore_resolves_and_a_second_run_changes_nothing() throws {
    let moto = try MotoServer()
    let userText = sessionConfig + "# mine\n[profile mine]   \nregion = us-west-2\n"
    let world = try RolesWorld(
        assignments: ["111111111111": ["name": "Dev", "roles": ["Admin", "ReadOnly"]],
                      "222222222222": ["name": "Prod \"EU\" [main]", "roles": ["Power User"]],
                      "333333333333": ["name": "Dev", "roles": ["Admin"]],
                      "444444444444": ["name": "Team's \\ #1; Ünï", "roles": ["Ops=Write,Read"]]],
        config: userText, sts: moto.endpoint)
    try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: world.configPath)
    let result = try world.sandbox.rolesh(["sso", "populate", "--region", "eu-central-1", "--prefix", "corp/"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr == "")
    #expect(result.stdout.hasSuffix("\(world.configPath): 5 added, 0 updated, 0 removed, 0 unchanged, 0 kept (written)\n"))
    let written = try world.config()
    #expect(written.hasPrefix(userText + "\n# BEGIN rolesh sso populate: sso-session corp"))
    #expect(try FileManager.default.attributesOfItem(atPath: world.configPath)[.posixPermissions] as? Int == 0o640)

    // botocore reads every profile as an IAM Identity Center role of the right account.
    let witness = try runProcess(TestPaths.python, ["\(TestPaths.packageRoot)/Tests/Scripts/botocore_sso_profiles.py"],
                                 environment: ["AWS_CONFIG_FILE": world.configPath, "PATH": "/usr/bin:/bin"])
    #expect(witness.status == 0, "\(witness.stderr)")
    let profiles = try #require(try JSONSerialization.jsonObject(with: Data(witness.stdout.utf8)) as? [String: [String: Any]])
    let expected: [String: (String, String)] = [
        "corp/Dev-111111111111/Admin": ("111111111111", "Admin"), "corp/Dev-111111111111/ReadOnly": ("111111111111", "ReadOnly"),
        "corp/Dev-333333333333/Admin": ("333333333333", "Admin"), "corp/Prod-EU-main/Power-User": ("222222222222", "Power User"),
        "corp/Team-s-1-n/Ops-Write-Read": ("444444444444", "Ops=Write,Read"),
    ]
    for (name, (account, role)) in expected {
        let profile = try #require(profiles[name], "botocore does not list \(name): \(profiles.keys.sorted())")
        #expect(profile["provider"] as? String == "sso", "\(name): \(profile)")
        #expect(profile["account"] as? String == account)
        #expect(profile["role"] as? String == role)
        #expect(profile["session"] as? String == "corp")
        #expect(profile["sso_region"] as? String == "eu-west-1")
        #expect(profile["region"] as? String == "eu-central-1")
    }
    #expect(profiles["mine"]?["region"] as? String == "us-west-2")

    // The aws CLI signs in with the profile and gets the role's identity.
    let aws = try world.sandbox.run(TestPaths.venvTool("aws"), [
        "sts", "get-caller-identity", "--profile", "corp/Prod-EU-main/Power-User", "--query", "Arn", "--output", "text",
    ], environment: ["AWS_ENDPOINT_URL_STS": moto.endpoint])
    #expect(aws.stdout == "arn:aws:sts::222222222222:assumed-role/Power User/alice@example.com\n", "\(aws.stderr)")

    let again = try world.sandbox.rolesh(["sso", "populate", "--region", "eu-central-1", "--prefix", "corp/"])
    #expect(again.status == 0)
    #expect(again.stdout == "\(world.configPath): 0 added, 0 updated, 0 removed, 5 unchanged, 0 kept (already up to date)\n")
    #expect(try world.config() == written)
}

@Test func sso_populate_prunes_only_when_asked_and_a_dry_run_writes_nothing() throws {
    let world = try RolesWorld(assignments: ["111111111111": ["name": "Dev", "roles": ["Admin", "ReadOnly"]]])
    #expect(try world.sandbox.rolesh(["sso", "populate"]).status == 0)
    try world.center.update { $0["assignments"] = ["111111111111": ["name": "Dev", "roles": ["Admin"]],
                                                   "444444444444": ["name": "Lab", "roles": ["Admin"]]] }
    let before = try world.config()
    let dryRun = try world.sandbox.rolesh(["sso", "populate", "--prune", "--dry-run"])
    #expect(dryRun.status == 0)
    #expect(dryRun.stdout == """
        would add Lab/Admin (444444444444 Admin)
        would remove Dev/ReadOnly (111111111111 ReadOnly): no longer assigned
        \(world.configPath): 1 added, 0 updated, 1 removed, 1 unchanged, 0 kept (dry run, nothing written)

        """)
    #expect(try world.config() == before)

    let kept = try world.sandbox.rolesh(["sso", "populate"])
    #expect(kept.stdout.contains("kept Dev/ReadOnly (111111111111 ReadOnly): no longer assigned; --prune removes it\n"))
    #expect(try world.config().contains("[profile Dev/ReadOnly]"))
    let pruned = try world.sandbox.rolesh(["sso", "populate", "--prune"])
    #expect(pruned.stdout.contains("removed Dev/ReadOnly"))
    #expect(try !world.config().contains("[profile Dev/ReadOnly]"))
    #expect(try world.config().contains("[profile Lab/Admin]"))
}

@Test func sso_populate_refuses_a_clash_and_bad_options_with_one_line_and_no_change() throws {
    let config = sessionConfig + "[profile Dev/Admin]\nregion = us-east-1\n"
    let world = try RolesWorld(assignments: ["111111111111": ["name": "Dev", "roles": ["Admin"]]], config: config)
    let clash = try world.sandbox.rolesh(["sso", "populate"])
    #expect(clash.status != 0)
    #expect(clash.stdout == "")
    #expect(clash.stderr == "rolesh: profile \"Dev/Admin\" is already defined at \(world.configPath):5, outside rolesh's block; "
        + "a second [profile] of the same name breaks the aws CLI: rename that profile or pass another --prefix\n")
    #expect(try world.config() == config)

    for arguments in [["--prefix", "my team"], ["--region", "Frankfurt"], ["--sso-session", "nope"]] {
        let refused = try world.sandbox.rolesh(["sso", "populate"] + arguments)
        #expect(refused.status != 0, "\(arguments)")
        #expect(refused.stdout == "")
        #expect(refused.stderr.hasPrefix("rolesh: ") && refused.stderr.filter { $0 == "\n" }.count == 1, "\(refused.stderr)")
        #expect(try world.config() == config)
    }
}

@Test func sso_populate_writes_through_a_symbolic_link() throws {
    let world = try RolesWorld(assignments: ["111111111111": ["name": "Dev", "roles": ["Admin"]]])
    let dotfiles = "\(world.sandbox.home)/dotfiles"
    try FileManager.default.createDirectory(atPath: dotfiles, withIntermediateDirectories: true)
    try FileManager.default.moveItem(atPath: world.configPath, toPath: "\(dotfiles)/aws-config")
    try FileManager.default.createSymbolicLink(atPath: world.configPath, withDestinationPath: "../dotfiles/aws-config")
    let result = try world.sandbox.rolesh(["sso", "populate"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: world.configPath) == "../dotfiles/aws-config")
    #expect(try String(contentsOfFile: "\(dotfiles)/aws-config", encoding: .utf8).contains("[profile Dev/Admin]"))
}

@Test func sso_roles_counts_accounts_on_stderr_only_when_it_is_a_terminal() throws {
    let world = try RolesWorld(assignments: manyAccounts(40), state: ["page_size": 10])
    let run = try world.sandbox.run(TestPaths.python, [
        "\(TestPaths.packageRoot)/Tests/Scripts/stderr_on_a_terminal.py", TestPaths.rolesh, "sso", "roles", "--json",
    ])
    let result = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
    #expect(result["status"] as? Int == 0)
    let stderr = result["stderr"] as? String ?? ""
    #expect(stderr.hasPrefix("\rrolesh: listing roles: 0/40 accounts\u{1B}[K"))
    #expect(stderr.contains("\rrolesh: listing roles: 39/40 accounts\u{1B}[K"))
    // The line is wiped when the listing ends, so the prompt comes back on a clean line.
    #expect(stderr.hasSuffix("\r\u{1B}[K"))
    let objects = try JSONSerialization.jsonObject(with: Data((result["stdout"] as? String ?? "").utf8)) as? [[String: Any]]
    #expect(objects?.count == roleCount(manyAccounts(40)))
}

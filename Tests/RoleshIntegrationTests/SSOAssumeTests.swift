// IAM Identity Center roles as credential sources, end to end: real bash, zsh and fish assume
// an SSO profile and a role chained on it, with the token in the aws CLI's cache, against the
// tests' own IAM Identity Center (which mints real credentials from moto); the aws CLI
// confirms each identity and `exit` restores the shell. The cached role credentials are tied
// to the token that bought them; flags of an AssumeRole call are refused on an SSO hop.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

/// A scenario whose config has `[sso-session corp]`, the SSO profile `dev` (111111111111,
/// Admin), `deploy` (a role assumed with dev's credentials) and `legacy` (a start URL of its
/// own), with a token for corp in the aws CLI's cache that the fake accepts.
private struct SSOScenario {
    static let config = FakeIdentityCenter.corpConfig + """


        [profile deploy]
        role_arn = arn:aws:iam::111111111111:role/Deploy
        source_profile = dev
        role_session_name = deployer

        [profile legacy]
        sso_start_url = https://legacy.awsapps.com/start
        sso_region = us-east-1
        sso_account_id = 222222222222
        sso_role_name = ReadOnly
        """

    let moto: MotoServer
    let center: FakeIdentityCenter
    let scenario: ShellScenario
    let cache: SSOTokenCache

    init() throws {
        moto = try MotoServer()
        center = try FakeIdentityCenter(sts: moto.endpoint, state: ["assignments": FakeIdentityCenter.assignments])
        scenario = try ShellScenario(config: Self.config, stsEndpoint: moto.endpoint, environment: [
            "AWS_ENDPOINT_URL_SSO": center.endpoint, "AWS_ENDPOINT_URL_SSO_OIDC": center.endpoint,
        ])
        cache = SSOTokenCache(folder: "\(scenario.home)/.aws/sso/cache")
        try signIn(as: "first-token", for: .session("corp"))
    }

    /// A token the fake accepts for an hour, in the cache file of `key`, as a sign-in leaves it.
    func signIn(as token: String, for key: SSOTokenCache.Key) throws {
        let expires = Date().addingTimeInterval(3600)
        try center.update { state in
            var tokens = state["tokens"] as? [String: Double] ?? [:]
            tokens[token] = expires.timeIntervalSince1970
            state["tokens"] = tokens
        }
        let startURL = key == .session("corp") ? "https://corp.awsapps.com/start" : "https://legacy.awsapps.com/start"
        try cache.write(SSOToken(startURL: startURL, region: "eu-west-1", accessToken: token, expiresAt: expires), for: key)
    }

    /// How many GetRoleCredentials calls the fake has answered.
    func roleCredentialCalls() throws -> Int {
        try center.log().filter { $0["path"] as? String == "/federation/credentials" }.count
    }

    /// The scenario's environment with the test's browser (which logs each URL to
    /// ~/opened.log and follows the sign-in page's redirect to rolesh's 127.0.0.1 callback)
    /// as the opener, and the prompt `P> ` for tmux.
    func terminalEnvironment(browserPatience seconds: Int) throws -> [String: String] {
        let opener = "\(scenario.home)/opener"
        try """
            #!/bin/sh
            echo "$1" >> "$HOME/opened.log"
            exec curl -s -L -o /dev/null --max-time \(seconds) "$1"
            """.write(toFile: opener, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: opener)
        var environment = scenario.environment
        environment["ROLESH_BROWSER_OPENER"] = opener
        environment["PS1"] = "P> "
        return environment
    }

    /// The URLs the test's browser was handed.
    func openedURLs() -> [Substring] {
        ((try? String(contentsOfFile: "\(scenario.home)/opened.log", encoding: .utf8)) ?? "").split(separator: "\n")
    }

    /// `rolesh ARGUMENTS` run directly, outside any shell, with the scenario's environment.
    func rolesh(_ arguments: [String]) throws -> ProcessResult {
        try runProcess(TestPaths.rolesh, arguments, environment: scenario.environment)
    }
}

@Test(arguments: TestShell.allCases)
func an_sso_profile_and_a_role_chained_on_it_switch_the_shell_and_exit_restores_it(shell: TestShell) throws {
    let world = try SSOScenario()
    defer { world.scenario.remove() }
    let result = try world.scenario.run(shell, [
        shell.integration,
        "dump before",
        "rolesh assume dev", "witness dev", "dump dev",
        "rolesh assume deploy", "witness deploy",
        "rolesh exit", "witness back",
        "rolesh exit", "dump after",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(world.scenario.witness("dev") == "arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com")
    #expect(world.scenario.witness("deploy") == "arn:aws:sts::111111111111:assumed-role/Deploy/deployer")
    #expect(world.scenario.witness("back") == "arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com")
    let dev = try world.scenario.dump("dev")
    #expect(dev["ROLESH_ROLE"] == "dev")
    #expect(dev["AWS_REGION"] == "eu-west-1")
    #expect(try world.scenario.dump("after") == world.scenario.dump("before"))
}

@Test func cached_sso_role_credentials_serve_only_the_token_that_bought_them() throws {
    let world = try SSOScenario()
    defer { world.scenario.remove() }
    let first = try world.rolesh(["export", "dev", "--format", "json"])
    #expect(first.status == 0, "\(first.stderr)")
    #expect(try world.roleCredentialCalls() == 1)
    // The same token: the sealed cache answers, the portal is not asked.
    let again = try world.rolesh(["export", "dev", "--format", "json"])
    #expect(again.stdout == first.stdout)
    #expect(try world.roleCredentialCalls() == 1)
    // Signed in again (as someone else, or after a sign-out): the old role credentials are
    // not handed out for the new token.
    try world.signIn(as: "second-token", for: .session("corp"))
    let afterSignIn = try world.rolesh(["export", "dev", "--format", "json"])
    #expect(afterSignIn.status == 0, "\(afterSignIn.stderr)")
    #expect(afterSignIn.stdout != first.stdout)
    #expect(try world.roleCredentialCalls() == 2)
    let bearer = try world.center.log().last { $0["path"] as? String == "/federation/credentials" }
    #expect((bearer?["headers"] as? [String: String])?["x-amz-sso_bearer_token"] == "second-token")
    // Signed out (`aws sso logout` removes the file): no cached credentials, and without a
    // terminal one line saying which sign-in to run.
    try FileManager.default.removeItem(atPath: try world.cache.path(for: .session("corp")))
    let signedOut = try world.rolesh(["export", "dev", "--format", "json"])
    #expect(signedOut.status != 0)
    #expect(signedOut.stdout.isEmpty)
    #expect(signedOut.stderr.hasPrefix("rolesh: "))
    #expect(signedOut.stderr.contains("rolesh sso login --sso-session corp"), "\(signedOut.stderr)")
    #expect(signedOut.stderr.split(separator: "\n").count == 1, "\(signedOut.stderr)")
    #expect(try world.roleCredentialCalls() == 2)
}

@Test func a_legacy_sso_profile_uses_the_token_of_its_start_url() throws {
    let world = try SSOScenario()
    defer { world.scenario.remove() }
    try world.signIn(as: "legacy-token", for: .startURL("https://legacy.awsapps.com/start"))
    let result = try world.rolesh(["export", "legacy", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let bearer = try world.center.log().last { $0["path"] as? String == "/federation/credentials" }
    #expect((bearer?["headers"] as? [String: String])?["x-amz-sso_bearer_token"] == "legacy-token")
    #expect((bearer?["query"] as? [String: String])?["account_id"] == "222222222222")
}

@Test(arguments: [["--duration", "2h"], ["--external-id", "ext-id"], ["--tag", "team=a"], ["--mfa-serial", "arn:aws:iam::111111111111:mfa/u"]])
func assume_role_flags_are_refused_on_an_sso_hop_and_taken_by_a_role_chained_on_it(flag: [String]) throws {
    let world = try SSOScenario()
    defer { world.scenario.remove() }
    let refused = try world.rolesh(["export", "dev", "--format", "json"] + flag)
    #expect(refused.status != 0)
    #expect(refused.stdout.isEmpty)
    #expect(refused.stderr == "rolesh: \(flag[0]) applies to an AssumeRole call, and dev is an IAM Identity Center or web identity role "
        + "that is not assumed with one; leave \(flag[0]) out, or give it to a profile with role_arn whose source_profile is dev\n")
    #expect(try world.roleCredentialCalls() == 0)
    if flag[0] == "--external-id" {
        let chained = try world.rolesh(["export", "deploy", "--format", "json"] + flag)
        #expect(chained.status == 0, "\(chained.stderr)")
    }
}

@Test(arguments: TestShell.allCases)
func assume_of_an_sso_profile_without_a_token_on_a_terminal_signs_in_and_finishes_the_switch(shell: TestShell) throws {
    let world = try SSOScenario()
    defer { world.scenario.remove() }
    try FileManager.default.removeItem(atPath: try world.cache.path(for: .session("corp")))
    let environment = try world.terminalEnvironment(browserPatience: 30)
    let start: String
    switch shell {
    case .bash: start = "/usr/bin/bash --norc --noprofile -i"
    case .zsh: start = "/usr/bin/zsh -f -i"
    case .fish: start = "/usr/bin/fish --no-config -i -C \"function fish_prompt; printf 'P> '; end\""
    }
    let pane = try TmuxSession(start, environment: environment)
    defer { pane.close() }
    try pane.waitFor("the first prompt") { $0.hasPrefix("P>") }
    try pane.type(shell.integration, promptPrefix: "P>")
    let assumed = try pane.type("rolesh assume dev", promptPrefix: "P>", timeout: 120)
    #expect(assumed.output.contains { $0.contains("not signed in to IAM Identity Center") }, "\(assumed.output)")
    let witness = try pane.type("aws sts get-caller-identity --query Arn --output text", promptPrefix: "P>", timeout: 120)
    #expect(witness.output == ["arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com"], "\(witness.output)")
    #expect(world.openedURLs().count == 1, "\(world.openedURLs())")
    #expect(try world.cache.read(.session("corp")) != nil)
}

@Test func fifty_parallel_exports_that_find_the_token_expired_open_one_sign_in() throws {
    let world = try SSOScenario()
    defer { world.scenario.remove() }
    // Expired, and no refresh token to renew it with: only a sign-in helps.
    try world.cache.write(SSOToken(startURL: "https://corp.awsapps.com/start", region: "eu-west-1", accessToken: "expired",
                                   expiresAt: Date().addingTimeInterval(-60)), for: .session("corp"))
    let environment = try world.terminalEnvironment(browserPatience: 60)
    // Each export has the terminal (tmux) a sign-in may start on.
    let pane = try TmuxSession("/usr/bin/bash --norc --noprofile -i", environment: environment)
    defer { pane.close() }
    try pane.waitFor("the first prompt") { $0.hasPrefix("P>") }
    let out = world.scenario.output
    try pane.type("for i in $(seq 50); do (rolesh export dev --format json >\(out)/$i.json 2>\(out)/$i.err; "
                  + "echo $? >\(out)/$i.status) & done; wait", promptPrefix: "P>", timeout: 240)
    for index in 1...50 {
        #expect(world.scenario.text("\(index).status") == "0\n", "\(index): \(world.scenario.text("\(index).err"))")
        #expect(world.scenario.text("\(index).json").contains("\"AccessKeyId\""), "\(index)")
    }
    #expect(world.openedURLs().count == 1, "\(world.openedURLs())")
    #expect(try world.center.log().filter { $0["path"] as? String == "/authorize" }.count == 1)
    let signingIn = (1...50).filter { world.scenario.text("\($0).err").contains("; signing in") }
    #expect(signingIn.count == 1, "\(signingIn)")
}

// `rolesh sso login` and `logout`, the built binary against the tests' own IAM Identity
// Center (which mints real credentials from moto), with botocore (the aws CLI v1) as the
// witness that the token rolesh wrote works: PKCE driven by a test browser opener that
// follows the redirect with curl, the device flow's pending, slow-down, denied and expired
// answers, fifty parallel callers opening one sign-in, the callback's state check and
// loopback-only listening, Ctrl-C in the middle, and logout.
import Foundation
import RoleshTestSupport
import Testing
@testable import RoleshCore

/// Waits at most `seconds` for `process` to end; kills it (and fails) when it does not.
private func awaitExit(_ process: Process, seconds: Double = 30) {
    let deadline = Date().addingTimeInterval(seconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        Issue.record("rolesh did not end within \(seconds) s")
    }
    process.waitUntilExit()
}

/// A sandbox HOME with `[sso-session corp]`, profile `dev` (111111111111/Admin) and a legacy
/// profile `old` (222222222222/ReadOnly), the fake IAM Identity Center, moto, and a browser
/// opener that logs each URL and, for URLs to the fake, follows the redirect with curl.
private struct SignInWorld {
    let moto: MotoServer
    let center: FakeIdentityCenter
    var sandbox: RoleshSandbox
    let cache: SSOTokenCache

    init(state: [String: Any] = [:], follow: Bool = true) throws {
        moto = try MotoServer()
        var initial: [String: Any] = ["assignments": FakeIdentityCenter.assignments]
        initial.merge(state) { _, new in new }
        center = try FakeIdentityCenter(sts: moto.endpoint, state: initial)
        var sandbox = try RoleshSandbox(config: FakeIdentityCenter.corpConfig + """


            [profile old]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-west-1
            sso_account_id = 222222222222
            sso_role_name = ReadOnly
            region = eu-west-1
            """)
        let opener = try sandbox.write("""
            #!/bin/sh
            echo "$1" >> "$HOME/opened.log"
            case "$1" in \(follow ? center.endpoint : "no-follow")/*) exec curl -s -L -o /dev/null --max-time 30 "$1";; esac
            """, to: "bin/opener", executable: true)
        sandbox.environment.merge(["ROLESH_BROWSER_OPENER": opener, "AWS_ENDPOINT_URL_SSO": center.endpoint,
                                   "AWS_ENDPOINT_URL_SSO_OIDC": center.endpoint, "AWS_ENDPOINT_URL_STS": moto.endpoint]) { $1 }
        self.sandbox = sandbox
        cache = SSOTokenCache(folder: "\(sandbox.home)/.aws/sso/cache")
    }

    /// `aws sts get-caller-identity --profile PROFILE` (botocore reads the token rolesh wrote).
    func awsCallerARN(_ profile: String) throws -> ProcessResult {
        try sandbox.run(TestPaths.venvTool("aws"), ["sts", "get-caller-identity", "--profile", profile, "--query", "Arn",
                                                    "--output", "text"])
    }

    func requests(_ path: String) throws -> [[String: Any]] {
        try center.log().filter { $0["path"] as? String == path }
    }

    var openedURLs: [String] {
        ((try? String(contentsOfFile: "\(sandbox.home)/opened.log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// The cache folder's files, each with whether it parses as JSON.
    func cacheFiles() throws -> [String: Bool] {
        var files: [String: Bool] = [:]
        for name in (try? FileManager.default.contentsOfDirectory(atPath: cache.folder)) ?? [] {
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(cache.folder)/\(name)"))
            files[name] = (try? JSONSerialization.jsonObject(with: data)) != nil
        }
        return files
    }

    /// Starts rolesh without waiting for it, with no signal blocked (the test runner's children
    /// inherit most signals blocked, a terminal's do not).
    func start(_ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.python)
        process.arguments = ["-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])",
                             TestPaths.rolesh] + arguments
        process.environment = sandbox.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Waits until the opener has been handed a URL.
    func awaitOpenedURL() throws -> URLComponents {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let first = openedURLs.first, let url = URLComponents(string: first) { return url }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw TestSupportError("the browser opener was never called")
    }
}

@Test func pkce_sign_in_writes_a_token_the_aws_cli_uses() throws {
    let world = try SignInWorld()
    let login = try world.sandbox.rolesh(["sso", "login", "dev"])
    #expect(login.status == 0, "\(login.stderr)")
    #expect(login.stdout.isEmpty)
    #expect(login.stderr.contains("\(world.center.endpoint)/authorize?response_type=code"))

    let authorize = try #require(try world.requests("/authorize").first?["query"] as? [String: String])
    #expect(authorize["code_challenge_method"] == "S256")
    #expect(authorize["scopes"] == "sso:account:access")
    let redirect = try #require(authorize["redirect_uri"].flatMap(URLComponents.init(string:)))
    #expect(redirect.host == "127.0.0.1" && redirect.path == "/oauth/callback" && redirect.port != nil)
    // The verifier travels once, in CreateToken's body, never in a URL; the fake checked it against the challenge.
    let token = try #require(try world.requests("/token").first?["body"] as? String)
    #expect(token.contains(#""grantType":"authorization_code""#) && token.contains("codeVerifier"))
    #expect(!world.openedURLs.joined().contains("codeVerifier") && !login.stderr.contains("codeVerifier"))
    let register = try #require(try world.requests("/client/register").first?["body"] as? String)
    #expect(register.contains(#""redirectUris":["http://127.0.0.1/oauth/callback"]"#))

    let written = try #require(try world.cache.read(.session("corp")))
    #expect(written.refreshToken != nil && written.clientID != nil)
    let mode = try FileManager.default.attributesOfItem(atPath: try world.cache.path(for: .session("corp")))[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let registration = try #require(try world.cache.readRegistration(for: try world.sandbox.config().ssoSessionSettings(named: "corp")))
    #expect(registration.isForAuthorizationCode && registration.registration.clientID == written.clientID)

    let witness = try world.awsCallerARN("dev")
    #expect(witness.stdout == "arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com\n", "\(witness.stderr)")

    // A second sign-in reuses the cached registration, and always signs in anew (as aws sso login).
    let again = try world.sandbox.rolesh(["sso", "login", "--sso-session", "corp"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try world.requests("/client/register").count == 1)
    #expect(try world.requests("/authorize").count == 2)
    #expect(try world.cache.read(.session("corp"))?.accessToken != written.accessToken)
}

@Test func sso_login_replaces_a_damaged_token_file() throws {
    let world = try SignInWorld()
    try FileManager.default.createDirectory(atPath: world.cache.folder, withIntermediateDirectories: true)
    try "{\"accessTok".write(toFile: try world.cache.path(for: .session("corp")), atomically: true, encoding: .utf8)
    let login = try world.sandbox.rolesh(["sso", "login", "dev"])
    #expect(login.status == 0, "\(login.stderr)")
    #expect(try world.cache.read(.session("corp"))?.refreshToken != nil)
}

@Test func device_flow_polls_through_pending_and_slow_down_and_prints_the_code_on_stderr_only() throws {
    let world = try SignInWorld(state: ["pending_polls": 2, "slow_down_polls": 1])
    let started = Date()
    let login = try world.sandbox.rolesh(["sso", "login", "old", "--no-browser"], timeout: 90)
    #expect(login.status == 0, "\(login.stderr)")
    #expect(login.stdout.isEmpty)
    #expect(login.stderr.contains("open https://device.sso.example/ on any device and enter the code ABCD-EFGH"))
    #expect(world.openedURLs.isEmpty, "--no-browser opens nothing")
    let polls = try world.requests("/token")
    #expect(polls.count == 4, "an immediate try, two pending, one slow_down, then the token")
    // Interval 1 s, plus 5 s after slow_down.
    #expect(Date().timeIntervalSince(started) >= 8)
    let written = try #require(try world.cache.read(.startURL("https://corp.awsapps.com/start")))
    #expect(written.startURL == "https://corp.awsapps.com/start")
    let registration = try #require(try world.requests("/client/register").first?["body"] as? String)
    #expect(!registration.contains("grantTypes") && registration.contains("botocore-client-"))
    let witness = try world.awsCallerARN("old")
    #expect(witness.stdout == "arn:aws:sts::222222222222:assumed-role/ReadOnly/alice@example.com\n", "\(witness.stderr)")
}

@Test(arguments: [
    (#"{"deny": true}"#, "denied"),
    (#"{"expire_device_codes": true}"#, "expired"),
    (#"{"pending_polls": 1000, "device_expires_in": 2}"#, "expired"),
])
func device_flow_failures_end_with_one_line_and_no_token(state: String, word: String) throws {
    let parsed = try JSONSerialization.jsonObject(with: Data(state.utf8)) as? [String: Any] ?? [:]
    let world = try SignInWorld(state: parsed)
    let login = try world.sandbox.rolesh(["sso", "login", "dev", "--use-device-code", "--no-browser"], timeout: 60)
    #expect(login.status == 1)
    #expect(login.stdout.isEmpty)
    let last = try #require(login.stderr.split(separator: "\n").last)
    #expect(last.hasPrefix("rolesh: IAM Identity Center sign-in failed:") && last.contains(word), "\(login.stderr)")
    #expect(try world.cache.read(.session("corp")) == nil)
}

@Test func a_token_near_expiry_is_refreshed_not_signed_in_again_and_botocore_uses_it() throws {
    let world = try SignInWorld()
    #expect(try world.sandbox.rolesh(["sso", "login", "dev"]).status == 0)
    var token = try #require(try world.cache.read(.session("corp")))
    // Ten minutes left: inside the 15-minute window.
    token.expiresAt = Date().addingTimeInterval(600)
    try world.cache.write(token, for: .session("corp"))
    let ifNeeded = try world.sandbox.rolesh(["sso", "login", "dev", "--if-needed"])
    #expect(ifNeeded.status == 0, "\(ifNeeded.stderr)")
    #expect(try world.requests("/authorize").count == 1, "no second sign-in")
    let refresh = try #require(try world.requests("/token").last?["body"] as? String)
    #expect(refresh.contains(#""refreshToken":"\#(token.refreshToken!)""#))
    let renewed = try #require(try world.cache.read(.session("corp")))
    #expect(renewed.accessToken != token.accessToken && renewed.refreshToken != token.refreshToken)
    #expect(renewed.expiresAt > Date().addingTimeInterval(3600))
    let witness = try world.awsCallerARN("dev")
    #expect(witness.stdout == "arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com\n", "\(witness.stderr)")
    let portalCall = try world.requests("/federation/credentials").last
    #expect((portalCall?["headers"] as? [String: String])?["x-amz-sso_bearer_token"] == renewed.accessToken)
}

@Test func fifty_parallel_callers_with_an_expired_token_open_one_sign_in() throws {
    let world = try SignInWorld()
    try world.cache.write(SSOToken(startURL: "https://corp.awsapps.com/start", region: "eu-west-1", accessToken: "expired",
                                   expiresAt: Date().addingTimeInterval(-60)), for: .session("corp"))
    let results = ResultsBox()
    DispatchQueue.concurrentPerform(iterations: 50) { _ in
        let result = try? world.sandbox.rolesh(["sso", "login", "dev", "--if-needed"], timeout: 180)
        results.append(result)
    }
    let all = results.values
    #expect(all.count == 50)
    #expect(all.allSatisfy { $0?.status == 0 && $0?.stdout.isEmpty == true }, "\(all.compactMap { $0?.stderr }.filter { !$0.isEmpty }.prefix(3))")
    #expect(try world.requests("/authorize").count == 1)
    #expect(try world.requests("/client/register").count == 1)
    #expect(try world.requests("/token").count == 1)
    #expect(world.openedURLs.count == 1)
    // One says it signs in; any other that found the lock taken says it waits for that one.
    let stderrs = all.compactMap { $0?.stderr }
    #expect(stderrs.filter { $0.contains("has expired; signing in") }.count == 1)
    #expect(stderrs.filter { $0.contains("; signing in") }.count == 1)
    // rolesh's locks live in its state folder, never beside the aws CLI's files.
    #expect(try world.cacheFiles().keys.allSatisfy { !$0.contains("lock") })
    #expect(world.sandbox.files(under: "sso") == ["ee0bfd2552fbd840c02cc48b6e823320543c450f.lock"])
}

private final class ResultsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [ProcessResult?] = []
    func append(_ result: ProcessResult?) { lock.withLock { results.append(result) } }
    var values: [ProcessResult?] { lock.withLock { results } }
}

@Test func the_callback_listens_on_127_0_0_1_only_and_refuses_another_state() throws {
    let world = try SignInWorld(follow: false)
    let login = try world.start(["sso", "login", "dev"])
    defer { kill(login.processIdentifier, SIGKILL) }
    let authorize = try world.awaitOpenedURL()
    let redirect = try #require(authorize.queryItems?.first { $0.name == "redirect_uri" }?.value.flatMap(URLComponents.init(string:)))
    let port = try #require(redirect.port)
    // /proc/net/tcp: the listening socket (state 0A) is bound to 127.0.0.1 (0100007F), on no other address.
    let portSuffix = String(format: ":%04X", port)
    func listening() throws -> [String] {
        let rows: [[Substring]] = try String(contentsOfFile: "/proc/net/tcp", encoding: .utf8).split(separator: "\n").dropFirst()
            .map { $0.split(separator: " ") }
        return rows.filter { $0.count > 3 && $0[3] == "0A" && $0[1].hasSuffix(portSuffix) }.map { String($0[1]) }
    }
    // Read again for a few seconds: under a loaded machine (the whole suite in parallel) one
    // read of /proc/net/tcp was seen to miss the row.
    var found = try listening()
    for _ in 0..<50 where found.isEmpty {
        Thread.sleep(forTimeInterval: 0.1)
        found = try listening()
    }
    #expect(found == ["0100007F" + portSuffix], "login running: \(login.isRunning)")
    let tcp6 = (try? String(contentsOfFile: "/proc/net/tcp6", encoding: .utf8)) ?? ""
    #expect(!tcp6.contains(String(format: ":%04X 00000000000000000000000000000000:0000 0A", port)))

    let forged = try runProcess("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}",
                                                  "http://127.0.0.1:\(port)/oauth/callback?code=stolen&state=forged"])
    #expect(forged.stdout == "400")
    awaitExit(login)
    #expect(login.terminationStatus == 1)
    #expect(try world.cache.read(.session("corp")) == nil)
    #expect(try world.requests("/token").isEmpty, "the forged code was never exchanged")
}

@Test func a_forged_state_from_the_portal_side_is_refused_with_one_line() throws {
    let world = try SignInWorld(state: ["forge_state": "not-yours"])
    let login = try world.sandbox.rolesh(["sso", "login", "dev"])
    #expect(login.status == 1)
    #expect(login.stdout.isEmpty)
    #expect(login.stderr.split(separator: "\n").last?.contains("another state than this sign-in sent") == true, "\(login.stderr)")
    #expect(try world.requests("/token").isEmpty)
    #expect(try world.cache.read(.session("corp")) == nil)
}

@Test func ctrl_c_in_the_middle_of_a_sign_in_leaves_only_whole_files() throws {
    let world = try SignInWorld(follow: false)
    let login = try world.start(["sso", "login", "dev"])
    _ = try world.awaitOpenedURL()
    kill(login.processIdentifier, SIGINT)
    awaitExit(login)
    #expect(login.terminationReason == .uncaughtSignal && login.terminationStatus == SIGINT)
    let files = try world.cacheFiles()
    // The registration, written before the browser opened, whole; no token, no temporary file.
    #expect(files.count == 1 && files.values.allSatisfy { $0 }, "\(files)")
    #expect(try world.cache.read(.session("corp")) == nil)
}

@Test func logout_signs_out_at_the_portal_and_removes_tokens_and_the_aws_clis_sso_credentials_only() throws {
    let world = try SignInWorld()
    #expect(try world.sandbox.rolesh(["sso", "login", "dev"]).status == 0)
    #expect(try world.sandbox.rolesh(["sso", "login", "old", "--no-browser"], timeout: 60).status == 0)
    let tokens = try [world.cache.read(.session("corp")), world.cache.read(.startURL("https://corp.awsapps.com/start"))].compactMap { $0 }
    #expect(tokens.count == 2)
    let roleCache = try world.sandbox.write(#"{"ProviderType": "sso", "Credentials": {}}"#, to: ".aws/cli/cache/sso-role.json")
    let assumeRoleCache = try world.sandbox.write(#"{"Credentials": {}}"#, to: ".aws/cli/cache/assume-role.json")

    let logout = try world.sandbox.rolesh(["sso", "logout"])
    #expect(logout.status == 0, "\(logout.stderr)")
    #expect(logout.stdout.isEmpty)
    #expect(logout.stderr.contains("2 tokens removed"))
    let ended = try world.requests("/logout").compactMap { ($0["headers"] as? [String: String])?["x-amz-sso_bearer_token"] }
    #expect(Set(ended) == Set(tokens.map(\.accessToken)))
    #expect(try world.cache.read(.session("corp")) == nil)
    #expect(try world.cache.read(.startURL("https://corp.awsapps.com/start")) == nil)
    // The registrations stay, as aws sso logout leaves them.
    #expect(try world.cacheFiles().count == 2)
    #expect(!FileManager.default.fileExists(atPath: roleCache))
    #expect(FileManager.default.fileExists(atPath: assumeRoleCache))
    // The token no longer works at the portal: the aws CLI is signed out too.
    #expect(try world.awsCallerARN("dev").status != 0)
}

extension RoleshSandbox {
    /// The sandbox's config file, read.
    func config() throws -> AWSConfig {
        try AWSConfig.load(environment: environment)
    }
}

@Test func without_a_browser_to_open_an_sso_session_signs_in_with_a_device_code() throws {
    var world = try SignInWorld(state: ["pending_polls": 1])
    // An SSH session: no opener configured, no display, no xdg-open on PATH.
    world.sandbox.environment["ROLESH_BROWSER_OPENER"] = nil
    world.sandbox.environment["PATH"] = "/nonexistent"
    let login = try world.sandbox.rolesh(["sso", "login", "dev"], timeout: 60)
    #expect(login.status == 0, "\(login.stderr)")
    #expect(login.stdout.isEmpty)
    #expect(login.stderr.contains("signing in with a device code instead"))
    #expect(login.stderr.contains("enter the code ABCD-EFGH"))
    #expect(try world.requests("/authorize").isEmpty)
    #expect(try world.requests("/device_authorization").count == 1)
    #expect(try world.cache.read(.session("corp")) != nil)
}

@Test func a_token_botocore_refreshed_is_used_by_rolesh_without_a_refresh_or_sign_in_of_its_own() throws {
    let world = try SignInWorld()
    #expect(try world.sandbox.rolesh(["sso", "login", "dev"]).status == 0)
    var token = try #require(try world.cache.read(.session("corp")))
    token.expiresAt = Date().addingTimeInterval(300)
    try world.cache.write(token, for: .session("corp"))
    // botocore refreshes first (its refresh token is single use at the fake) and rewrites the file.
    let witness = try world.awsCallerARN("dev")
    #expect(witness.stdout == "arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com\n", "\(witness.stderr)")
    let byBotocore = try #require(try world.cache.read(.session("corp")))
    #expect(byBotocore.accessToken != token.accessToken)
    let tokenCalls = try world.requests("/token").count

    let ifNeeded = try world.sandbox.rolesh(["sso", "login", "dev", "--if-needed"])
    #expect(ifNeeded.status == 0, "\(ifNeeded.stderr)")
    #expect(try world.requests("/token").count == tokenCalls, "rolesh used botocore's token as it was")
    #expect(try world.requests("/authorize").count == 1)
    #expect(ifNeeded.stderr.contains(isoTimestamp(byBotocore.expiresAt)))
}

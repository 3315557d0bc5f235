// `rolesh exec --server` (issue 15 §3) through the built binary against moto: the child's
// SDKs (boto3, the aws CLI) on the loopback endpoint, renewal behind it, what the endpoint
// refuses, what the child is given and not given, and exit statuses and signals.
// STS will not make credentials that live less than 15 minutes: a recording proxy in front
// of moto (Tests/Scripts/sts_recording_proxy.py with a LIFETIME) makes them live seconds,
// and counts the AssumeRole calls rolesh makes.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()
private let client = "\(TestPaths.packageRoot)/Tests/Scripts/endpoint_client.py"

/// The recording proxy in front of moto with credentials that live `lifetime` seconds.
private final class ShortLivedSTS {
    let folder: String
    let endpoint: String
    private var pid: Int32 = 0

    init(upstream: String, lifetime: Int) throws {
        folder = try TestPaths.temporaryFolder("rolesh-server-proxy")
        let port = try freeLocalPort()
        endpoint = "http://127.0.0.1:\(port)"
        let start = #""$0" "$1" "$2" "$3" "$4/log" "$4/ready" "$5" </dev/null >/dev/null 2>&1 & echo $!"#
        let started = try runProcess("/bin/sh", ["-c", start, TestPaths.python,
            "\(TestPaths.packageRoot)/Tests/Scripts/sts_recording_proxy.py", upstream, "\(port)", folder, "\(lifetime)"])
        pid = Int32(started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: "\(folder)/ready") && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit {
        if pid > 0 { kill(pid, SIGKILL) }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// How many AssumeRole calls reached STS.
    func assumeRoleCalls() -> Int {
        let log = (try? String(contentsOfFile: "\(folder)/log", encoding: .utf8)) ?? ""
        return log.split(separator: "\n").filter { $0.contains(#""action": "AssumeRole""#) }.count
    }
}

private func childEnvironment(_ sandbox: StoreSandbox, sts: String? = nil) -> [String: String] {
    var environment = sandbox.baseEnvironment
    environment["PATH"] = "\(TestPaths.packageRoot)/.venv/bin:/usr/bin:/bin"
    if let sts { environment["AWS_ENDPOINT_URL_STS"] = sts }
    return environment
}

private func json(_ text: String) throws -> Any {
    try JSONSerialization.jsonObject(with: Data(text.utf8))
}

@Test func exec_server_renews_credentials_behind_the_endpoint_for_a_command_that_outlives_them() throws {
    let sandbox = try StoreSandbox(endpoint: try moto.endpoint(), label: "rolesh-server-renew")
    defer { sandbox.remove() }
    let lifetime = 24
    let sts = try ShortLivedSTS(upstream: try moto.endpoint(), lifetime: lifetime)

    // boto3 (one client for the whole run) and the aws CLI, for more than two lifetimes.
    let result = try runProcess(TestPaths.rolesh, ["exec", "--server", "prod", "--", TestPaths.python, client, "calls", "60"],
                                environment: childEnvironment(sandbox, sts: sts.endpoint), timeout: 180)
    #expect(result.status == 0, "\(result.stderr)")
    let calls = try #require(try json(result.stdout) as? [[String: Any]], "\(result.stdout)")
    #expect(calls.count >= 10, "\(calls)")
    for call in calls {
        #expect((call["arn"] as? String)?.hasPrefix("arn:aws:sts::123456789012:assumed-role/Prod/") == true, "\(call)")
        if call["client"] as? String == "cli" { #expect(call["status"] as? Int == 0, "\(call)") }
    }
    // The long-running client went on with renewed keys, several times over.
    let keys = Set(calls.filter { $0["client"] as? String == "boto3" }.compactMap { $0["key"] as? String })
    #expect(keys.count >= 3, "\(keys)")
    // Renewed behind the endpoint: about every half lifetime (first fetch + 60 s / 12 s),
    // not once per request (the CLI and botocore ask at every call: credentials this short
    // are always inside their refresh windows).
    let renewals = sts.assumeRoleCalls()
    #expect((4...8).contains(renewals), "\(renewals) AssumeRole calls for \(calls.count) calls")
    #expect(renewals == keys.count || renewals == keys.count + 1, "\(renewals) AssumeRole calls, \(keys.count) keys seen")
}

@Test func exec_server_endpoint_answers_its_token_on_its_path_only_and_ends_with_the_command() throws {
    let sandbox = try StoreSandbox(endpoint: try moto.endpoint(), label: "rolesh-server-probe")
    defer { sandbox.remove() }
    var environment = childEnvironment(sandbox)
    // Keys, a profile, a web identity and a relative container URI in rolesh's own environment:
    // each would outrank the endpoint in the child's SDKs.
    environment["AWS_ACCESS_KEY_ID"] = "AKIAOUTERSHELLKEY"
    environment["AWS_SECRET_ACCESS_KEY"] = "outer-secret"
    environment["AWS_ROLE_ARN"] = "arn:aws:iam::123456789012:role/Web"
    environment["AWS_WEB_IDENTITY_TOKEN_FILE"] = "/nonexistent/token"
    environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "/v2/credentials/x"
    environment["AWS_CREDENTIAL_FILE"] = "/nonexistent/ec2-tools-keys"

    let result = try runProcess(TestPaths.rolesh, ["exec", "prod", "--server", TestPaths.python, client, "probe"],
                                environment: environment, timeout: 60)
    #expect(result.status == 0, "\(result.stderr)")
    let report = try #require(try json(result.stdout) as? [String: Any], "\(result.stdout)")

    #expect(report["host"] as? String == "127.0.0.1")
    let good = try #require(report["good"] as? [Any])
    #expect(good.first as? Int == 200)
    let answer = try #require(good.last as? [String: String], "\(good)")
    #expect(Set(answer.keys) == ["AccessKeyId", "SecretAccessKey", "Token", "Expiration"])
    #expect(answer["Expiration"]?.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"#, options: .regularExpression) != nil)
    for refusal in ["wrong", "missing", "empty"] {
        #expect(report[refusal] as? Int == 403, "\(refusal): \(report[refusal] ?? "-")")
    }
    #expect(report["other_path"] as? Int == 404)
    #expect(report["post"] as? Int == 405)

    // The child has the endpoint and none of the role's keys or anything that outranks it.
    let childVariables = try #require(report["environment"] as? [String: String])
    for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ROLE_ARN",
                 "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CREDENTIAL_FILE", "AWS_CREDENTIAL_EXPIRATION",
                 "ROLESH_EXPIRES", "ROLESH_SESSION_KEY"] {
        #expect(childVariables[name] == nil, "\(name) = \(childVariables[name] ?? "")")
    }
    #expect(childVariables["AWS_REGION"] == "eu-central-1" && childVariables["AWS_DEFAULT_REGION"] == "eu-central-1")
    #expect(childVariables["ROLESH_ROLE_ARN"] == "arn:aws:iam::123456789012:role/Prod")
    for secret in [answer["SecretAccessKey"], answer["Token"], StoreSandbox.secretAccessKey].compactMap({ $0 }) {
        #expect(!childVariables.values.contains { $0.contains(secret) })
    }
    // Its config files are rolesh's, private, in the state folder, with no credentials.
    let files = try #require(report["files"] as? [String: [String: String]])
    for (variable, file) in files {
        #expect(file["mode"] == "0o600", "\(variable)")
        #expect(childVariables[variable]?.hasPrefix("\(sandbox.stateRoot)/exec/") == true, "\(variable)")
        #expect(!(file["text"] ?? "").contains("aws_access_key_id") && !(file["text"] ?? "").contains("role_arn"), "\(file)")
    }
    #expect(files["AWS_CONFIG_FILE"]?["text"]?.contains("[profile prod]\nregion = eu-central-1\n") == true)

    // After the command: nothing listens on the port, and the files are gone.
    let port = try #require(report["port"] as? Int)
    let connect = try runProcess(TestPaths.python, ["-c", """
        import socket, sys
        try:
            socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
        except ConnectionRefusedError:
            print("refused")
        """, "\(port)"], environment: ["PATH": "/usr/bin:/bin"])
    #expect(connect.stdout == "refused\n", "\(connect)")
    #expect(sandbox.stateFiles().filter { $0.hasPrefix("exec/") }.isEmpty, "\(sandbox.stateFiles())")

    // Each run has a port and a token of its own.
    let again = try runProcess(TestPaths.rolesh, ["exec", "prod", "--server", TestPaths.python, client, "probe"],
                               environment: environment, timeout: 60)
    let second = try #require(try json(again.stdout) as? [String: Any], "\(again)")
    let secondVariables = try #require(second["environment"] as? [String: String])
    #expect(second["port"] as? Int != port)
    let token = try #require(childVariables["AWS_CONTAINER_AUTHORIZATION_TOKEN"])
    #expect(token.count == 64 && secondVariables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] != token)
}

@Test func exec_server_endpoint_wins_over_a_default_profile_with_keys() throws {
    let sandbox = try StoreSandbox(endpoint: try moto.endpoint(), label: "rolesh-server-default")
    defer { sandbox.remove() }
    // A [default] with keys (the base user's) in the credentials file, and settings in the config.
    let credentials = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(sandbox.home)/.aws/credentials"))
    try credentials.seekToEnd()
    try credentials.write(contentsOf: Data("[default]\naws_access_key_id = \(StoreSandbox.accessKeyID)\naws_secret_access_key = \(StoreSandbox.secretAccessKey)\n".utf8))
    try credentials.close()
    let config = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(sandbox.home)/.aws/config"))
    try config.seekToEnd()
    try config.write(contentsOf: Data("[default]\noutput = json\ncli_pager =\n".utf8))
    try config.close()
    // And a boto config with keys, which botocore also asks before the endpoint, beside
    // settings of gsutil's that must stay.
    try Data("""
        [Credentials]
        aws_access_key_id = \(StoreSandbox.accessKeyID)
        aws_secret_access_key = \(StoreSandbox.secretAccessKey)
        gs_oauth2_refresh_token = kept
        [Boto]
        https_validate_certificates = True

        """.utf8).write(to: URL(fileURLWithPath: "\(sandbox.home)/.boto"))
    let environment = childEnvironment(sandbox)

    let served = try runProcess(TestPaths.rolesh, ["exec", "--server", "prod", "aws", "sts", "get-caller-identity", "--query", "Arn"],
                                environment: environment, timeout: 60)
    #expect(served.status == 0, "\(served.stderr)")
    // The role, not the [default] user; and `output = json` kept (the ARN comes quoted).
    #expect(served.stdout.hasPrefix("\"arn:aws:sts::123456789012:assumed-role/Prod/"), "\(served.stdout)")
    // The aws CLI reports where its credentials came from.
    let list = try runProcess(TestPaths.rolesh, ["exec", "--server", "prod", "aws", "configure", "list"],
                              environment: environment, timeout: 60)
    #expect(list.status == 0 && list.stdout.contains("container-role"), "\(list)")
    // The command's boto config is a copy without the AWS keys.
    let boto = try runProcess(TestPaths.rolesh, ["exec", "--server", "prod", "--", "/bin/sh", "-c", "cat \"$BOTO_CONFIG\""],
                              environment: environment, timeout: 60)
    #expect(boto.status == 0 && boto.stdout == """
        [Credentials]
        gs_oauth2_refresh_token = kept
        [Boto]
        https_validate_certificates = True

        """, "\(boto)")
}

@Test func exec_server_exits_as_the_command_did_and_passes_signals_sent_to_rolesh() throws {
    let sandbox = try StoreSandbox(endpoint: try moto.endpoint(), label: "rolesh-server-status")
    defer { sandbox.remove() }
    let environment = childEnvironment(sandbox)
    for (script, status) in [("exit 7", Int32(7)), ("kill -KILL $$", 128 + 9), ("exit 0", 0)] {
        let result = try runProcess(TestPaths.rolesh, ["exec", "--server", "dev", "--", "/bin/sh", "-c", script],
                                    environment: environment, timeout: 60)
        #expect(result.status == status, "\(script): \(result)")
    }
    let missing = try runProcess(TestPaths.rolesh, ["exec", "--server", "dev", "no-such-command-here"],
                                 environment: environment, timeout: 60)
    #expect(missing.status == 127 && missing.stderr.contains("command not found"), "\(missing)")

    // A signal another process sends rolesh reaches the child, once; rolesh then exits with
    // the child's status.
    let ready = "\(sandbox.folder)/ready"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestPaths.rolesh)
    process.arguments = ["exec", "--server", "dev", "--", "/bin/sh", "-c",
                         "trap 'echo usr1; exit 42' USR1; touch \"$0\"; while :; do sleep 0.1; done", ready]
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let deadline = Date().addingTimeInterval(30)
    while !FileManager.default.fileExists(atPath: ready) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
    kill(process.processIdentifier, SIGUSR1)
    process.waitUntilExit()
    #expect(process.terminationReason == .exit && process.terminationStatus == 42)
    #expect(String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "usr1\n")
}

@Test func exec_server_leaves_the_terminals_ctrl_c_to_the_command() throws {
    let sandbox = try StoreSandbox(endpoint: try moto.endpoint(), label: "rolesh-server-ctrl-c")
    defer { sandbox.remove() }
    // Counts the SIGINTs it gets until a second and a half after the first, then exits 3.
    // Python runs its handler once for signals that arrive together: the wakeup descriptor
    // gets a byte for each.
    let counter = """
        import os, signal, sys, time
        read_end, write_end = os.pipe()
        os.set_blocking(write_end, False)
        signal.signal(signal.SIGINT, lambda *_: None)
        signal.set_wakeup_fd(write_end)
        print("ready", flush=True)
        os.read(read_end, 1)
        time.sleep(1.5)
        os.set_blocking(read_end, False)
        count = 1
        try:
            count += len(os.read(read_end, 100))
        except BlockingIOError:
            pass
        print(f"interrupts={count}", flush=True)
        sys.exit(3)
        """
    try counter.write(toFile: "\(sandbox.folder)/counter.py", atomically: true, encoding: .utf8)
    // bash with a trap of its own, so that Ctrl-C does not end the shell that reports the status.
    let line = "trap true INT; '\(TestPaths.rolesh)' exec --server dev -- '\(TestPaths.python)' '\(sandbox.folder)/counter.py'; echo status=$?; sleep 10"
    let pane = try TmuxSession(command: ["/bin/bash", "-c", line], environment: childEnvironment(sandbox),
                               folder: try TestPaths.temporaryFolder("rolesh-server-tmux"))
    defer { pane.close() }
    _ = try pane.waitFor("the command to start") { $0.contains("ready") || $0.contains("status=") }
    try pane.send("C-c", literal: false)
    let screen = try pane.waitFor("the command to end") { $0.contains("status=") }
    // One interrupt: the terminal's own, not a second one from rolesh.
    #expect(screen.contains("interrupts=1"), "\(screen)")
    #expect(screen.contains("status=3"), "\(screen)")
}

@Test func exec_server_says_when_renewal_needs_an_mfa_code_and_the_sdks_report_it_once_the_credentials_expire() throws {
    let sandbox = try StoreSandbox(endpoint: try moto.endpoint(), label: "rolesh-server-mfa")
    defer { sandbox.remove() }
    let config = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(sandbox.home)/.aws/config"))
    try config.seekToEnd()
    try config.write(contentsOf: Data("""
        [profile prod-mfa]
        role_arn = arn:aws:iam::123456789012:role/Prod
        source_profile = base
        mfa_serial = arn:aws:iam::123456789012:mfa/alice

        """.utf8))
    try config.close()
    let sts = try ShortLivedSTS(upstream: try moto.endpoint(), lifetime: 16)
    var environment = childEnvironment(sandbox, sts: sts.endpoint)
    // The code on each AssumeRole call, so that every renewal needs one.
    environment["ROLESH_MFA_SESSION"] = "off"

    let script = """
        aws sts get-caller-identity --query Arn --output text
        sleep 20
        aws sts get-caller-identity --query Arn --output text
        echo "second=$?"
        """
    let result = try runProcess(TestPaths.rolesh, ["exec", "--server", "--token-code", "123456", "prod-mfa", "--", "/bin/sh", "-c", script],
                                environment: environment, timeout: 120)
    #expect(result.status == 0, "\(result)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("arn:aws:sts::123456789012:assumed-role/Prod/") == true, "\(result)")
    // Once the credentials expired, the aws CLI failed with the endpoint's error.
    #expect(lines.last.map { $0.hasPrefix("second=") && $0 != "second=0" } == true, "\(result)")
    #expect(result.stderr.contains("CredentialsUnavailable") && result.stderr.contains("needs an MFA code"), "\(result.stderr)")
    // rolesh said so once, with what to do, though it kept trying.
    #expect(result.stderr.components(separatedBy: "rolesh: cannot renew").count == 2, "\(result.stderr)")
    #expect(result.stderr.contains("run `rolesh assume prod-mfa` in another terminal"), "\(result.stderr)")
    #expect(sts.assumeRoleCalls() == 1)
}

@Test func exec_server_endpoint_goes_with_rolesh_and_its_files_with_the_command() throws {
    let sandbox = try StoreSandbox(endpoint: try moto.endpoint(), label: "rolesh-server-killed")
    defer { sandbox.remove() }
    let environment = childEnvironment(sandbox)
    /// Starts rolesh with a command that notes its pid and the endpoint's URL, then waits in
    /// short sleeps (the signals the test runner blocks reach the shell between them).
    func started(_ name: String) throws -> (rolesh: Process, command: Int32, port: Int) {
        let noted = "\(sandbox.folder)/\(name)"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.rolesh)
        process.arguments = ["exec", "--server", "dev", "--", "/bin/sh", "-c",
                             #"echo "$$ $AWS_CONTAINER_CREDENTIALS_FULL_URI" > "$0.tmp" && mv "$0.tmp" "$0"; while :; do sleep 0.1; done"#,
                             noted]
        process.environment = environment
        // The command outlives a killed rolesh: it must not hold the test's output open.
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: noted) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let words = try String(contentsOfFile: noted, encoding: .utf8).split(separator: " ")
        let url = try #require(URLComponents(string: String(words[1]).trimmingCharacters(in: .whitespacesAndNewlines)))
        return (process, try #require(Int32(words[0])), try #require(url.port))
    }
    func refused(_ port: Int) throws -> Bool {
        try runProcess(TestPaths.python, ["-c", """
            import socket, sys
            try:
                socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
            except ConnectionRefusedError:
                print("refused")
            """, "\(port)"], environment: ["PATH": "/usr/bin:/bin"]).stdout == "refused\n"
    }

    // A hangup sent to rolesh reaches the command; rolesh exits as it did and removes its files.
    let hungUp = try started("hup")
    #expect(try !refused(hungUp.port))
    #expect(!sandbox.stateFiles().filter { $0.hasPrefix("exec/") && $0.hasSuffix("/config") }.isEmpty)
    kill(hungUp.rolesh.processIdentifier, SIGHUP)
    hungUp.rolesh.waitUntilExit()
    #expect(hungUp.rolesh.terminationReason == .exit && hungUp.rolesh.terminationStatus == 128 + SIGHUP)
    #expect(try refused(hungUp.port))
    #expect(sandbox.stateFiles().filter { $0.hasPrefix("exec/") }.isEmpty, "\(sandbox.stateFiles())")

    // rolesh killed outright: the endpoint goes with it, though the command runs on.
    let killed = try started("kill")
    kill(killed.rolesh.processIdentifier, SIGKILL)
    let deadline = Date().addingTimeInterval(10)
    while try !refused(killed.port) && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    #expect(try refused(killed.port))
    #expect(kill(killed.command, 0) == 0, "the command ended with rolesh")
    kill(killed.command, SIGKILL)
    killed.rolesh.waitUntilExit()
    // Its files stay until the next exec --server, which removes them.
    let left = sandbox.stateFiles().filter { $0.hasPrefix("exec/\(killed.rolesh.processIdentifier)-") }
    #expect(left.count == 3, "\(sandbox.stateFiles())")
    let next = try runProcess(TestPaths.rolesh, ["exec", "--server", "dev", "--", "/bin/sh", "-c", "ls \"$(dirname \"$AWS_CONFIG_FILE\")/..\""],
                              environment: environment, timeout: 60)
    #expect(next.status == 0 && next.stdout.split(separator: "\n").count == 1, "\(next)")
    #expect(sandbox.stateFiles().filter { $0.hasPrefix("exec/") }.isEmpty, "\(sandbox.stateFiles())")
}

@Test func exec_server_carries_on_after_an_sso_sign_in_the_renewal_could_not_do() throws {
    let sts = try MotoServer()
    defer { sts.stop() }
    // Role credentials that live 20 seconds: renewed at 10.
    let center = try FakeIdentityCenter(sts: sts.endpoint, state: [
        "assignments": ["111111111111": ["name": "Dev", "roles": ["Admin"]]], "role_seconds": 20,
    ])
    let scenario = try ShellScenario(config: """
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-west-1

        [profile dev]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = Admin
        region = eu-west-1
        """, stsEndpoint: sts.endpoint,
        environment: ["AWS_ENDPOINT_URL_SSO": center.endpoint, "AWS_ENDPOINT_URL_SSO_OIDC": center.endpoint])
    defer { scenario.remove() }
    let cache = SSOTokenCache(folder: "\(scenario.home)/.aws/sso/cache")
    func signIn(as token: String) throws {
        let expires = Date().addingTimeInterval(3600)
        try center.update { state in
            state["tokens"] = [token: expires.timeIntervalSince1970]
        }
        try cache.write(SSOToken(startURL: "https://corp.awsapps.com/start", region: "eu-west-1", accessToken: token,
                                 expiresAt: expires), for: .session("corp"))
    }
    try signIn(as: "first-token")

    // A call, then (the test signs the token out) calls until one fails, then (the test signs
    // in again) calls until one succeeds.
    let steps = scenario.folder
    let script = """
        call() { aws sts get-caller-identity --query Arn --output text; }
        call && touch "$0/called"
        while [ ! -e "$0/signed-out" ]; do sleep 0.1; done
        until ! call 2>"$0/failure"; do sleep 1; done
        touch "$0/failed"
        while [ ! -e "$0/signed-in" ]; do sleep 0.1; done
        until call; do sleep 1; done
        """
    var environment = scenario.environment
    environment["PATH"] = "\(TestPaths.packageRoot)/.venv/bin:" + (environment["PATH"] ?? "/usr/bin:/bin")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: TestPaths.rolesh)
    process.arguments = ["exec", "--server", "dev", "--", "/bin/sh", "-c", script, steps]
    process.environment = environment
    let output = Pipe(), errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    func waitFor(_ step: String) {
        let deadline = Date().addingTimeInterval(90)
        while !FileManager.default.fileExists(atPath: "\(steps)/\(step)") && Date() < deadline && process.isRunning {
            Thread.sleep(forTimeInterval: 0.1)
        }
    }
    waitFor("called")
    try center.update { $0["tokens"] = [String: Double]() }
    FileManager.default.createFile(atPath: "\(steps)/signed-out", contents: nil)
    waitFor("failed")
    try signIn(as: "second-token")
    FileManager.default.createFile(atPath: "\(steps)/signed-in", contents: nil)
    let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()

    #expect(process.terminationStatus == 0, "\(stderr)")
    let arns = stdout.split(separator: "\n")
    #expect(arns.count >= 2 && arns.allSatisfy { $0.hasPrefix("arn:aws:sts::111111111111:assumed-role/Admin/") }, "\(stdout)")
    // The SDK reported the endpoint's error, which says what to do; rolesh said it on its stderr.
    let failure = (try? String(contentsOfFile: "\(steps)/failure", encoding: .utf8)) ?? ""
    #expect(failure.contains("CredentialsUnavailable") && failure.contains("rolesh sso login"), "\(failure)")
    #expect(stderr.contains("rolesh: cannot renew the credentials behind the endpoint") && stderr.contains("rolesh sso login"),
            "\(stderr)")
    // And after the sign-in the renewal used the new token.
    let bearer = try center.log().last { $0["path"] as? String == "/federation/credentials" }
    #expect((bearer?["headers"] as? [String: String])?["x-amz-sso_bearer_token"] == "second-token")
}

// Roles that require MFA, through the built binary against moto, with what rolesh sent
// checked: moto accepts any code and says nothing of it, so a recording proxy in front of it
// (Tests/Scripts/sts_recording_proxy.py) keeps every request's parameters and signing key.
// Paths: export and exec with --token-code, assume (a chain's two codes, the session reused),
// assume and refresh asking on the terminal (tmux), console with an mfa_process.
import Foundation
import RoleshTestSupport
import Testing

private let account = "123456789012"
private let device = "arn:aws:iam::\(account):mfa/alice"
private let secondDevice = "arn:aws:iam::\(account):mfa/alice-admin"
private let keyDevice = "arn:aws:iam::\(account):mfa/alice-yubikey"

/// moto seeded with the roles the config names and a user alice whose key is the base key.
private enum MFAMoto {
    struct Seeded: Sendable {
        let server: MotoServer
        let accessKeyID: String
        let secretAccessKey: String
    }

    static let started: Result<Seeded, any Error> = Result {
        let server = try MotoServer()
        atexit { if case .success(let seeded) = MFAMoto.started { seeded.server.stop() } }
        let seed = try runProcess(
            TestPaths.python, ["\(TestPaths.packageRoot)/Tests/Scripts/moto_seed.py", server.endpoint, "Prod", "A", "B", "C", "Tooled"],
            environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()])
        guard seed.status == 0, let keys = try JSONSerialization.jsonObject(with: Data(seed.stdout.utf8)) as? [String: String],
              let id = keys["AccessKeyId"], let secret = keys["SecretAccessKey"]
        else { throw TestSupportError("seeding moto failed: \(seed.stderr)") }
        return Seeded(server: server, accessKeyID: id, secretAccessKey: secret)
    }
}

/// The recording proxy in front of moto, one per test: what it was asked, in order.
private final class RecordingSTS {
    let folder: String
    let endpoint: String
    private var pid: Int32 = 0

    struct Request: Equatable, CustomStringConvertible {
        var action: String
        var params: [String: String]
        var key: String?
        var description: String { "\(action) \(params.sorted { $0.key < $1.key }) signed by \(key ?? "-")" }
    }

    /// Started by a shell that exits at once, holding no descriptor of this process.
    init(upstream: String) throws {
        folder = try TestPaths.temporaryFolder("rolesh-mfa-proxy")
        let port = try freeLocalPort()
        endpoint = "http://127.0.0.1:\(port)"
        let start = #""$0" "$1" "$2" "$3" "$4/log" "$4/ready" </dev/null >/dev/null 2>&1 & echo $!"#
        let started = try runProcess("/bin/sh", ["-c", start, TestPaths.python,
            "\(TestPaths.packageRoot)/Tests/Scripts/sts_recording_proxy.py", upstream, "\(port)", folder])
        pid = Int32(started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: "\(folder)/ready") && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit {
        if pid > 0 { kill(pid, SIGKILL) }
    }

    /// The STS calls that make credentials (GetSessionToken, AssumeRole) and federation
    /// requests, in order; the aws CLI's GetCallerIdentity is left out.
    func requests() throws -> [Request] {
        guard let text = try? String(contentsOfFile: "\(folder)/log", encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").compactMap { line in
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let action = object["action"] as? String ?? ""
            guard action != "GetCallerIdentity" else { return nil }
            return Request(action: action, params: object["params"] as? [String: String] ?? [:], key: object["key"] as? String)
        }
    }

    /// Forgets what was asked so far.
    func clear() throws {
        try? FileManager.default.removeItem(atPath: "\(folder)/log")
    }
}

/// A sandbox whose STS is the recording proxy in front of moto. `base` holds alice's keys;
/// prod-mfa and admin-mfa are roles from base that name `device`; long-mfa names it too with a
/// 2-hour duration; deep is a role from prod-mfa that names `secondDevice`; ykey names
/// `keyDevice` and gets codes from an mfa_process, broken-key from one that fails;
/// odd-duration (no MFA) has a duration_seconds that is not a number, on line 36.
private func mfaSandbox() throws -> (RoleshSandbox, RecordingSTS, MFAMoto.Seeded) {
    let moto = try MFAMoto.started.get()
    let proxy = try RecordingSTS(upstream: moto.server.endpoint)
    var sandbox = try RoleshSandbox(
        credentials: "[base]\naws_access_key_id = \(moto.accessKeyID)\naws_secret_access_key = \(moto.secretAccessKey)\n",
        environment: ["AWS_ENDPOINT_URL_STS": proxy.endpoint, "AWS_DEFAULT_REGION": "us-east-1", "ROLESH_QUIET": "1",
                      "ROLESH_FEDERATION_ENDPOINT": "\(proxy.endpoint)/federation"])
    // Prints a code with blanks around it, and notes the words it was given, one per line.
    let codeTool = try sandbox.write("#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$HOME/code-tool-arguments\"\necho '  246810  '\n",
                                     to: "bin/code-tool", executable: true)
    let brokenTool = try sandbox.write("#!/bin/sh\nexit 3\n", to: "bin/broken-tool", executable: true)
    try sandbox.write("""
        [profile prod-mfa]
        role_arn = arn:aws:iam::\(account):role/Prod
        source_profile = base
        mfa_serial = \(device)
        role_session_name = alice
        [profile admin-mfa]
        role_arn = arn:aws:iam::\(account):role/A
        source_profile = base
        mfa_serial = \(device)
        role_session_name = alice
        [profile long-mfa]
        role_arn = arn:aws:iam::\(account):role/B
        source_profile = base
        mfa_serial = \(device)
        duration_seconds = 7200
        role_session_name = alice
        [profile deep]
        role_arn = arn:aws:iam::\(account):role/C
        source_profile = prod-mfa
        mfa_serial = \(secondDevice)
        role_session_name = alice
        [profile ykey]
        role_arn = arn:aws:iam::\(account):role/Tooled
        source_profile = base
        mfa_serial = \(keyDevice)
        mfa_process = \(codeTool) 'oath code' "$HOME"
        role_session_name = alice
        [profile broken-key]
        role_arn = arn:aws:iam::\(account):role/Tooled
        source_profile = base
        mfa_serial = \(keyDevice)
        mfa_process = \(brokenTool)
        [profile odd-duration]
        role_arn = arn:aws:iam::\(account):role/A
        source_profile = base
        duration_seconds = abc
        role_session_name = alice

        """, to: ".aws/config")
    sandbox.environment["AWS_CONFIG_FILE"] = "\(sandbox.home)/.aws/config"
    return (sandbox, proxy, moto)
}

private func roleARN(_ name: String) -> String { "arn:aws:iam::\(account):role/\(name)" }

private func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// The ARN the aws CLI sees for the keys of `rolesh export --format json` output.
private func arn(ofExported text: String, in sandbox: RoleshSandbox) throws -> String {
    let json = try jsonObject(text)
    let result = try sandbox.run("aws", ["sts", "get-caller-identity", "--query", "Arn", "--output", "text"], environment: [
        "AWS_ACCESS_KEY_ID": json["AccessKeyId"] as? String ?? "", "AWS_SECRET_ACCESS_KEY": json["SecretAccessKey"] as? String ?? "",
        "AWS_SESSION_TOKEN": json["SessionToken"] as? String ?? "",
    ])
    try #require(result.status == 0, "aws CLI failed: \(result.stderr)")
    return result.stdout.trimmingCharacters(in: .newlines)
}

@Suite(.serialized) struct MFATests {
    @Test func export_and_exec_use_one_mfa_session_per_device_and_the_per_role_path_past_an_hour() throws {
        let (sandbox, proxy, moto) = try mfaSandbox()

        // export: the code opens a GetSessionToken session with the base keys; the role is
        // assumed from that session, without MFA parameters of its own.
        let exported = try sandbox.rolesh(["export", "prod-mfa", "--format", "json", "--token-code", "123456"])
        #expect(exported.status == 0)
        #expect(exported.stderr == "")
        #expect(try arn(ofExported: exported.stdout, in: sandbox) == "arn:aws:sts::\(account):assumed-role/Prod/alice")
        let first = try proxy.requests()
        try #require(first.count == 2, "\(first)")
        #expect(first[0] == .init(action: "GetSessionToken", params: ["SerialNumber": device, "TokenCode": "123456"], key: moto.accessKeyID))
        #expect(first[1].action == "AssumeRole")
        #expect(first[1].params == ["RoleArn": roleARN("Prod"), "RoleSessionName": "alice"])
        let sessionKey = try #require(first[1].key)
        #expect(sessionKey != moto.accessKeyID)

        // exec of another role naming the same device: no code, no terminal, the same session.
        try proxy.clear()
        let reused = try sandbox.rolesh(["exec", "admin-mfa", "--", "aws", "sts", "get-caller-identity", "--query", "Arn", "--output", "text"])
        #expect(reused.status == 0)
        #expect(reused.stderr == "")
        #expect(reused.stdout == "arn:aws:sts::\(account):assumed-role/A/alice\n")
        #expect(try proxy.requests() == [.init(action: "AssumeRole", params: ["RoleArn": roleARN("A"), "RoleSessionName": "alice"], key: sessionKey)])

        // Two hours do not fit a role assumed from a session token: the MFA goes on the
        // AssumeRole call, made with the long-term keys; the session is not used.
        try proxy.clear()
        let long = try sandbox.rolesh(["exec", "long-mfa", "--token-code", "654321", "--",
                                       "aws", "sts", "get-caller-identity", "--query", "Arn", "--output", "text"])
        #expect(long.status == 0)
        #expect(long.stderr == "")
        #expect(long.stdout == "arn:aws:sts::\(account):assumed-role/B/alice\n")
        #expect(try proxy.requests() == [.init(action: "AssumeRole", params: [
            "RoleArn": roleARN("B"), "RoleSessionName": "alice", "DurationSeconds": "7200",
            "SerialNumber": device, "TokenCode": "654321",
        ], key: moto.accessKeyID)])

        // The per-role path needs a code every time; without one and without a terminal, one line.
        try proxy.clear()
        let noCode = try sandbox.rolesh(["export", "long-mfa", "--refresh", "--format", "json"])
        #expect(noCode.status != 0)
        #expect(noCode.stdout == "")
        #expect(noCode.stderr == "rolesh: an MFA code for \(device) (profile \"long-mfa\") is needed and there is no terminal to ask on: pass it with --token-code, set mfa_process in the profile, or run rolesh in a terminal\n")
        #expect(try proxy.requests() == [])

        // ROLESH_MFA_SESSION=off picks the per-role path for a role that would fit the session.
        let perRole = try sandbox.rolesh(["export", "admin-mfa", "--refresh", "--format", "json", "--token-code", "112233"],
                                         environment: ["ROLESH_MFA_SESSION": "off"])
        #expect(perRole.status == 0)
        #expect(perRole.stderr == "")
        #expect(try proxy.requests() == [.init(action: "AssumeRole", params: [
            "RoleArn": roleARN("A"), "RoleSessionName": "alice", "SerialNumber": device, "TokenCode": "112233",
        ], key: moto.accessKeyID)])
    }

    @Test func a_chain_with_two_mfa_hops_needs_two_codes_and_assume_reuses_the_session() throws {
        let (sandbox, proxy, moto) = try mfaSandbox()
        // --token-code serves the first device; the second hop's cannot be asked without a terminal.
        let chain = try sandbox.rolesh(["assume", "deep", "--token-code", "222222", "--shell", "bash"])
        #expect(chain.status != 0)
        #expect(chain.stdout == "")
        #expect(chain.stderr == "rolesh: profile \"deep\" needs a second MFA code, for \(secondDevice): --token-code went to profile \"prod-mfa\" and AWS accepts a code once; run rolesh where it can ask on a terminal, or set mfa_process\n")
        let requests = try proxy.requests()
        try #require(requests.count == 2, "\(requests)")
        #expect(requests[0] == .init(action: "GetSessionToken", params: ["SerialNumber": device, "TokenCode": "222222"], key: moto.accessKeyID))
        #expect(requests[1].params == ["RoleArn": roleARN("Prod"), "RoleSessionName": "alice"])

        // The session that first code opened serves assume without any code.
        try proxy.clear()
        let assumed = try sandbox.rolesh(["assume", "prod-mfa", "--shell", "bash"])
        #expect(assumed.status == 0)
        #expect(assumed.stderr == "")
        let shell = try sandbox.run("/bin/bash", ["-c", #"eval "$(cat)" && aws sts get-caller-identity --query Arn --output text"#],
                                    input: assumed.stdout)
        #expect(shell.stdout == "arn:aws:sts::\(account):assumed-role/Prod/alice\n")
        #expect(try proxy.requests().map(\.action) == ["AssumeRole"])

        // The prompt hook's refresh never asks: while the session lives it renews the role
        // from it; once the session is gone it gives up (exit 3) without a question.
        try proxy.clear()
        let script = #"""
            eval "$(cat)" || exit 90
            "$0" refresh --auto --shell bash >/dev/null; echo "status=$?"
            rm -f "$XDG_RUNTIME_DIR"/rolesh/cache/*.cred
            "$0" refresh --auto --shell bash >/dev/null; echo "status=$?"
            """#
        let automatic = try sandbox.run("/bin/bash", ["-c", script, TestPaths.rolesh], input: assumed.stdout)
        #expect(automatic.stdout == "status=0\nstatus=3\n")
        #expect(automatic.stderr.contains("MFA code"))
        #expect(try proxy.requests() == [.init(action: "AssumeRole", params: ["RoleArn": roleARN("Prod"), "RoleSessionName": "alice"],
                                               key: requests[1].key)])
    }

    @Test func console_and_export_get_codes_from_mfa_process_run_without_a_shell() throws {
        let (sandbox, proxy, moto) = try mfaSandbox()
        // The role will come from the MFA session, which STS caps like a chained role.
        let long = try sandbox.rolesh(["console", "ykey", "--print", "--duration", "2h"])
        #expect(long.status != 0)
        #expect(long.stderr == "rolesh: profile ykey is reached by role chaining, for which AWS refuses a console duration; drop --duration\n")
        #expect(try proxy.requests() == [])

        let console = try sandbox.rolesh(["console", "ykey", "--print"])
        #expect(console.status == 0)
        #expect(console.stderr == "")
        #expect(console.stdout.contains("SigninToken=FAKE-SIGNIN-TOKEN"))
        let requests = try proxy.requests()
        try #require(requests.count == 3, "\(requests)")
        #expect(requests[0] == .init(action: "GetSessionToken", params: ["SerialNumber": keyDevice, "TokenCode": "246810"], key: moto.accessKeyID))
        #expect(requests[1].params == ["RoleArn": roleARN("Tooled"), "RoleSessionName": "alice"])
        #expect(requests[2].action == "federation")
        // Split like shlex, no shell: the quoted words stay whole, $HOME stays as written.
        let arguments = try String(contentsOfFile: "\(sandbox.home)/code-tool-arguments", encoding: .utf8)
        #expect(arguments == "oath code\n$HOME\n")

        let broken = try sandbox.rolesh(["export", "broken-key", "--format", "json", "--refresh"], environment: ["ROLESH_MFA_SESSION": "off"])
        #expect(broken.status != 0)
        #expect(broken.stdout == "")
        #expect(broken.stderr == "rolesh: mfa_process of profile \"broken-key\" exited with status 3; see its messages above, or pass the code with --token-code\n")
    }

    @Test func refresh_console_and_a_renewing_assume_take_the_code_from_token_code() throws {
        let (sandbox, proxy, moto) = try mfaSandbox()
        let off = ["ROLESH_MFA_SESSION": "off"]  // the per-role path: every AssumeRole needs a code
        let assumed = try sandbox.rolesh(["assume", "prod-mfa", "--token-code", "111111", "--shell", "bash"], environment: off)
        #expect(assumed.status == 0, "\(assumed.stderr)")
        try proxy.clear()
        // refresh, and assume of the active role about to expire (it renews in place), both
        // with --token-code and without a terminal to ask on.
        let script = #"""
            eval "$(cat)" || exit 90
            "$0" refresh --token-code 222222 --shell bash >/dev/null; echo "refresh=$?"
            ROLESH_REFRESH_BEFORE=999999 "$0" assume prod-mfa --token-code 333333 --shell bash >/dev/null; echo "assume=$?"
            """#
        let renewed = try sandbox.run("/bin/bash", ["-c", script, TestPaths.rolesh], environment: off, input: assumed.stdout)
        #expect(renewed.stdout == "refresh=0\nassume=0\n", "\(renewed.stderr)")
        let renewals = try proxy.requests()
        #expect(renewals.map { $0.params["TokenCode"] } == ["222222", "333333"], "\(renewals)")
        try proxy.clear()
        let console = try sandbox.rolesh(["console", "admin-mfa", "--print", "--token-code", "444444"], environment: off)
        #expect(console.status == 0, "\(console.stderr)")
        let requests = try proxy.requests()
        #expect(requests.first == .init(action: "AssumeRole", params: ["RoleArn": roleARN("A"), "RoleSessionName": "alice",
                                                                     "SerialNumber": device, "TokenCode": "444444"],
                                        key: moto.accessKeyID))
    }

    /// Issue 13 §5: botocore leaves such a duration out of the request; so does rolesh, and says so.
    @Test func a_duration_that_is_not_a_number_is_left_out_with_a_warning_naming_file_and_line() throws {
        let (sandbox, proxy, _) = try mfaSandbox()
        let result = try sandbox.rolesh(["export", "odd-duration", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr == "rolesh: warning: \(sandbox.home)/.aws/config:36: duration_seconds = abc in profile \"odd-duration\" is not a whole number of seconds; it is ignored, as the aws CLI ignores it\n")
        #expect(try arn(ofExported: result.stdout, in: sandbox) == "arn:aws:sts::\(account):assumed-role/A/alice")
        #expect(try proxy.requests().map(\.params) == [["RoleArn": roleARN("A"), "RoleSessionName": "alice"]])
    }

    /// In each shell, through its integration: the questions go to the terminal while the
    /// shell function captures rolesh's stdout.
    @Test(arguments: TestShell.allCases)
    func assume_and_refresh_ask_on_the_terminal_naming_each_hop_and_refresh_asks_only_when_the_session_is_gone(shell: TestShell) throws {
        let (sandbox, proxy, moto) = try mfaSandbox()
        var environment = sandbox.environment
        environment["PATH"] = "\((TestPaths.rolesh as NSString).deletingLastPathComponent):\(environment["PATH"]!)"
        let command: [String]
        switch shell {
        case .bash:
            let rc = try sandbox.write("\(shell.integration)\nPS1='P> '\n", to: "bashrc")
            command = ["/usr/bin/bash", "--noprofile", "--rcfile", rc, "-i"]
        case .zsh:
            try sandbox.write("\(shell.integration)\nPROMPT='P> '\n", to: "zdotdir/.zshrc")
            environment["ZDOTDIR"] = "\(sandbox.home)/zdotdir"
            command = ["/usr/bin/zsh", "-i"]
        case .fish:
            try sandbox.write("\(shell.integration)\nfunction fish_prompt; printf 'P> '; end\n", to: "config/fish/config.fish")
            environment["XDG_CONFIG_HOME"] = "\(sandbox.home)/config"
            command = ["/usr/bin/fish", "-i"]
        }
        environment["TERM"] = "screen"
        let pane = try TmuxSession(command: command, environment: environment, folder: try TestPaths.temporaryFolder("rolesh-mfa-tmux"))
        defer { pane.close() }
        try pane.waitFor("the first prompt") { $0.hasSuffix("P>") }
        let whoami = "aws sts get-caller-identity --query Arn --output text"

        // Two hops with MFA: two questions, each naming its profile and device.
        try pane.send("rolesh assume deep")
        try pane.send("Enter", literal: false)
        try pane.waitFor("the first hop's question") { $0.hasSuffix("MFA code for \(device) (profile prod-mfa):") }
        try pane.send("111111")
        try pane.send("Enter", literal: false)
        try pane.waitFor("the second hop's question") { $0.hasSuffix("MFA code for \(secondDevice) (profile deep):") }
        try pane.send("222222")
        try pane.send("Enter", literal: false)
        try pane.waitFor("the prompt after the assume") { $0.hasSuffix("P>") }
        #expect(try pane.type(whoami, promptPrefix: "P>").output == ["arn:aws:sts::\(account):assumed-role/C/alice"])
        let chain = try proxy.requests()
        try #require(chain.count == 3, "\(chain)")
        #expect(chain[0] == .init(action: "GetSessionToken", params: ["SerialNumber": device, "TokenCode": "111111"], key: moto.accessKeyID))
        #expect(chain[1].params == ["RoleArn": roleARN("Prod"), "RoleSessionName": "alice"])
        #expect(chain[2].params == ["RoleArn": roleARN("C"), "RoleSessionName": "alice", "SerialNumber": secondDevice, "TokenCode": "222222"])

        // While the session lives, assume and refresh of a role of that device ask nothing.
        _ = try pane.type("rolesh exit", promptPrefix: "P>")
        try proxy.clear()
        #expect(try pane.type("rolesh assume prod-mfa", promptPrefix: "P>").output == [])
        #expect(try pane.type("rolesh refresh", promptPrefix: "P>").output == [])
        #expect(try proxy.requests().map(\.action) == ["AssumeRole", "AssumeRole"])

        // With the cached credentials gone, refresh asks again.
        _ = try pane.type(#"find "$XDG_RUNTIME_DIR/rolesh/cache" -name '*.cred' -delete"#, promptPrefix: "P>")
        try proxy.clear()
        try pane.send("rolesh refresh")
        try pane.send("Enter", literal: false)
        try pane.waitFor("refresh's question") { $0.hasSuffix("MFA code for \(device) (profile prod-mfa):") }
        try pane.send("333333")
        try pane.send("Enter", literal: false)
        try pane.waitFor("the prompt after the refresh") { $0.hasSuffix("P>") }
        #expect(try pane.type(whoami, promptPrefix: "P>").output == ["arn:aws:sts::\(account):assumed-role/Prod/alice"])
        let renewed = try proxy.requests()
        try #require(renewed.count == 2, "\(renewed)")
        #expect(renewed[0] == .init(action: "GetSessionToken", params: ["SerialNumber": device, "TokenCode": "333333"], key: moto.accessKeyID))
        #expect(renewed[1].params == ["RoleArn": roleARN("Prod"), "RoleSessionName": "alice"])
    }
}

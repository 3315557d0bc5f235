// Issue 3's promises for `whoami`, `export` and `exec`, proved through the built binary:
// against moto_server, where the real aws CLI confirms every identity; against the
// canned-error STS (Tests/Scripts/sts_canned_server.py) for what moto cannot do; and with
// bad input, which must fail before any request. Each test has its own HOME,
// XDG_RUNTIME_DIR and environment (RoleshSandbox); stdout and stderr are checked apart.
import Foundation
import RoleshTestSupport
import Testing

/// The moto_server this file's tests share, seeded with the roles the configs name and a
/// user `alice` whose access key is every sandbox's base key. Killed when the process exits.
private enum SharedMoto {
    struct Seeded: Sendable {
        let server: MotoServer
        let accessKeyID: String
        let secretAccessKey: String
    }

    static let roles = ["Prod", "A", "B", "C", "Tooled"]

    static let started: Result<Seeded, any Error> = Result {
        let server = try MotoServer()
        atexit { if case .success(let seeded) = SharedMoto.started { seeded.server.stop() } }
        let seed = try runProcess(
            TestPaths.python, ["\(TestPaths.packageRoot)/Tests/Scripts/moto_seed.py", server.endpoint] + roles,
            environment: ["PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory()])
        guard seed.status == 0, let keys = try JSONSerialization.jsonObject(with: Data(seed.stdout.utf8)) as? [String: String],
              let id = keys["AccessKeyId"], let secret = keys["SecretAccessKey"]
        else { throw TestSupportError("seeding moto failed: \(seed.stderr)") }
        return Seeded(server: server, accessKeyID: id, secretAccessKey: secret)
    }
}

private let account = "123456789012"
private let prodSessionARN = "arn:aws:sts::\(account):assumed-role/Prod/alice"

/// A sandbox against the shared moto: `base` holds alice's keys; prod is a role from base;
/// a → b → c chain three hops from base; `tool` is a credential_process printing base's
/// keys and `tooled` a role from it. prod and c name their sessions, so the aws CLI's own
/// AssumeRole (which otherwise names them botocore-session-N) lands on the same identity.
private func motoSandbox() throws -> (RoleshSandbox, SharedMoto.Seeded) {
    let moto = try SharedMoto.started.get()
    var sandbox = try RoleshSandbox(
        credentials: "[base]\naws_access_key_id = \(moto.accessKeyID)\naws_secret_access_key = \(moto.secretAccessKey)\n",
        environment: ["AWS_ENDPOINT_URL_STS": moto.server.endpoint, "AWS_DEFAULT_REGION": "us-east-1"])
    let script = try sandbox.write("""
        #!/bin/sh
        printf '{"Version": 1, "AccessKeyId": "%s", "SecretAccessKey": "%s"}\\n' '\(moto.accessKeyID)' '\(moto.secretAccessKey)'

        """, to: "bin/base-credentials", executable: true)
    try sandbox.write("""
        [profile prod]
        role_arn = arn:aws:iam::\(account):role/Prod
        source_profile = base
        role_session_name = alice
        [profile a]
        role_arn = arn:aws:iam::\(account):role/A
        source_profile = base
        [profile b]
        role_arn = arn:aws:iam::\(account):role/B
        source_profile = a
        [profile c]
        role_arn = arn:aws:iam::\(account):role/C
        source_profile = b
        role_session_name = alice
        [profile tool]
        credential_process = \(script)
        [profile tooled]
        role_arn = arn:aws:iam::\(account):role/Tooled
        source_profile = tool
        [profile through-rolesh]
        credential_process = \(TestPaths.rolesh) export prod --format credential-process

        """, to: ".aws/config")
    sandbox.environment["AWS_CONFIG_FILE"] = "\(sandbox.home)/.aws/config"
    return (sandbox, moto)
}

/// What `aws sts get-caller-identity` answers in the sandbox with `environment` over it.
private func awsIdentity(_ sandbox: RoleshSandbox, environment: [String: String] = [:],
                         arguments: [String] = []) throws -> [String: String] {
    let result = try sandbox.run("aws", arguments + ["sts", "get-caller-identity", "--output", "json"], environment: environment)
    try #require(result.status == 0, "aws CLI failed: \(result.stderr)")
    return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String])
}

/// The credentials `rolesh export --format json|credential-process` printed, as the
/// variables the aws CLI reads.
private func credentialVariables(_ json: [String: Any]) -> [String: String] {
    [
        "AWS_ACCESS_KEY_ID": json["AccessKeyId"] as? String ?? "",
        "AWS_SECRET_ACCESS_KEY": json["SecretAccessKey"] as? String ?? "",
        "AWS_SESSION_TOKEN": json["SessionToken"] as? String ?? "",
    ]
}

private func jsonObject(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}

/// The variables that shell code leaves set when bash evals it, for the names its
/// `export NAME=` statements mention. Fails the test when bash rejects the code.
private func evaluatedInBash(_ code: String, sandbox: RoleshSandbox) throws -> [String: String] {
    let names = code.split(separator: "\n").compactMap { line -> String? in
        guard line.hasPrefix("export "), let equals = line.firstIndex(of: "=") else { return nil }
        return String(line[line.index(line.startIndex, offsetBy: 7)..<equals])
    }
    let script = #"eval "$(cat)" || exit 90; for name; do [ -n "${!name+set}" ] && printf '%s=%s\n' "$name" "${!name}"; done; exit 0"#
    let result = try sandbox.run("/bin/bash", ["-c", script, "bash"] + names, input: code)
    try #require(result.status == 0, "bash rejected the code: \(result.stderr)")
    #expect(result.stderr == "")
    return Dictionary(uniqueKeysWithValues: result.stdout.split(separator: "\n").map { line in
        let equals = line.firstIndex(of: "=")!
        return (String(line[..<equals]), String(line[line.index(after: equals)...]))
    })
}

@Suite struct CredentialCommandsAgainstMotoTests {
    @Test func export_json_gives_credentials_the_aws_cli_knows_as_the_role() throws {
        let (sandbox, _) = try motoSandbox()
        let result = try sandbox.rolesh(["export", "prod", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let json = try jsonObject(result.stdout)
        #expect(Set(json.keys) == ["AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", "RoleArn"])
        #expect(json["RoleArn"] as? String == "arn:aws:iam::\(account):role/Prod")
        let identity = try awsIdentity(sandbox, environment: credentialVariables(json))
        #expect(identity["Arn"] == prodSessionARN)
    }

    @Test func export_credential_process_serves_the_aws_cli_as_its_credential_process() throws {
        let (sandbox, _) = try motoSandbox()
        let result = try sandbox.rolesh(["export", "prod", "--format", "credential-process"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let json = try jsonObject(result.stdout)
        #expect(json["Version"] as? Int == 1)
        #expect(Set(json.keys) == ["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"])

        // The aws CLI runs rolesh itself, from `credential_process` in the config.
        let identity = try awsIdentity(sandbox, arguments: ["--profile", "through-rolesh"])
        #expect(identity["Arn"] == prodSessionARN)
        #expect(identity["Account"] == account)
    }

    @Test func export_env_evaluated_by_bash_gives_the_role() throws {
        let (sandbox, _) = try motoSandbox()
        // No --shell: rolesh sees bash as its parent and speaks bash.
        let result = try sandbox.run("/bin/bash", ["-c", #"""
            code=$(rolesh export prod --format env) || exit 91
            eval "$code" || exit 92
            aws sts get-caller-identity --query Arn --output text
            """#], environment: ["PATH": "\((TestPaths.rolesh as NSString).deletingLastPathComponent):\(sandbox.environment["PATH"]!)"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == prodSessionARN + "\n")
    }

    @Test func a_three_hop_source_profile_chain_ends_in_the_last_role() throws {
        let (sandbox, _) = try motoSandbox()
        let result = try sandbox.rolesh(["export", "c", "--format", "json"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let json = try jsonObject(result.stdout)
        #expect(json["RoleArn"] as? String == "arn:aws:iam::\(account):role/C")
        let identity = try awsIdentity(sandbox, environment: credentialVariables(json))
        #expect(identity["Arn"] == "arn:aws:sts::\(account):assumed-role/C/alice")
    }

    @Test func exec_runs_the_command_as_the_role() throws {
        let (sandbox, _) = try motoSandbox()
        let result = try sandbox.rolesh(["exec", "prod", "--", "aws", "sts", "get-caller-identity", "--query", "Arn", "--output", "text"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == prodSessionARN + "\n")
    }

    /// The last case's sleep is for the harness: Foundation's Process on Linux reports a child
    /// that a signal kills within its first moments as exited with 0 (measured with plain
    /// `sh -c 'kill -TERM $$'`, no rolesh involved; Python's subprocess sees -15).
    @Test(arguments: [("exit 0", 0), ("exit 7", 7), ("exit 255", 255), ("sleep 0.2; kill -TERM $$", 128 + 15)] as [(String, Int32)])
    func exec_exits_with_the_commands_status(script: String, status: Int32) throws {
        let (sandbox, _) = try motoSandbox()
        let result = try sandbox.rolesh(["exec", "prod", "--", "sh", "-c", script])
        #expect(result.status == status)
        #expect(result.stdout == "")
        #expect(result.stderr == "")
    }

    @Test func exec_child_has_the_role_but_no_session_variables_and_no_secret_in_argv() throws {
        let (sandbox, _) = try motoSandbox()
        // The parent shell stands on a real stack: it assumed `a`, so it holds every session variable.
        let assumed = try sandbox.rolesh(["assume", "a", "--shell", "bash"])
        try #require(assumed.status == 0, "\(assumed.stderr)")
        let parent = try evaluatedInBash(assumed.stdout, sandbox: sandbox)
        let sessionVariables = ["ROLESH_SESSION", "ROLESH_SESSION_KEY", "ROLESH_FRAME", "ROLESH_DEPTH"]
        try #require(sessionVariables.allSatisfy { parent[$0]?.isEmpty == false })

        let result = try sandbox.rolesh(
            ["exec", "prod", "--", "sh", "-c", #"env; echo ---; tr '\0' '\n' < /proc/$$/cmdline"#], environment: parent)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let parts = result.stdout.components(separatedBy: "---\n")
        try #require(parts.count == 2)
        let child = Dictionary(parts[0].split(separator: "\n").compactMap { line -> (String, String)? in
            guard let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        }) { first, _ in first }
        for name in sessionVariables {
            #expect(child[name] == nil, "\(name) reached the child")
        }
        #expect(child["ROLESH_ROLE"] == "prod")
        #expect(child["AWS_ACCESS_KEY_ID"] != parent["AWS_ACCESS_KEY_ID"])
        let secret = try #require(child["AWS_SECRET_ACCESS_KEY"])
        let identity = try awsIdentity(sandbox, environment: [
            "AWS_ACCESS_KEY_ID": child["AWS_ACCESS_KEY_ID"] ?? "", "AWS_SECRET_ACCESS_KEY": secret,
            "AWS_SESSION_TOKEN": child["AWS_SESSION_TOKEN"] ?? "",
        ])
        #expect(identity["Arn"] == prodSessionARN)

        let argv = parts[1]
        #expect(argv.hasPrefix("sh\n-c\n"))
        for value in [secret, child["AWS_SESSION_TOKEN"] ?? "?", parent["ROLESH_SESSION_KEY"] ?? "?", parent["AWS_SECRET_ACCESS_KEY"] ?? "?"] {
            #expect(!argv.contains(value), "a secret is in the child's argv")
        }
    }

    @Test func credential_process_base_works_as_its_own_profile_and_as_a_roles_source() throws {
        let (sandbox, moto) = try motoSandbox()
        let own = try sandbox.rolesh(["export", "tool", "--format", "json"])
        #expect(own.status == 0)
        #expect(own.stderr == "")
        let ownJSON = try jsonObject(own.stdout)
        #expect(ownJSON["AccessKeyId"] as? String == moto.accessKeyID)
        #expect(ownJSON["SecretAccessKey"] as? String == moto.secretAccessKey)
        let asItself = try sandbox.rolesh(["exec", "tool", "--", "aws", "sts", "get-caller-identity", "--query", "Arn", "--output", "text"])
        #expect(asItself.status == 0)
        #expect(asItself.stderr == "")
        #expect(asItself.stdout == "arn:aws:iam::\(account):user/alice\n")

        let role = try sandbox.rolesh(["export", "tooled", "--format", "json"])
        #expect(role.status == 0)
        #expect(role.stderr == "")
        let identity = try awsIdentity(sandbox, environment: credentialVariables(try jsonObject(role.stdout)))
        #expect(identity["Arn"] == "arn:aws:sts::\(account):assumed-role/Tooled/alice")
    }

    /// How the identity whoami reports is chosen: variables set in both rolesh's and the aws CLI's run.
    enum WhoamiSource: String, CaseIterable, Sendable {
        case baseKeysInEnvironment, roleKeysInEnvironment, roleProfile, chainedRoleProfile
    }

    fileprivate func whoamiEnvironment(_ source: WhoamiSource, sandbox: RoleshSandbox, moto: SharedMoto.Seeded) throws -> [String: String] {
        switch source {
        case .baseKeysInEnvironment:
            return ["AWS_ACCESS_KEY_ID": moto.accessKeyID, "AWS_SECRET_ACCESS_KEY": moto.secretAccessKey]
        case .roleKeysInEnvironment:
            let export = try sandbox.rolesh(["export", "prod", "--format", "json"])
            try #require(export.status == 0, "\(export.stderr)")
            return credentialVariables(try jsonObject(export.stdout))
        case .roleProfile:
            return ["AWS_PROFILE": "prod"]
        case .chainedRoleProfile:
            return ["AWS_PROFILE": "c"]
        }
    }

    @Test(arguments: WhoamiSource.allCases)
    func whoami_and_whoami_json_match_the_aws_cli(source: WhoamiSource) throws {
        let (sandbox, moto) = try motoSandbox()
        let environment = try whoamiEnvironment(source, sandbox: sandbox, moto: moto)
        let expected = try awsIdentity(sandbox, environment: environment)
        #expect(expected["Arn"]?.hasPrefix("arn:aws:") == true)

        let json = try sandbox.rolesh(["whoami", "--json"], environment: environment)
        #expect(json.status == 0)
        #expect(json.stderr == "")
        #expect(try jsonObject(json.stdout) as? [String: String] == expected)

        let text = try sandbox.rolesh(["whoami"], environment: environment)
        #expect(text.status == 0)
        #expect(text.stderr == "")
        #expect(text.stdout == "arn      \(expected["Arn"]!)\naccount  \(expected["Account"]!)\nuser id  \(expected["UserId"]!)\n")
    }
}

/// A sandbox whose prod role comes from static keys, against the canned-error STS or any endpoint.
private func cannedSandbox(endpoint: String, environment: [String: String] = [:]) throws -> RoleshSandbox {
    try RoleshSandbox(
        config: "[profile prod]\nrole_arn = arn:aws:iam::\(account):role/Prod\nsource_profile = base\n",
        credentials: "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        environment: ["AWS_ENDPOINT_URL_STS": endpoint].merging(environment) { $1 })
}

/// The two commands that obtain prod's credentials and print them.
private let obtainingCommands: [[String]] = [["assume", "prod", "--shell", "bash"], ["export", "prod"]]

/// A failure as DESIGN §3 wants it: non-zero, nothing to eval, one line on stderr, no
/// session written and no credentials cached.
private func expectCleanFailure(_ result: ProcessResult, _ sandbox: RoleshSandbox, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(result.status != 0, sourceLocation: sourceLocation)
    #expect(result.stdout == "", sourceLocation: sourceLocation)
    #expect(result.stderr.hasPrefix("rolesh: "), sourceLocation: sourceLocation)
    #expect(result.stderr.hasSuffix("\n") && result.stderr.filter { $0 == "\n" }.count == 1,
            "not one line: \(result.stderr)", sourceLocation: sourceLocation)
    #expect(sandbox.files(under: "sessions") == [], sourceLocation: sourceLocation)
    #expect(sandbox.files(under: "cache").filter { $0.hasSuffix(".cred") } == [], sourceLocation: sourceLocation)
}

@Suite struct CredentialCommandsAgainstFailingSTSTests {
    @Test(arguments: [
        ("AccessDenied", "AccessDenied: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Prod"),
        ("ExpiredToken", "ExpiredToken: The security token included in the request is expired"),
        ("InvalidClientTokenId", "InvalidClientTokenId: The security token included in the request is invalid."),
        ("RegionDisabledException", "RegionDisabledException: STS is not activated in this region for account:123456789012. "
            + "Your account administrator can activate STS in this region using the IAM Console."),
        ("ValidationError", "ValidationError: 1 validation error detected: Value 'x y' at 'roleSessionName' failed to satisfy "
            + "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
    ])
    func sts_errors_are_one_line_with_aws_code_and_message_and_nothing_else(scenario: String, codeAndMessage: String) throws {
        let server = try CannedSTSServer(scenario: scenario)
        for command in obtainingCommands {
            let sandbox = try cannedSandbox(endpoint: "http://127.0.0.1:\(server.port)")
            let result = try sandbox.rolesh(command)
            expectCleanFailure(result, sandbox)
            #expect(result.stderr.hasPrefix("rolesh: STS AssumeRole failed: \(codeAndMessage)"), "\(command): \(result.stderr)")
        }
        #expect(server.requestCount == obtainingCommands.count, "client errors are not retried")
    }

    @Test(arguments: ["ThrottlingThenSuccess", "ServerErrorThenSuccess"])
    func throttling_and_server_errors_are_retried_into_shell_code(scenario: String) throws {
        for command in obtainingCommands {
            let server = try CannedSTSServer(scenario: scenario)
            let sandbox = try cannedSandbox(endpoint: "http://127.0.0.1:\(server.port)")
            let result = try sandbox.rolesh(command)
            #expect(result.status == 0)
            #expect(result.stderr == "")
            let variables = try evaluatedInBash(result.stdout, sandbox: sandbox)
            #expect(variables["AWS_ACCESS_KEY_ID"] == "ASIACANNEDEXAMPLE")
            #expect(variables["AWS_SECRET_ACCESS_KEY"] == "cannedSecretKeyEXAMPLE")
            #expect(variables["AWS_SESSION_TOKEN"] == "cannedSessionTokenEXAMPLE")
            #expect(server.requestCount == 3)
        }
    }

    @Test func a_server_that_never_answers_fails_after_rolesh_timeout() throws {
        let server = try CannedSTSServer(scenario: "Hang")
        for command in obtainingCommands {
            let sandbox = try cannedSandbox(endpoint: "http://127.0.0.1:\(server.port)", environment: ["ROLESH_TIMEOUT": "1"])
            let started = Date()
            let result = try sandbox.rolesh(command, timeout: 20)
            let elapsed = Date().timeIntervalSince(started)
            expectCleanFailure(result, sandbox)
            #expect(elapsed > 0.9 && elapsed < 6, "took \(elapsed) s")
            #expect(result.stderr.hasPrefix("rolesh: STS AssumeRole failed: "))
            #expect(result.stderr.contains("timed out"))
            #expect(result.stderr.contains("ROLESH_TIMEOUT"))
        }
    }

    @Test func a_body_that_is_not_xml_fails_clearly() throws {
        let server = try CannedSTSServer(scenario: "NotXML")
        for command in obtainingCommands {
            let sandbox = try cannedSandbox(endpoint: "http://127.0.0.1:\(server.port)")
            let result = try sandbox.rolesh(command)
            expectCleanFailure(result, sandbox)
            #expect(result.stderr.hasPrefix("rolesh: STS AssumeRole failed: HTTP 200 with an answer that is not STS's (the body is not XML"))
            #expect(result.stderr.contains("AWS_ENDPOINT_URL_STS"))
            #expect(!result.stderr.contains("wJalrXUtnFEMI"))
        }
    }
}

/// One kind of bad input: a config (nil: the good one) and flags, and what the error must name.
struct BadInput: Sendable, CustomTestStringConvertible {
    var label: String
    var config: String?
    var target = "prod"
    var flags: [String] = []
    /// Parts of the message; `{HOME}` stands for the sandbox's HOME.
    var mentions: [String]

    var testDescription: String { label }
}

@Suite struct CredentialCommandsBadInputTests {
    static let cases: [BadInput] = [
        BadInput(label: "unknown profile", target: "nosuch", mentions: [#""nosuch""#, "rolesh list"]),
        BadInput(label: "config syntax error",
                 config: "[profile prod]\nrole_arn = arn:aws:iam::123456789012:role/Prod\nsource_profile = base\nnot a line\n",
                 // File and line only: the line itself may be a pasted secret (SecretHygieneTests).
                 mentions: ["{HOME}/.aws/config:4:"]),
        BadInput(label: "duration of 10 s", flags: ["--duration", "10s"], mentions: ["duration 10 s", "900-43200"]),
        BadInput(label: "tag without value", flags: ["--tag", "novalue"], mentions: ["--tag novalue", "KEY=VALUE"]),
        BadInput(label: "profile loop",
                 config: """
                    [profile x]
                    role_arn = arn:aws:iam::123456789012:role/X
                    source_profile = y
                    [profile y]
                    role_arn = arn:aws:iam::123456789012:role/Y
                    source_profile = z
                    [profile z]
                    role_arn = arn:aws:iam::123456789012:role/Z
                    source_profile = x

                    """,
                 target: "x", mentions: ["x -> y -> z -> x"]),
        BadInput(label: "session name with a slash", flags: ["--session-name", "ci/alice"], mentions: [#""ci/alice""#]),
        BadInput(label: "session name with a space", flags: ["--session-name", "ci alice"], mentions: [#""ci alice""#]),
    ]

    @Test(arguments: cases)
    func bad_input_is_one_clear_line_before_any_request(_ input: BadInput) throws {
        // Nothing listens at the endpoint: a command that reached the network would fail
        // with a connection error instead of the message checked here.
        var sandbox = try cannedSandbox(endpoint: "http://127.0.0.1:\(try freeLocalPort())")
        if let config = input.config { try sandbox.write(config, to: ".aws/config") }
        sandbox.environment["ROLESH_TIMEOUT"] = "2"
        let commands = [
            ["assume", input.target, "--shell", "bash"], ["export", input.target, "--format", "json"],
            ["exec", input.target] + input.flags + ["--", "true"],
        ]
        for command in commands {
            let arguments = command.first == "exec" ? command : command + input.flags
            let result = try sandbox.rolesh(arguments)
            expectCleanFailure(result, sandbox)
            for mention in input.mentions.map({ $0.replacingOccurrences(of: "{HOME}", with: sandbox.home) }) {
                #expect(result.stderr.contains(mention), "\(arguments): \(result.stderr)")
            }
        }
    }
}

// DESIGN §7: no secret is ever passed in argv or logged; §6: the session key stays in the
// shell. Secrets here are the base profile's secret key, the secret key, session token and
// session key a shell holds after `assume dev`, and what a credential_process returns.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let processSecret = "procSecretKeyEXAMPLEprocSecretKeyEXAMPLE"
private let processToken = "procSessionTokenEXAMPLEprocSessionTokenEXAMPLE"

/// A sandbox standing on `assume dev`, with profiles whose credential_process is a script:
/// `proc` answers Version 1 JSON (and records the core limit rolesh left it), `badversion`
/// answers Version 2 and `garbage` prints its secret without JSON around it.
private struct HygieneWorld {
    let sandbox: StoreSandbox
    let shell: [String: String]
    var limitsFile: String { "\(sandbox.folder)/limits-seen-by-credential-process" }

    init(endpoint: String) throws {
        sandbox = try StoreSandbox(endpoint: endpoint, label: "rolesh-secrets")
        let script = "\(sandbox.folder)/credentials.sh"
        try """
            #!/bin/sh
            cat /proc/$PPID/limits > "\(sandbox.folder)/limits-seen-by-credential-process"
            case "$1" in
            good) printf '{"Version": 1, "AccessKeyId": "ASIAPROCEXAMPLE", "SecretAccessKey": "\(processSecret)", "SessionToken": "\(processToken)", "Expiration": "2099-01-01T00:00:00Z"}' ;;
            badversion) printf '{"Version": 2, "AccessKeyId": "ASIAPROCEXAMPLE", "SecretAccessKey": "\(processSecret)"}' ;;
            *) printf 'SecretAccessKey=\(processSecret)' ;;
            esac

            """.write(toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let config = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(sandbox.home)/.aws/config"))
        try config.seekToEnd()
        try config.write(contentsOf: Data("""

            [profile proc]
            credential_process = \(script) good

            [profile badversion]
            credential_process = \(script) badversion

            [profile garbage]
            credential_process = \(script) garbage

            """.utf8))
        try config.close()
        let first = try sandbox.rolesh(["assume", "dev", "--shell", "bash"], environment: sandbox.baseEnvironment)
        guard first.status == 0, let shell = try sandbox.evaluate(first.stdout, over: sandbox.baseEnvironment) else {
            throw TestSupportError("setup assume failed: \(first.stderr)")
        }
        self.shell = shell
    }

    /// Every secret this world knows of, named for the failure message.
    var secrets: [String: String] {
        [
            "base secret key": StoreSandbox.secretAccessKey,
            "dev secret key": shell["AWS_SECRET_ACCESS_KEY"]!,
            "dev session token": shell["AWS_SESSION_TOKEN"]!,
            "session key": shell["ROLESH_SESSION_KEY"]!,
            "credential_process secret key": processSecret,
            "credential_process session token": processToken,
        ]
    }

    /// The names of the secrets that occur in `text`.
    func leaks(in text: String, extra: [String: String] = [:]) -> [String] {
        secrets.merging(extra) { $1 }.filter { text.contains($0.value) }.map(\.key).sorted()
    }
}

/// The argv of every execve in an strace log (strace shows envp only as a count without -v).
private func traceExecve(_ arguments: [String], environment: [String: String], folder: String) throws -> (ProcessResult, [String]) {
    let log = "\(folder)/execve-\(UUID().uuidString).trace"
    let result = try runProcess("/usr/bin/strace", ["-f", "-qq", "-s", "4096", "-e", "trace=execve", "-o", log, TestPaths.rolesh] + arguments,
                                environment: environment, timeout: 60)
    let calls = (try String(contentsOfFile: log, encoding: .utf8)).split(separator: "\n").map(String.init).filter { $0.contains("execve(") }
    return (result, calls)
}

private func parseEnv(_ text: String) -> [String: String] {
    var variables: [String: String] = [:]
    for line in text.split(separator: "\n") {
        guard let equals = line.firstIndex(of: "=") else { continue }
        variables[String(line[..<equals])] = String(line[line.index(after: equals)...])
    }
    return variables
}

@Test func no_secret_is_in_the_argv_of_a_process_rolesh_starts() throws {
    let moto = try MotoServer()
    let world = try HygieneWorld(endpoint: moto.endpoint)
    defer { world.sandbox.remove() }

    let (assumed, processCalls) = try traceExecve(["assume", "proc", "--shell", "bash"], environment: world.shell, folder: world.sandbox.folder)
    #expect(assumed.status == 0, "\(assumed.stderr)")
    #expect(processCalls.contains { $0.contains("credentials.sh") }, "the credential_process start is traced: \(processCalls)")

    let (executed, execCalls) = try traceExecve(["exec", "dev", "--", "/usr/bin/env"], environment: world.shell, folder: world.sandbox.folder)
    #expect(executed.status == 0, "\(executed.stderr)")
    #expect(execCalls.contains { $0.contains("/usr/bin/env") }, "the exec is traced: \(execCalls)")
    let child = parseEnv(executed.stdout)
    let childSecrets = ["exec'd secret key": child["AWS_SECRET_ACCESS_KEY"] ?? "missing", "exec'd session token": child["AWS_SESSION_TOKEN"] ?? "missing"]

    for call in processCalls + execCalls {
        #expect(world.leaks(in: call, extra: childSecrets).isEmpty, "secret in argv: \(world.leaks(in: call, extra: childSecrets)) in \(call)")
    }
}

@Test func rolesh_exec_keeps_the_session_away_from_the_command() throws {
    let moto = try MotoServer()
    let world = try HygieneWorld(endpoint: moto.endpoint)
    defer { world.sandbox.remove() }

    let result = try world.sandbox.rolesh(["exec", "prod", "--", "/usr/bin/env"], environment: world.shell)

    #expect(result.status == 0, "\(result.stderr)")
    let child = parseEnv(result.stdout)
    for hidden in ["ROLESH_SESSION", "ROLESH_SESSION_KEY", "ROLESH_FRAME", "ROLESH_DEPTH"] {
        #expect(child[hidden] == nil, "\(hidden) reached the command")
    }
    #expect(!result.stdout.contains(world.shell["ROLESH_SESSION_KEY"]!), "the session key reached the command")
    #expect(child["AWS_SECRET_ACCESS_KEY"] != nil && child["AWS_SECRET_ACCESS_KEY"] != world.shell["AWS_SECRET_ACCESS_KEY"],
            "the command runs as prod, not as the shell's dev")
}

@Test func rolesh_runs_and_starts_processes_without_core_dumps() throws {
    let moto = try MotoServer()
    let world = try HygieneWorld(endpoint: moto.endpoint)
    defer { world.sandbox.remove() }
    var unlimited = world.shell
    unlimited["ROLESH_TEST_CORE"] = "unlimited"

    // The credential_process reads the limits of its parent: rolesh, blocked waiting for it.
    let assumed = try runProcess("/bin/bash", ["-c", #"ulimit -c unlimited && exec "$0" assume proc --shell bash"#, TestPaths.rolesh],
                                 environment: unlimited)
    #expect(assumed.status == 0, "\(assumed.stderr)")
    let limits = try String(contentsOfFile: world.limitsFile, encoding: .utf8)
    let core = limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") }.map(String.init) ?? "missing"
    #expect(core.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "\(core)")

    let executed = try runProcess("/bin/bash", ["-c", #"ulimit -c unlimited && exec "$0" exec prod -- cat /proc/self/limits"#, TestPaths.rolesh],
                                  environment: unlimited)
    let inherited = executed.stdout.split(separator: "\n").first { $0.hasPrefix("Max core file size") }.map(String.init) ?? "missing"
    #expect(inherited.split(separator: " ", omittingEmptySubsequences: true).dropFirst(4).prefix(2) == ["0", "0"], "\(inherited)")
}

@Test func failing_commands_never_print_a_secret() throws {
    let moto = try MotoServer()
    let world = try HygieneWorld(endpoint: moto.endpoint)
    defer { world.sandbox.remove() }
    let sandbox = world.sandbox
    var failures: [(String, ProcessResult)] = []

    // STS answers errors (and once something that is not XML).
    for scenario in ["AccessDenied", "ExpiredToken", "InvalidClientTokenId", "NotXML"] {
        let server = try CannedSTSServer(scenario: scenario)
        var shell = world.shell
        shell["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:\(server.port)"
        failures.append(("assume prod, STS \(scenario)", try sandbox.rolesh(["assume", "prod", "--refresh", "--shell", "bash"], environment: shell)))
        failures.append(("whoami, STS \(scenario)", try sandbox.rolesh(["whoami"], environment: shell)))
        failures.append(("assume ARN, STS \(scenario)", try sandbox.rolesh(
            ["assume", "arn:aws:iam::123456789012:role/Other", "--shell", "bash"], environment: shell)))
    }

    // A credential_process that answers badly, with its secret in the answer.
    for profile in ["badversion", "garbage"] {
        failures.append(("credential_process \(profile)", try sandbox.rolesh(["assume", profile, "--shell", "bash"], environment: world.shell)))
    }

    // A session key one digit short, and a frame with one byte changed.
    var shortKey = world.shell
    shortKey["ROLESH_SESSION_KEY"] = String(world.shell["ROLESH_SESSION_KEY"]!.dropLast())
    failures.append(("exit with a short session key", try sandbox.rolesh(["exit", "--shell", "bash"], environment: shortKey)))
    let frame = SessionStore(root: sandbox.stateRoot).path(of: world.shell["ROLESH_FRAME"]!, in: world.shell["ROLESH_SESSION"]!)
    var sealed = try Data(contentsOf: URL(fileURLWithPath: frame))
    sealed[sealed.count / 2] ^= 0x01
    try sealed.write(to: URL(fileURLWithPath: frame))
    failures.append(("exit from a tampered frame", try sandbox.rolesh(["exit", "--shell", "bash"], environment: world.shell)))
    failures.append(("status on a tampered frame", try sandbox.rolesh(["status"], environment: world.shell)))

    // A credentials file with a secret pasted on a line of its own, and one with it twice.
    let credentials = "\(sandbox.home)/.aws/credentials"
    for broken in [
        "[base]\naws_access_key_id = \(StoreSandbox.accessKeyID)\n\(StoreSandbox.secretAccessKey)\n",
        "[base]\naws_secret_access_key = \(StoreSandbox.secretAccessKey)\naws_secret_access_key = \(StoreSandbox.secretAccessKey)\n",
        "[base]\naws_secret_access_key =\n  \(StoreSandbox.secretAccessKey)\n",
    ] {
        try broken.write(toFile: credentials, atomically: true, encoding: .utf8)
        failures.append(("broken credentials file", try sandbox.rolesh(["assume", "prod", "--shell", "bash"], environment: sandbox.baseEnvironment)))
    }

    for (label, result) in failures {
        #expect(result.status != 0 && result.stdout.isEmpty, "\(label): should fail: \(result.status) \(result.stdout)")
        #expect(world.leaks(in: result.stderr).isEmpty, "\(label): \(world.leaks(in: result.stderr)) in stderr: \(result.stderr)")
        print("\(label): \(result.stderr.dropLast())")
    }
}

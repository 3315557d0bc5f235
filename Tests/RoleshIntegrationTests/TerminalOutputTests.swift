// What the commands print (issue 12 §4, DESIGN §3): nothing secret on a terminal that would
// not evaluate it, no raw control character from outside, no session variable in a child
// that is not a shell on the stack, and a warning before credentials go out over plain http.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

/// The bytes a terminal would act on: C0 controls (but the line end), DEL and C1 controls.
private func rawControls(_ text: String) -> [String] {
    text.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) }
        .map { String(format: "U+%04X", $0.value) }
}

private func appendConfig(_ text: String, to sandbox: StoreSandbox) throws {
    let config = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(sandbox.home)/.aws/config"))
    try config.seekToEnd()
    try config.write(contentsOf: Data(text.utf8))
    try config.close()
}

/// An interactive shell with no integration loaded and prompt `P> `.
private func bareShell(_ shell: TestShell) -> String {
    switch shell {
    case .bash: "PS1='P> ' /usr/bin/bash --norc --noprofile -i"
    case .zsh: "PS1='P> ' /usr/bin/zsh -f -i"
    case .fish: "/usr/bin/fish --no-config -i -C \"function fish_prompt; printf 'P> '; end\""
    }
}

@Test(arguments: TestShell.allCases)
func switching_commands_on_a_terminal_print_nothing_secret_and_change_nothing(shell: TestShell) throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    let pane = try TmuxSession(bareShell(shell), environment: scenario.environment)
    defer { pane.close() }
    try pane.waitFor("the first prompt") { $0.hasPrefix("P>") }
    let status = shell == .fish ? "$status" : "$?"

    for command in ["rolesh assume prod", "rolesh exit", "rolesh refresh", "rolesh assume prod --shell bash"] {
        let typed = try pane.type("\(command); echo status=\(status)", promptPrefix: "P>")
        #expect(typed.output.count == 2, "\(command): \(typed.output)")
        #expect(typed.output.last == "status=1", "\(command): \(typed.output)")
        let line = typed.output.first ?? ""
        #expect(line.hasPrefix("rolesh: stdout is a terminal"), "\(command): \(line)")
        // The advice is in the dialect that would evaluate the output: --shell's, else the shell's.
        let words = String(command.dropFirst("rolesh ".count))
        let dialect = command.hasSuffix("--shell bash") ? TestShell.bash : shell
        let loads = dialect == .fish ? "rolesh init fish | source" : #"eval "$(rolesh init \#(dialect))""#
        #expect(line.contains(loads), "\(command): \(line)")
        #expect(line.contains(dialect == .fish ? "rolesh \(words) | source" : #"eval "$(rolesh \#(words))""#), "\(command): \(line)")
        #expect(!line.contains("AWS_SECRET_ACCESS_KEY") && !line.contains("ROLESH_SESSION_KEY"))
    }
    // Nothing was switched, nothing was written, and --help still answers.
    let variables = try pane.type(#"echo "key=$AWS_ACCESS_KEY_ID role=$ROLESH_ROLE""#, promptPrefix: "P>")
    #expect(variables.output == ["key= role="])
    #expect(!FileManager.default.fileExists(atPath: "\(scenario.runtime)/rolesh/sessions"),
            "\((try? FileManager.default.subpathsOfDirectory(atPath: "\(scenario.runtime)/rolesh")) ?? [])")
    let help = try pane.type("rolesh assume --help", promptPrefix: "P>")
    #expect(help.output.contains { $0.hasPrefix("USAGE: rolesh assume") }, "\(help.output)")
}

@Test func text_from_outside_reaches_the_terminal_with_its_control_characters_escaped() throws {
    let sandbox = try StoreSandbox(endpoint: try moto.endpoint(), label: "rolesh-escapes")
    defer { sandbox.remove() }
    try appendConfig("""

        [profile evil\u{1B}[31m]
        role_arn = arn:aws:iam::123456789012:role/E\u{1B}]0;title\u{7}
        source_profile = base\u{9B}2J
        region = eu\u{1B}[2J-west-1

        [profile bold\u{1B}[1m]
        role_arn = arn:aws:iam::123456789012:role/Dev
        source_profile = base

        """, to: sandbox)
    var outputs: [(String, String)] = []

    let list = try sandbox.rolesh(["list"], environment: sandbox.baseEnvironment)
    #expect(list.status == 0, "\(list.stderr)")
    #expect(list.stdout.contains(#"evil\u{1B}[31m"#) && list.stdout.contains(#"role/E\u{1B}]0;title\u{07}"#)
            && list.stdout.contains(#"base\u{009B}2J"#) && list.stdout.contains(#"eu\u{1B}[2J-west-1"#), "\(list.stdout)")
    outputs += [("list stdout", list.stdout), ("list stderr", list.stderr)]

    // A region with an escape sequence, an unknown profile, and ArgumentParser's own message.
    for (label, arguments) in [("bad region", ["assume", "evil\u{1B}[31m", "--shell", "bash"]),
                               ("unknown profile", ["assume", "nope\u{1B}[2J", "--shell", "bash"]),
                               ("parser error", ["list", "x\u{1B}[2J"])] {
        let failed = try sandbox.rolesh(arguments, environment: sandbox.baseEnvironment)
        #expect(failed.status != 0 && failed.stdout.isEmpty, "\(label): \(failed)")
        #expect(failed.stderr.contains(#"\u{1B}[2J"#) || failed.stderr.contains(#"\u{1B}[31m"#), "\(label): \(failed.stderr)")
        outputs.append(("\(label) stderr", failed.stderr))
    }

    // A role whose profile name holds an escape: the prompt variable and status are clean.
    let assumed = try sandbox.rolesh(["assume", "bold\u{1B}[1m", "--shell", "bash"], environment: sandbox.baseEnvironment)
    #expect(assumed.status == 0, "\(assumed.stderr)")
    let shell = try #require(try sandbox.evaluate(assumed.stdout, over: sandbox.baseEnvironment))
    #expect(shell["ROLESH_ROLE"] == #"bold\u{1B}[1m"#)
    let status = try sandbox.rolesh(["status"], environment: shell)
    #expect(status.status == 0 && status.stdout.contains(#"role     bold\u{1B}[1m"#), "\(status)")
    #expect(status.stdout.contains(#"(bold\u{1B}[1m > AWS_PROFILE=base)"#), "\(status.stdout)")
    outputs += [("status stdout", status.stdout), ("assume stderr", assumed.stderr)]

    // An STS answer with C1 controls (legal XML characters) in the caller's ARN.
    let server = try CannedSTSServer(scenario: "ControlCharacters")
    let whoami = try sandbox.rolesh(["whoami"], environment: [
        "PATH": "/usr/bin:/bin", "HOME": sandbox.home, "AWS_ACCESS_KEY_ID": "AKIAWHOAMI", "AWS_SECRET_ACCESS_KEY": "s",
        "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:\(server.port)",
    ])
    #expect(whoami.status == 0 && whoami.stdout.contains(#"user/alice\u{009B}2J\u{0085}x"#), "\(whoami)")
    outputs += [("whoami stdout", whoami.stdout), ("whoami stderr", whoami.stderr)]

    for (label, text) in outputs {
        #expect(rawControls(text).isEmpty, "\(label) holds \(rawControls(text)): \(text.debugDescription)")
    }
}

@Test func a_credential_process_gets_no_session_variables() throws {
    let sandbox = try StoreSandbox(endpoint: try moto.endpoint(), label: "rolesh-child-env")
    defer { sandbox.remove() }
    let dump = "\(sandbox.folder)/credential-process.env"
    let script = "\(sandbox.folder)/dump-env.sh"
    try """
        #!/bin/sh
        env > '\(dump)'
        printf '{"Version": 1, "AccessKeyId": "ASIADUMP", "SecretAccessKey": "dumpsecret", "SessionToken": "dumptoken", "Expiration": "2099-01-01T00:00:00Z"}'

        """.write(toFile: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
    try appendConfig("\n[profile dumper]\ncredential_process = \(script)\n", to: sandbox)
    let first = try sandbox.rolesh(["assume", "dev", "--shell", "bash"], environment: sandbox.baseEnvironment)
    let shell = try #require(try sandbox.evaluate(first.stdout, over: sandbox.baseEnvironment))
    try #require(shell["ROLESH_SESSION_KEY"] != nil)

    let assumed = try sandbox.rolesh(["assume", "dumper", "--shell", "bash"], environment: shell)
    #expect(assumed.status == 0, "\(assumed.stderr)")
    let seen = try String(contentsOfFile: dump, encoding: .utf8)
    for hidden in ["ROLESH_SESSION=", "ROLESH_SESSION_KEY=", "ROLESH_FRAME=", "ROLESH_DEPTH="] {
        #expect(!seen.contains("\n\(hidden)") && !seen.hasPrefix(hidden), "\(hidden) reached the credential_process")
    }
    #expect(!seen.contains(shell["ROLESH_SESSION_KEY"]!))
    #expect(seen.contains("\nHOME=") || seen.hasPrefix("HOME="), "the rest of the environment is passed on")
}

@Test func plain_http_to_another_host_is_warned_about_before_the_request() throws {
    let endpoint = try moto.endpoint()
    let sandbox = try StoreSandbox(endpoint: endpoint, label: "rolesh-cleartext")
    defer { sandbox.remove() }

    // A name that never resolves (RFC 6761's .invalid): the request fails after the warning.
    var remote = sandbox.baseEnvironment
    remote["AWS_ENDPOINT_URL_STS"] = "http://sts.invalid:8080"
    remote["ROLESH_TIMEOUT"] = "3"
    let refused = try sandbox.rolesh(["assume", "dev", "--shell", "bash"], environment: remote)
    let lines = refused.stderr.split(separator: "\n").map(String.init)
    #expect(refused.status != 0 && refused.stdout.isEmpty)
    #expect(lines.count == 2, "\(refused.stderr)")
    #expect(lines.first == "rolesh: warning: sts.invalid is reached over plain http://, so credentials cross the network "
            + "in clear text; use an https:// endpoint", "\(refused.stderr)")

    // localhost and 127.0.0.1 are this machine: no warning, and the switch works.
    let port = try #require(endpoint.split(separator: ":").last)
    for local in ["http://localhost:\(port)", "http://127.0.0.1:\(port)"] {
        var environment = sandbox.baseEnvironment
        environment["AWS_ENDPOINT_URL_STS"] = local
        let result = try sandbox.rolesh(["assume", "prod", "--refresh", "--shell", "bash"], environment: environment)
        #expect(result.status == 0 && result.stderr.isEmpty, "\(local): \(result.stderr)")
    }
}

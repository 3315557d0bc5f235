// `rolesh console --print` against a local fake federation endpoint (and moto for the
// roles): the getSigninToken request's parameters and the login URL, field by field.
import Foundation
import Testing
import RoleshTestSupport

/// The fake federation endpoint of Tests/Scripts/fake_federation.py, and what it was asked.
private final class FakeFederation {
    let folder: String
    let endpoint: String
    private var pid: Int32 = 0

    /// Started in the background by a shell that exits at once, with no descriptor of this
    /// process but /dev/null: nothing it holds can keep a runProcess pipe open.
    init() throws {
        folder = try TestPaths.temporaryFolder("rolesh-federation")
        let port = try freeLocalPort()
        endpoint = "http://127.0.0.1:\(port)/federation"
        let start = #""$0" "$1" "$2" "$3/log" "$3/ready" </dev/null >/dev/null 2>&1 & echo $!"#
        let started = try runProcess("/bin/sh", ["-c", start, TestPaths.python,
            "\(TestPaths.packageRoot)/Tests/Scripts/fake_federation.py", "\(port)", folder])
        pid = Int32(started.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: "\(folder)/ready") && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    deinit {
        if pid > 0 { kill(pid, SIGKILL) }
    }

    /// The query parameters of each request received, in order.
    func requests() throws -> [[String: String]] {
        guard let text = try? String(contentsOfFile: "\(folder)/log", encoding: .utf8) else { return [] }
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect(object["path"] as? String == "/federation")
            return object["query"] as! [String: String]
        }
    }
}

/// The query items of `url`, by name; its address without them.
private func split(_ url: String) throws -> (base: String, query: [String: String]) {
    let components = try #require(URLComponents(string: url.trimmingCharacters(in: .newlines)))
    var base = components
    base.query = nil
    let items = components.queryItems ?? []
    #expect(Set(items.map(\.name)).count == items.count)
    return (base.string ?? "", Dictionary(uniqueKeysWithValues: items.map { ($0.name, $0.value ?? "") }))
}

private let activeRole = [
    "AWS_ACCESS_KEY_ID": "ASIAACTIVEROLE", "AWS_SECRET_ACCESS_KEY": "secret/with+symbols=",
    "AWS_SESSION_TOKEN": "token \"quoted\" & more", "PATH": "/usr/bin:/bin",
]

/// One at a time: each starts servers of its own.
@Suite(.serialized) struct ConsoleTests {
    @Test(arguments: [
        ("eu-west-1", "https://console.aws.amazon.com/console/home?region=eu-west-1"),
        ("us-gov-west-1", "https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1"),
        ("cn-north-1", "https://console.amazonaws.cn/console/home?region=cn-north-1"),
    ])
    func console_without_profile_signs_in_with_the_environments_credentials(region: String, destination: String) throws {
        let federation = try FakeFederation()
        let home = try TestPaths.temporaryFolder("rolesh-console-home")
        var environment = activeRole
        environment["HOME"] = home
        environment["AWS_REGION"] = region
        environment["ROLESH_FEDERATION_ENDPOINT"] = federation.endpoint
        let result = try runProcess(TestPaths.rolesh, ["console", "--print"], environment: environment)
        #expect(result.status == 0)
        #expect(result.stderr == "")

        let requests = try federation.requests()
        #expect(requests.count == 1)
        let tokenRequest = try #require(requests.first)
        #expect(Set(tokenRequest.keys) == ["Action", "Session"])
        #expect(tokenRequest["Action"] == "getSigninToken")
        let sessionJSON = try #require(tokenRequest["Session"])
        let session = try #require(JSONSerialization.jsonObject(with: Data(sessionJSON.utf8)) as? [String: String])
        #expect(session == ["sessionId": "ASIAACTIVEROLE", "sessionKey": "secret/with+symbols=", "sessionToken": "token \"quoted\" & more"])

        let login = try split(result.stdout)
        #expect(login.base == federation.endpoint)
        #expect(login.query == [
            "Action": "login", "Issuer": "https://github.com/rolesh/rolesh", "Destination": destination,
            "SigninToken": "FAKE-SIGNIN-TOKEN/+=",
        ])
        #expect(result.stdout.hasSuffix("\n") && !result.stdout.dropLast().contains("\n"))
    }

    @Test func console_destination_flag_replaces_the_home_page() throws {
        let federation = try FakeFederation()
        var environment = activeRole
        environment["HOME"] = try TestPaths.temporaryFolder("rolesh-console-home")
        environment["ROLESH_FEDERATION_ENDPOINT"] = federation.endpoint
        let destination = "https://console.aws.amazon.com/s3/home?region=us-east-1#/buckets"
        let result = try runProcess(TestPaths.rolesh, ["console", "--print", "--destination", destination], environment: environment)
        #expect(result.status == 0)
        #expect(try split(result.stdout).query["Destination"] == destination)
    }

    @Test(arguments: [
        (["console", "--print"], ["PATH": "/usr/bin:/bin"], "rolesh console without a PROFILE uses the active role, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set in the environment"),
        (["console", "--print"], ["PATH": "/usr/bin:/bin", "AWS_ACCESS_KEY_ID": "AKIALONGTERM", "AWS_SECRET_ACCESS_KEY": "s"], "the console needs a role's temporary credentials: name a PROFILE, or `rolesh assume` one first"),
        (["console", "--print", "--duration", "2h"], activeRole, "--duration needs a PROFILE: how the credentials in the environment were made is unknown, and AWS refuses a console duration for role-chained ones"),
        (["console", "--print", "--duration", "13h"], activeRole, "--duration 46800s is outside the console's 15m to 12h; pick a length in that range"),
    ])
    func console_refusals_say_why_and_print_nothing(arguments: [String], environment: [String: String], message: String) throws {
        var environment = environment
        environment["HOME"] = try TestPaths.temporaryFolder("rolesh-console-home")
        environment["ROLESH_FEDERATION_ENDPOINT"] = "http://127.0.0.1:9/federation"
        let result = try runProcess(TestPaths.rolesh, arguments, environment: environment)
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "rolesh: \(message)\n")
    }

    @Test func console_of_a_profile_assumes_its_role_and_sends_session_duration_only_without_role_chaining() throws {
        let moto = try MotoServer()
        let federation = try FakeFederation()
        let home = try TestPaths.temporaryFolder("rolesh-console-home")
        try FileManager.default.createDirectory(atPath: "\(home)/.aws", withIntermediateDirectories: true)
        try """
            [profile base]
            aws_access_key_id = AKIAIOSFODNN7EXAMPLE
            aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
            [profile dev]
            role_arn = arn:aws:iam::123456789012:role/Dev
            source_profile = base
            region = us-gov-east-1
            [profile deeper]
            role_arn = arn:aws:iam::123456789012:role/Deeper
            source_profile = dev

            """.write(toFile: "\(home)/.aws/config", atomically: true, encoding: .utf8)
        let environment = [
            "HOME": home, "PATH": "/usr/bin:/bin", "AWS_ENDPOINT_URL_STS": moto.endpoint,
            "ROLESH_FEDERATION_ENDPOINT": federation.endpoint,
        ]
        let direct = try runProcess(TestPaths.rolesh, ["console", "dev", "--print", "--duration", "2h"], environment: environment)
        #expect(direct.status == 0)
        #expect(direct.stderr == "")
        #expect(try split(direct.stdout).query["Destination"] == "https://console.amazonaws-us-gov.com/console/home?region=us-gov-east-1")

        let chained = try runProcess(TestPaths.rolesh, ["console", "deeper", "--print"], environment: environment)
        #expect(chained.status == 0)
        #expect(chained.stderr == "")
        let refused = try runProcess(TestPaths.rolesh, ["console", "deeper", "--print", "--duration", "2h"], environment: environment)
        #expect(refused.status == 1)
        #expect(refused.stdout == "")
        #expect(refused.stderr == "rolesh: profile deeper is reached by role chaining, for which AWS refuses a console duration; drop --duration\n")

        let requests = try federation.requests()
        #expect(requests.count == 2)
        #expect(requests.first?["SessionDuration"] == "7200")
        #expect(requests.last?["SessionDuration"] == nil)
        let session = try #require(JSONSerialization.jsonObject(with: Data((requests.first?["Session"] ?? "").utf8)) as? [String: String])
        #expect(session["sessionId"]?.hasPrefix("ASIA") == true)
        #expect(session["sessionId"] != "AKIAIOSFODNN7EXAMPLE")
    }

    @Test func console_without_a_browser_fails_with_print_and_the_opener_gets_no_session() throws {
        let federation = try FakeFederation()
        let home = try TestPaths.temporaryFolder("rolesh-console-browser")
        var environment = activeRole
        environment["HOME"] = home
        environment["ROLESH_FEDERATION_ENDPOINT"] = federation.endpoint

        // No DISPLAY, WAYLAND_DISPLAY or BROWSER (SSH, headless), or no xdg-open at all:
        // refused before any request.
        let headless = try runProcess(TestPaths.rolesh, ["console"], environment: environment)
        #expect(headless.status == 1 && headless.stdout.isEmpty)
        #expect(headless.stderr.hasPrefix("rolesh: cannot open a browser here: ")
                && headless.stderr.contains("`rolesh console --print`"), "\(headless.stderr)")
        environment["ROLESH_BROWSER_OPENER"] = "no-such-opener"
        let missing = try runProcess(TestPaths.rolesh, ["console"], environment: environment)
        #expect(missing.status == 1 && missing.stderr.contains("no-such-opener is not installed")
                && missing.stderr.contains("--print"), "\(missing.stderr)")
        #expect(try federation.requests().isEmpty)

        // An opener that records its environment: the shell's session variables stay behind.
        let dump = "\(home)/opener.env"
        let opener = "\(home)/opener.sh"
        try "#!/bin/sh\nenv > '\(dump).tmp' && mv '\(dump).tmp' '\(dump)'\n".write(toFile: opener, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: opener)
        environment["ROLESH_BROWSER_OPENER"] = opener
        environment["ROLESH_SESSION"] = "0123456789abcdef0123456789abcdef"
        environment["ROLESH_SESSION_KEY"] = String(repeating: "ab", count: 32)
        environment["ROLESH_DEPTH"] = "1"
        // Started with only stdin, stdout and stderr open (the runner's other descriptors
        // would reach the helper otherwise): rolesh's stdout pipe must end when rolesh does,
        // not when the helper that removes the redirect file a minute later does.
        let started = Date()
        let opened = try runProcess(TestPaths.python, [
            "-c", "import os, sys; os.closerange(3, os.sysconf('SC_OPEN_MAX')); os.execv(sys.argv[1], sys.argv[1:])",
            TestPaths.rolesh, "console",
        ], environment: environment)
        #expect(opened.status == 0, "\(opened.stderr)")
        #expect(Date().timeIntervalSince(started) < 20, "rolesh's pipes stayed open while the helper waited")
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: dump) && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let seen = try String(contentsOfFile: dump, encoding: .utf8)
        #expect(seen.contains("HOME=\(home)"))
        for hidden in ["ROLESH_SESSION", "ROLESH_SESSION_KEY", "ROLESH_DEPTH"] {
            #expect(!seen.split(separator: "\n").contains { $0.hasPrefix("\(hidden)=") }, "\(hidden) reached the browser opener")
        }
        try? FileManager.default.removeItem(atPath: home)
    }
}

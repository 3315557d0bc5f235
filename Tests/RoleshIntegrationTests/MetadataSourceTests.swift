// Web identity, EC2 instance metadata and container credentials as credential sources, end to
// end: real bash, zsh and fish assume a web identity profile, a role chained on it and a role
// whose credential_source is the instance, against moto and the tests' own metadata service
// (which mints real moto credentials); the aws CLI confirms each identity and `exit` restores
// the shell. Around it: the IMDS fallback and refusal cases through the binary, the container
// endpoint's token, botocore's host rule and its AssumeRoleWithWebIdentity request, and the
// error line when the metadata service is out of reach.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

/// A config with `ci` (web identity), `deploy` (a role on ci), `box` (a role from the
/// instance) and `task` (a role from the container), the token file, moto and the fake
/// metadata service; the fake's role is Ops, its container path /v2/credentials/task.
private struct SourcesWorld {
    let moto: MotoServer
    let metadata: FakeMetadataService
    let scenario: ShellScenario
    let tokenFile: String

    init(metadataState: [String: Any] = [:], environment: [String: String] = [:]) throws {
        moto = try MotoServer()
        var state: [String: Any] = ["role": "Ops", "sts_endpoint": moto.endpoint]
        state.merge(metadataState) { $1 }
        metadata = try FakeMetadataService(state: state)
        let tokens = try TestPaths.temporaryFolder("rolesh-web-identity")
        tokenFile = "\(tokens)/token"
        try "eyJhbGciOiJSUzI1NiJ9.first.token".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let config = """
            [profile ci]
            role_arn = arn:aws:iam::111111111111:role/CI
            web_identity_token_file = \(tokenFile)
            role_session_name = gha
            region = eu-west-1

            [profile deploy]
            role_arn = arn:aws:iam::111111111111:role/Deploy
            source_profile = ci
            role_session_name = deployer

            [profile box]
            role_arn = arn:aws:iam::123456789012:role/Admin
            credential_source = Ec2InstanceMetadata
            role_session_name = ops
            region = us-east-1

            [profile task]
            role_arn = arn:aws:iam::123456789012:role/Deploy
            credential_source = EcsContainer
            role_session_name = task
            region = us-east-1
            """
        scenario = try ShellScenario(config: config, stsEndpoint: moto.endpoint, environment: [
            "AWS_EC2_METADATA_SERVICE_ENDPOINT": metadata.endpoint, "USER": "alice",
        ].merging(environment) { $1 })
    }

    func rolesh(_ arguments: [String], _ extra: [String: String] = [:]) throws -> ProcessResult {
        try runProcess(TestPaths.rolesh, arguments, environment: scenario.environment.merging(extra) { $1 }, timeout: 60)
    }

    /// The access key id of `export PROFILE --format json`'s answer.
    func accessKey(_ result: ProcessResult) -> String? {
        let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return object?["AccessKeyId"] as? String
    }
}

@Test(arguments: TestShell.allCases)
func web_identity_and_instance_roles_switch_the_shell_and_exit_restores_it(shell: TestShell) throws {
    let world = try SourcesWorld()
    defer { world.scenario.remove() }
    let result = try world.scenario.run(shell, [
        shell.integration,
        "dump before",
        "rolesh assume ci", "witness ci", "dump ci",
        "rolesh refresh", "witness refreshed", "dump refreshed",
        "rolesh assume deploy", "witness deploy",
        "rolesh exit", "witness back",
        "rolesh exit",
        "rolesh assume box", "witness box",
        "rolesh exit", "dump after",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.isEmpty)
    #expect(world.scenario.witness("ci") == "arn:aws:sts::111111111111:assumed-role/CI/gha")
    #expect(world.scenario.witness("refreshed") == "arn:aws:sts::111111111111:assumed-role/CI/gha")
    #expect(world.scenario.witness("deploy") == "arn:aws:sts::111111111111:assumed-role/Deploy/deployer")
    #expect(world.scenario.witness("back") == "arn:aws:sts::111111111111:assumed-role/CI/gha")
    #expect(world.scenario.witness("box") == "arn:aws:sts::123456789012:assumed-role/Admin/ops")
    let ci = try world.scenario.dump("ci")
    #expect(ci["ROLESH_ROLE"] == "ci")
    #expect(ci["ROLESH_ROLE_ARN"] == "arn:aws:iam::111111111111:role/CI")
    #expect(try world.scenario.dump("refreshed")["AWS_ACCESS_KEY_ID"] != ci["AWS_ACCESS_KEY_ID"])
    #expect(ci["AWS_REGION"] == "eu-west-1")
    #expect(try world.scenario.dump("after") == world.scenario.dump("before"))
    // The instance was asked IMDSv2's way.
    #expect(try world.metadata.requestLines() == [
        "PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/",
        "GET /latest/meta-data/iam/security-credentials/Ops",
    ])
}

@Test func list_shows_each_source_by_its_kind() throws {
    let world = try SourcesWorld()
    defer { world.scenario.remove() }
    let list = try world.rolesh(["list"])
    #expect(list.status == 0, "\(list.stderr)")
    let rows = list.stdout.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
    #expect(rows.contains(["ci", "arn:aws:iam::111111111111:role/CI", "web", "identity", "eu-west-1"]))
    #expect(rows.contains(["box", "arn:aws:iam::123456789012:role/Admin", "Ec2InstanceMetadata", "us-east-1"]))
    #expect(rows.contains(["task", "arn:aws:iam::123456789012:role/Deploy", "EcsContainer", "us-east-1"]))
}

@Test func assume_role_flags_are_refused_on_a_web_identity_profile_and_taken_by_a_role_on_it() throws {
    let world = try SourcesWorld()
    defer { world.scenario.remove() }
    let refused = try world.rolesh(["export", "ci", "--format", "json", "--external-id", "ext-42"])
    #expect(refused.status != 0)
    #expect(refused.stdout.isEmpty)
    #expect(refused.stderr.hasPrefix("rolesh: --external-id applies to an AssumeRole call, and ci is an IAM Identity Center or web identity role"))
    let chained = try world.rolesh(["export", "deploy", "--format", "json", "--external-id", "ext-42"])
    #expect(chained.status == 0, "\(chained.stderr)")
}

@Test func a_web_identity_profile_refreshes_with_the_token_the_file_holds_now() throws {
    let world = try SourcesWorld()
    defer { world.scenario.remove() }
    let first = try world.rolesh(["export", "ci", "--format", "json"])
    #expect(first.status == 0, "\(first.stderr)")
    // Cached: the same credentials without a call.
    let cached = try world.rolesh(["export", "ci", "--format", "json"])
    #expect(cached.stdout == first.stdout)
    // The token rotates; the identity is the same, and a refresh takes the new token.
    try "eyJhbGciOiJSUzI1NiJ9.second.token".write(toFile: world.tokenFile, atomically: true, encoding: .utf8)
    let stillCached = try world.rolesh(["export", "ci", "--format", "json"])
    #expect(stillCached.stdout == first.stdout)
    let refreshed = try world.rolesh(["export", "ci", "--format", "json", "--refresh"])
    #expect(refreshed.status == 0, "\(refreshed.stderr)")
    #expect(world.accessKey(refreshed) != nil && world.accessKey(refreshed) != world.accessKey(first))
    // A token file that is gone: one line, nothing on stdout.
    try FileManager.default.removeItem(atPath: world.tokenFile)
    let gone = try world.rolesh(["export", "ci", "--format", "json", "--refresh"])
    #expect(gone.status != 0)
    #expect(gone.stdout.isEmpty)
    #expect(gone.stderr.hasPrefix("rolesh: cannot read the web identity token file \(world.tokenFile) (web_identity_token_file of profile \"ci\"): "))
    #expect(gone.stderr.split(separator: "\n").count == 1)
}

@Test func the_web_identity_variables_serve_whoami_and_a_bare_role_arn_without_keys() throws {
    let world = try SourcesWorld()
    defer { world.scenario.remove() }
    let variables = ["AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/Pod", "AWS_WEB_IDENTITY_TOKEN_FILE": world.tokenFile,
                     "AWS_ROLE_SESSION_NAME": "pod-7f9c"]
    let whoami = try world.rolesh(["whoami", "--json"], variables)
    #expect(whoami.status == 0, "\(whoami.stderr)")
    #expect(whoami.stdout.contains("\"arn:aws:sts::111111111111:assumed-role/Pod/pod-7f9c\""))
    let chained = try world.rolesh(["export", "arn:aws:iam::111111111111:role/Deploy", "--format", "json"], variables)
    #expect(chained.status == 0, "\(chained.stderr)")
    #expect(chained.stdout.contains("\"RoleArn\": \"arn:aws:iam::111111111111:role/Deploy\""))
    // A named profile is botocore's `--profile`: the variables do not reach it.
    let named = try world.rolesh(["export", "ci", "--format", "json"], ["AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/Other"])
    #expect(named.status == 0, "\(named.stderr)")
    let exec = try world.rolesh(["exec", "ci", "--", "aws", "sts", "get-caller-identity", "--query", "Arn", "--output", "text"],
                                ["AWS_ROLE_ARN": "arn:aws:iam::111111111111:role/Other"])
    #expect(exec.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "arn:aws:sts::111111111111:assumed-role/CI/gha")
}

@Test func a_refused_token_falls_back_to_imds_v1_unless_it_is_disabled() throws {
    let world = try SourcesWorld(metadataState: ["token_status": 403])
    defer { world.scenario.remove() }
    let fallback = try world.rolesh(["export", "box", "--format", "json"])
    #expect(fallback.status == 0, "\(fallback.stderr)")
    let log = try world.metadata.log()
    #expect(log.count == 3)
    #expect(log.dropFirst().allSatisfy { ($0["headers"] as? [String: String])?["x-aws-ec2-metadata-token"] == nil })

    for disabled in [["AWS_EC2_METADATA_V1_DISABLED": "true"], ["AWS_CONFIG_FILE": try v1DisabledConfig(world)]] {
        let refused = try world.rolesh(["export", "box", "--format", "json", "--refresh"], disabled)
        #expect(refused.status != 0)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.hasPrefix("rolesh: Unable to retrieve token for use in IMDSv2 call and IMDSv1 has been disabled ("))
        #expect(refused.stderr.split(separator: "\n").count == 1)
    }
    // Each refusal asked for a token and nothing more.
    #expect(try world.metadata.requestLines().suffix(2) == ["PUT /latest/api/token", "PUT /latest/api/token"])
}

/// The scenario's config with `ec2_metadata_v1_disabled = true` in the selected profile.
private func v1DisabledConfig(_ world: SourcesWorld) throws -> String {
    let path = "\(world.scenario.folder)/v1-disabled-config"
    let config = try String(contentsOfFile: "\(world.scenario.home)/.aws/config", encoding: .utf8)
    try config.replacingOccurrences(of: "credential_source = Ec2InstanceMetadata\n",
                                    with: "credential_source = Ec2InstanceMetadata\nec2_metadata_v1_disabled = true\n")
        .write(toFile: path, atomically: true, encoding: .utf8)
    return path
}

@Test func an_expired_session_token_is_refused_by_the_service_and_said_so() throws {
    // Tokens that live no time: the service refuses them at the first GET.
    let world = try SourcesWorld(metadataState: ["token_ttl_cap": 0])
    defer { world.scenario.remove() }
    let result = try world.rolesh(["export", "box", "--format", "json"])
    #expect(result.status != 0)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr == "rolesh: the EC2 instance metadata service at \(world.metadata.endpoint)latest/meta-data/iam/security-credentials/ "
        + "answered HTTP 401; it refused the session token (expired, or from another instance)\n")
}

@Test func an_unreachable_metadata_service_says_how_long_rolesh_waited_and_which_variable_to_change() throws {
    let world = try SourcesWorld()
    defer { world.scenario.remove() }
    // A socket that accepts connections and never answers: every request times out.
    let silent = try SilentListener()
    let started = Date()
    let result = try world.rolesh(["export", "box", "--format", "json"],
                                  ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:\(silent.port)/"])
    let elapsed = Date().timeIntervalSince(started)
    #expect(result.status != 0)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.split(separator: "\n").count == 1)
    // The token PUT times out (1 s), IMDSv1 is tried as botocore tries it (1 s more).
    #expect(result.stderr.hasPrefix("rolesh: no answer from the EC2 instance metadata service at "
        + "http://127.0.0.1:\(silent.port)/latest/meta-data/iam/security-credentials/ after 2."))
    #expect(result.stderr.contains("AWS_METADATA_SERVICE_TIMEOUT and AWS_METADATA_SERVICE_NUM_ATTEMPTS wait longer"))
    #expect(elapsed < 10)
}

@Test func the_container_endpoint_is_asked_with_its_token_and_refuses_others() throws {
    let world = try SourcesWorld(metadataState: ["container_token": "Bearer pod-token"])
    defer { world.scenario.remove() }
    let uri = "\(world.metadata.endpoint)v2/credentials/task"
    let tokenFile = "\(world.scenario.folder)/container-token"
    try "Bearer pod-token".write(toFile: tokenFile, atomically: true, encoding: .utf8)
    // Through `localhost`, with a proxy that is down for every host but moto's: the endpoint
    // is reached directly, as botocore reaches it, or not at all.
    let local = uri.replacingOccurrences(of: "127.0.0.1", with: "localhost")
    let result = try world.rolesh(["export", "task", "--format", "json"],
                                  ["AWS_CONTAINER_CREDENTIALS_FULL_URI": local, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile,
                                   "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer wrong",
                                   "http_proxy": "http://127.0.0.1:9", "no_proxy": "127.0.0.1"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("\"RoleArn\": \"arn:aws:iam::123456789012:role/Deploy\""))
    let asked = try #require(try world.metadata.log().last?["headers"] as? [String: String])
    #expect(asked["authorization"] == "Bearer pod-token")

    let wrong = try world.rolesh(["export", "task", "--format", "json", "--refresh"],
                                 ["AWS_CONTAINER_CREDENTIALS_FULL_URI": uri, "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer wrong"])
    #expect(wrong.status != 0)
    #expect(wrong.stdout.isEmpty)
    #expect(wrong.stderr == "rolesh: the container credentials endpoint at \(uri) answered HTTP 401; it said: {\"message\":\"unauthorized\"}\n")

    let before = try world.metadata.log().count
    let remote = try world.rolesh(["export", "task", "--format", "json", "--refresh"],
                                  ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://203.0.113.9/creds"])
    #expect(remote.status != 0)
    #expect(remote.stderr.hasPrefix("rolesh: AWS_CONTAINER_CREDENTIALS_FULL_URI = http://203.0.113.9/creds names a host"))
    #expect(try world.metadata.log().count == before)
}

@Test func full_uri_hosts_follow_botocores_rule() throws {
    let urls = [
        "http://127.0.0.1:8080/creds", "http://127.9.9.9/x", "http://[::1]:80/x", "http://[0:0:0:0:0:0:0:1]/x", "http://localhost:1/x",
        "http://LOCALHOST/x", "http://169.254.170.2/v2", "http://169.254.170.23/v1/credentials", "http://[fd00:ec2::23]/x",
        "http://[FD00:EC2::23]/x", "https://creds.example.com/x", "HTTPS://creds.example.com/x", "http://example.com/x",
        "http://169.254.169.254/x", "http://localhost.example.com/x", "http://127.0.0.01/x", "http://user@evil.example@127.0.0.1/x",
        "http://127.0.0.1@evil.example/x", "http://[::2]/x", "http://10.0.0.1/x", "http://[::ffff:127.0.0.1]/x",
        "http://[fd00:ec2:0::23]/x", "http://127.0.0.1./x", "http://0x7f.0.0.1/x", "http://2130706433/x", "http://[::1/x",
    ]
    let script = """
        import sys
        from botocore.utils import ContainerMetadataFetcher
        fetcher = ContainerMetadataFetcher()
        for url in sys.stdin.read().splitlines():
            try:
                fetcher._validate_allowed_url(url)
                print("allowed")
            except ValueError:
                print("refused")
        """
    let botocore = try runProcess(TestPaths.python, ["-c", script], input: urls.joined(separator: "\n") + "\n")
    try #require(botocore.status == 0, "\(botocore.stderr)")
    let theirs = botocore.stdout.split(separator: "\n").map(String.init)
    let ours = urls.map { ContainerCredentials.mayFetch(from: $0) ? "allowed" : "refused" }
    for (url, (mine, botocores)) in zip(urls, zip(ours, theirs)) {
        #expect(mine == botocores, "\(url)")
    }
    #expect(ours.count == theirs.count)
}

@Test func assume_role_with_web_identity_is_botocores_request() throws {
    let transport = HeaderRecordingTransport(answer: """
        <AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>A</AccessKeyId>\
        <SecretAccessKey>S</SecretAccessKey><SessionToken>T</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>\
        </Credentials><AssumedRoleUser><Arn>arn</Arn><AssumedRoleId>id</AssumedRoleId></AssumedRoleUser>\
        </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>
        """)
    let request = WebIdentityRequest(roleARN: "arn:aws:iam::111111111111:role/team/CI", sessionName: "gha+run=42,a.b@c",
                                     webIdentityToken: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vcjpyZWYifQ.sig-_~+/=", durationSeconds: 900)
    _ = try STSClient(transport: transport, endpoint: STSEndpoint(url: "https://sts.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"))
        .assumeRoleWithWebIdentity(request)
    let sent = try #require(transport.requests.first)
    let parameters: [String: Any] = ["RoleArn": request.roleARN, "RoleSessionName": request.sessionName,
                                     "WebIdentityToken": request.webIdentityToken, "DurationSeconds": 900]
    let json = String(decoding: try JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
    let botocore = try runProcess(TestPaths.python, ["\(TestPaths.packageRoot)/Tests/Scripts/botocore_sts_body.py", "AssumeRoleWithWebIdentity"],
                                  input: json)
    try #require(botocore.status == 0, "\(botocore.stderr)")
    let ours = String(decoding: sent.body, as: UTF8.self)
    #expect(ours.split(separator: "&").sorted() == botocore.stdout.split(separator: "&").sorted())
    #expect(ours.hasPrefix("Action=AssumeRoleWithWebIdentity&Version=2011-06-15&"))
    // Unsigned, as botocore sends it (Config(signature_version=UNSIGNED)).
    #expect(sent.headers.map(\.name) == ["Content-Type"])
    #expect(sent.url == "https://sts.eu-west-1.amazonaws.com/")
}

/// Keeps every request and answers each with `answer`.
private final class HeaderRecordingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var sent: [HTTPRequest] = []
    let answer: String

    init(answer: String) {
        self.answer = answer
    }

    var requests: [HTTPRequest] { lock.withLock { sent } }

    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse {
        lock.withLock { sent.append(request) }
        return HTTPResponse(status: 200, body: Array(answer.utf8))
    }
}

/// A loopback socket that takes connections into its backlog and never answers them.
private final class SilentListener {
    let port: Int
    private let descriptor: Int32

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let listening = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 16) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard listening else { throw TestSupportError("no silent listener") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(descriptor)
    }
}

/// What a metadata request is, for comparing rolesh's with botocore's: method, path, and the
/// IMDS and container headers that matter (the token's value is the fake's, so only its
/// presence). libcurl's default `Accept: */*`, where botocore sends none, is left out.
private func requestShapes(_ log: [[String: Any]]) -> [String] {
    log.map { entry in
        let headers = entry["headers"] as? [String: String] ?? [:]
        return [entry["method"] as? String ?? "", entry["path"] as? String ?? "",
                "ttl=\(headers["x-aws-ec2-metadata-token-ttl-seconds"] ?? "-")",
                "token=\(headers["x-aws-ec2-metadata-token"] == nil ? "no" : "yes")",
                "authorization=\(headers["authorization"] ?? "-")",
                "accept=\(headers["accept"].flatMap { $0 == "*/*" ? nil : $0 } ?? "-")"].joined(separator: " ")
    }
}

@Test(arguments: [nil, 403, 405, 500] as [Int?])
func instance_metadata_requests_are_botocores(tokenStatus: Int?) throws {
    let world = try SourcesWorld(metadataState: tokenStatus.map { ["token_status": $0] } ?? [:])
    defer { world.scenario.remove() }
    let script = """
        import sys
        from botocore.utils import InstanceMetadataFetcher
        fetcher = InstanceMetadataFetcher(timeout=1, num_attempts=1, config={"ec2_metadata_service_endpoint": sys.argv[1]})
        print(fetcher.retrieve_iam_role_credentials().get("role_name"))
        """
    let botocore = try runProcess(TestPaths.python, ["-c", script, world.metadata.endpoint])
    try #require(botocore.status == 0, "\(botocore.stderr)")
    #expect(botocore.stdout == "Ops\n")
    let theirs = requestShapes(try world.metadata.log())
    try world.metadata.update { $0["log"] = [] }
    let ours = try world.rolesh(["export", "box", "--format", "json"])
    #expect(ours.status == 0, "\(ours.stderr)")
    // rolesh's own AssumeRole goes to moto, not to the metadata service: the logs compare whole.
    let mine = requestShapes(try world.metadata.log())
    #expect(mine == theirs, "rolesh: \(mine)\nbotocore: \(theirs)")
    #expect(theirs.count == 3)
}

@Test func container_requests_are_botocores() throws {
    let world = try SourcesWorld(metadataState: ["container_token": "Bearer pod-token"])
    defer { world.scenario.remove() }
    let variables = ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "\(world.metadata.endpoint)v2/credentials/task",
                     "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Bearer pod-token"]
    let script = """
        from botocore.credentials import ContainerProvider
        print(ContainerProvider().load().access_key[:4])
        """
    let botocore = try runProcess(TestPaths.python, ["-c", script], environment: ["PATH": "/usr/bin:/bin"].merging(variables) { $1 })
    try #require(botocore.status == 0, "\(botocore.stderr)")
    let theirs = requestShapes(try world.metadata.log())
    try world.metadata.update { $0["log"] = [] }
    let ours = try world.rolesh(["export", "task", "--format", "json"], variables)
    #expect(ours.status == 0, "\(ours.stderr)")
    #expect(requestShapes(try world.metadata.log()) == theirs)
    #expect(theirs == ["GET /v2/credentials/task ttl=- token=no authorization=Bearer pod-token accept=application/json"])
}

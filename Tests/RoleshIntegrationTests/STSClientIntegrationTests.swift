// The STS client over the real libcurl transport: against a canned-error STS of the tests'
// own (Tests/Scripts/sts_canned_server.py) for the failures moto cannot produce, and against
// moto_server for a real AssumeRole that the aws CLI confirms.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

/// sts_canned_server.py running one scenario on a port of its choosing.
final class CannedSTSServer: @unchecked Sendable {
    let port: Int
    private let state: String
    private let process: Process

    var endpoint: STSEndpoint { STSEndpoint(url: "http://127.0.0.1:\(port)", signingRegion: "us-east-1") }

    /// How many requests the server has received.
    var requestCount: Int {
        (try? String(contentsOfFile: "\(state)/count", encoding: .utf8)).flatMap { Int($0) } ?? -1
    }

    init(scenario: String) throws {
        state = try TestPaths.temporaryFolder("rolesh-canned-sts")
        process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.python)
        process.arguments = ["\(TestPaths.packageRoot)/Tests/Scripts/sts_canned_server.py", scenario, state]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: "\(state)/port", encoding: .utf8), let port = Int(text) {
                self.port = port
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        process.terminate()
        throw TestSupportError("the canned STS server did not start")
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(atPath: state)
    }
}

@Suite(.serialized) struct STSClientIntegrationTests {
    static let source = Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let request = AssumeRoleRequest(roleARN: "arn:aws:iam::123456789012:role/Prod", sessionName: "alice")

    func client(_ endpoint: STSEndpoint, total: Double = 10) -> STSClient {
        STSClient(transport: CurlTransport(environment: [:]), endpoint: endpoint, timeouts: HTTPTimeouts(connect: 2, total: total))
    }

    @Test(arguments: [
        ("AccessDenied", "STS AssumeRole failed: AccessDenied: User: arn:aws:iam::123456789012:user/alice is not authorized to perform: "
            + "sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Prod (check that the role's trust policy allows the source identity to assume it)"),
        ("ExpiredToken", "STS AssumeRole failed: ExpiredToken: The security token included in the request is expired "
            + "(the source credentials have expired: refresh them)"),
        ("InvalidClientTokenId", "STS AssumeRole failed: InvalidClientTokenId: The security token included in the request is invalid. "
            + "(the access key is not valid: check the source credentials)"),
        ("RegionDisabledException", "STS AssumeRole failed: RegionDisabledException: STS is not activated in this region for account:123456789012. "
            + "Your account administrator can activate STS in this region using the IAM Console. "
            + "(enable the region for the account, or use another with --region or AWS_REGION)"),
        ("ValidationError", "STS AssumeRole failed: ValidationError: 1 validation error detected: Value 'x y' at 'roleSessionName' failed to "
            + "satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"),
    ])
    func sts_errors_come_back_as_one_line_with_aws_code_and_message(scenario: String, description: String) throws {
        let server = try CannedSTSServer(scenario: scenario)
        let error = try #require(throws: STSError.self) { try client(server.endpoint).assumeRole(Self.request, credentials: Self.source) }
        #expect(error.localizedDescription == description)
        #expect(error.code == scenario)
        #expect(server.requestCount == 1, "client errors are not retried")
    }

    @Test(arguments: ["ThrottlingThenSuccess", "ServerErrorThenSuccess"])
    func throttling_and_server_errors_are_retried_into_success(scenario: String) throws {
        let server = try CannedSTSServer(scenario: scenario)
        let role = try client(server.endpoint).assumeRole(Self.request, credentials: Self.source)
        #expect(role.assumedRoleARN == "arn:aws:sts::123456789012:assumed-role/Prod/alice")
        #expect(role.credentials.accessKeyID == "ASIACANNEDEXAMPLE")
        #expect(server.requestCount == 3)
    }

    @Test func a_server_that_never_answers_fails_after_the_total_timeout() throws {
        let server = try CannedSTSServer(scenario: "Hang")
        let started = Date()
        let error = try #require(throws: STSError.self) { try client(server.endpoint, total: 1).getCallerIdentity(credentials: Self.source) }
        let elapsed = Date().timeIntervalSince(started)
        guard case .transport(_, let failure) = error else {
            Issue.record("expected a transport error, got \(error)")
            return
        }
        #expect(failure.kind == .timeout)
        #expect(elapsed >= 0.9 && elapsed < 2.5, "took \(elapsed) s")
        #expect(error.localizedDescription.hasPrefix("STS GetCallerIdentity failed: "))
        #expect(error.localizedDescription.contains("ROLESH_TIMEOUT"))
        #expect(server.requestCount == 1)
    }

    @Test func a_body_that_is_not_xml_fails_clearly_with_the_status() throws {
        let server = try CannedSTSServer(scenario: "NotXML")
        let error = try #require(throws: STSError.self) { try client(server.endpoint).getCallerIdentity(credentials: Self.source) }
        #expect(error.localizedDescription == "STS GetCallerIdentity failed: HTTP 200 with an answer that is not STS's (the body is not XML: "
            + "malformed XML at byte 0: text before the root element) (check AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's endpoint_url and any proxy)")
        #expect(!error.localizedDescription.contains(Self.source.secretAccessKey))
    }

    @Test func moto_assumed_role_is_who_get_caller_identity_and_the_aws_cli_say() throws {
        let moto = try MotoServer()
        let client = client(STSEndpoint(url: moto.endpoint, signingRegion: "us-east-1"))
        let role = try client.assumeRole(Self.request, credentials: Self.source)
        #expect(role.assumedRoleARN == "arn:aws:sts::123456789012:assumed-role/Prod/alice")
        #expect(role.credentials.sessionToken?.isEmpty == false)
        #expect((role.credentials.expiration ?? .distantPast) > Date())

        let identity = try client.getCallerIdentity(credentials: role.credentials)
        #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/Prod/alice")
        #expect(identity.account == "123456789012")

        let cli = try runProcess(TestPaths.venvTool("aws"), ["sts", "get-caller-identity", "--query", "Arn", "--output", "text"], environment: [
            "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
            "AWS_ACCESS_KEY_ID": role.credentials.accessKeyID, "AWS_SECRET_ACCESS_KEY": role.credentials.secretAccessKey,
            "AWS_SESSION_TOKEN": role.credentials.sessionToken ?? "",
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL_STS": moto.endpoint,
        ])
        #expect(cli.status == 0, "\(cli.stderr)")
        #expect(cli.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == identity.arn)
    }

    @Test func moto_issues_session_tokens_for_long_term_keys() throws {
        let moto = try MotoServer()
        let credentials = try client(STSEndpoint(url: moto.endpoint, signingRegion: "us-east-1"))
            .getSessionToken(SessionTokenRequest(durationSeconds: 900), credentials: Self.source)
        #expect(credentials.accessKeyID.isEmpty == false)
        #expect(credentials.sessionToken?.isEmpty == false)
        #expect(credentials.expiration != nil)
    }
}

/// Keeps the request it is sent and answers with an STS document for the call.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var bodies: [String] = []
    let answer: String

    init(answer: String) {
        self.answer = answer
    }

    var lastBody: String? { lock.withLock { bodies.last } }

    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse {
        lock.withLock { bodies.append(String(decoding: request.body, as: UTF8.self)) }
        return HTTPResponse(status: 200, body: Array(answer.utf8))
    }
}

@Suite struct STSFormBodyDifferentialTests {
    /// The body's `name=value` pairs, sorted: AWS reads them in any order.
    func pairs(_ body: String) -> [String] {
        body.split(separator: "&").map(String.init).sorted()
    }

    func botocoreBody(_ action: String, _ parameters: [String: Any]) throws -> String {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: parameters), as: UTF8.self)
        let result = try runProcess(TestPaths.python, ["\(TestPaths.packageRoot)/Tests/Scripts/botocore_sts_body.py", action], input: json)
        try #require(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func assume_role_body_has_the_same_parameters_as_botocores() throws {
        let request = AssumeRoleRequest(
            roleARN: "arn:aws:iam::123456789012:role/team/Prod", sessionName: "alice+ci=1,x.y@z", durationSeconds: 3600,
            externalID: "ext:id/42", serialNumber: "arn:aws:iam::123456789012:mfa/alice", tokenCode: "012345", sourceIdentity: "alice@example.com",
            tags: [SessionTag(key: "Project", value: "Blue Sky ~*'()!"), SessionTag(key: "Owner", value: "caf\u{E9} \u{1F600}")],
            transitiveTagKeys: ["Project"], policyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            policy: #"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}"#)
        let transport = RecordingTransport(answer: """
            <AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey>\
            <SessionToken>T</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials><AssumedRoleUser>\
            <Arn>arn</Arn><AssumedRoleId>id</AssumedRoleId></AssumedRoleUser></AssumeRoleResult></AssumeRoleResponse>
            """)
        _ = try STSClient(transport: transport, endpoint: STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1"))
            .assumeRole(request, credentials: STSClientIntegrationTests.source)
        let ours = try #require(transport.lastBody)
        let theirs = try botocoreBody("AssumeRole", [
            "RoleArn": request.roleARN, "RoleSessionName": request.sessionName, "DurationSeconds": 3600,
            "ExternalId": "ext:id/42", "SerialNumber": "arn:aws:iam::123456789012:mfa/alice", "TokenCode": "012345",
            "SourceIdentity": "alice@example.com",
            "Tags": request.tags.map { ["Key": $0.key, "Value": $0.value] }, "TransitiveTagKeys": ["Project"],
            "PolicyArns": [["arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"]], "Policy": request.policy!,
        ])
        #expect(pairs(ours) == pairs(theirs))
        #expect(ours.hasPrefix("Action=AssumeRole&Version=2011-06-15&"))
    }

    @Test func get_session_token_body_has_the_same_parameters_as_botocores() throws {
        let transport = RecordingTransport(answer: """
            <GetSessionTokenResponse><GetSessionTokenResult><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>S</SecretAccessKey>\
            <SessionToken>T</SessionToken><Expiration>2030-01-01T00:00:00.123Z</Expiration></Credentials></GetSessionTokenResult></GetSessionTokenResponse>
            """)
        _ = try STSClient(transport: transport, endpoint: STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1"))
            .getSessionToken(SessionTokenRequest(durationSeconds: 43200, serialNumber: "GAHT12345678", tokenCode: "123456"),
                             credentials: STSClientIntegrationTests.source)
        let theirs = try botocoreBody("GetSessionToken", ["DurationSeconds": 43200, "SerialNumber": "GAHT12345678", "TokenCode": "123456"])
        #expect(pairs(try #require(transport.lastBody)) == pairs(theirs))
    }
}

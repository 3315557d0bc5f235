import Foundation
@testable import RoleshCore
import Testing

@Suite struct STSClientTests {
    typealias F = STSFixtures

    func client(_ transport: ScriptedSTSTransport, clock: TestClock = TestClock(), jitter: Double = 0.5,
                timeouts: HTTPTimeouts = HTTPTimeouts()) -> STSClient {
        STSClient(
            transport: transport, endpoint: F.endpoint, timeouts: timeouts,
            sleep: { clock.sleep($0) }, now: { clock.now() }, jitter: { jitter })
    }

    // MARK: Requests

    static let assumeRoleBodies: [(AssumeRoleRequest, String)] = [
        (AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice"),
         "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FProd&RoleSessionName=alice"),
        (AssumeRoleRequest(roleARN: "arn:aws:iam::123456789012:role/team/Deploy_Bot", sessionName: "ci+run=1,x.y@z-w", durationSeconds: 7200),
         "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fteam%2FDeploy_Bot"
            + "&RoleSessionName=ci%2Brun%3D1%2Cx.y%40z-w&DurationSeconds=7200"),
        (AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice", externalID: "Ext:ID/42",
                           serialNumber: "arn:aws:iam::123456789012:mfa/alice", tokenCode: "123456", sourceIdentity: "alice@example.com"),
         "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FProd&RoleSessionName=alice"
            + "&ExternalId=Ext%3AID%2F42&SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Falice&TokenCode=123456"
            + "&SourceIdentity=alice%40example.com"),
        (AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice",
                           tags: [SessionTag(key: "Project", value: "Blue Sky"), SessionTag(key: "Owner", value: "caf\u{E9}~")],
                           transitiveTagKeys: ["Project", "Owner"]),
         "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FProd&RoleSessionName=alice"
            + "&Tags.member.1.Key=Project&Tags.member.1.Value=Blue%20Sky&Tags.member.2.Key=Owner&Tags.member.2.Value=caf%C3%A9~"
            + "&TransitiveTagKeys.member.1=Project&TransitiveTagKeys.member.2=Owner"),
        (AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice",
                           policyARNs: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/Extra"],
                           policy: #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#),
         "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FProd&RoleSessionName=alice"
            + "&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess"
            + "&PolicyArns.member.2.arn=arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2FExtra"
            + "&Policy=%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%7B%22Effect%22%3A%22Allow%22%2C"
            + "%22Action%22%3A%22s3%3A%2A%22%2C%22Resource%22%3A%22%2A%22%7D%5D%7D"),
    ]

    @Test(arguments: assumeRoleBodies)
    func assume_role_posts_every_parameter_form_encoded(request: AssumeRoleRequest, body: String) throws {
        let transport = ScriptedSTSTransport(status: 200, F.assumeRoleAnswer)
        _ = try client(transport).assumeRole(request, credentials: F.source)
        #expect(transport.bodies == [body])
    }

    static let sessionTokenBodies: [(SessionTokenRequest, String)] = [
        (SessionTokenRequest(), "Action=GetSessionToken&Version=2011-06-15"),
        (SessionTokenRequest(durationSeconds: 129600), "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=129600"),
        (SessionTokenRequest(durationSeconds: 3600, serialNumber: "GAHT12345678", tokenCode: "000111"),
         "Action=GetSessionToken&Version=2011-06-15&DurationSeconds=3600&SerialNumber=GAHT12345678&TokenCode=000111"),
    ]

    @Test(arguments: sessionTokenBodies)
    func get_session_token_posts_its_parameters(request: SessionTokenRequest, body: String) throws {
        let transport = ScriptedSTSTransport(status: 200, F.sessionTokenAnswer)
        _ = try client(transport).getSessionToken(request, credentials: F.source)
        #expect(transport.bodies == [body])
    }

    @Test func every_call_is_a_signed_form_post_to_the_endpoint() throws {
        let transport = ScriptedSTSTransport(status: 200, F.callerIdentityAnswer)
        let session = Credentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret-secret", sessionToken: "token-token")
        _ = try client(transport, clock: TestClock(Date(timeIntervalSince1970: 1_700_000_000))).getCallerIdentity(credentials: session)
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://sts.eu-west-1.amazonaws.com/")
        #expect(String(decoding: request.body, as: UTF8.self) == "Action=GetCallerIdentity&Version=2011-06-15")
        let headers = Dictionary(request.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        #expect(headers["content-type"] == "application/x-www-form-urlencoded; charset=utf-8")
        #expect(headers["x-amz-date"] == "20231114T221320Z")
        #expect(headers["x-amz-security-token"] == "token-token")
        #expect(headers["authorization"]?.hasPrefix("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20231114/eu-west-1/sts/aws4_request") == true)
    }

    // MARK: Answers

    @Test func assume_role_answer_becomes_credentials_and_the_assumed_role() throws {
        let transport = ScriptedSTSTransport(status: 200, F.assumeRoleAnswer)
        let role = try client(transport).assumeRole(AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice"), credentials: F.source)
        #expect(role == AssumedRole(
            credentials: Credentials(
                accessKeyID: "ASIAJEXAMPLEXEG2JICEA", secretAccessKey: "9drTJvcXLB89EXAMPLELB8923FB892xMFI",
                sessionToken: "AQoXdzELDDY//////////wEaoAK1wvxJY12r2IrDFT2IvAzTCn3zHoZ7YNtpiQLF0MqZye/qwjzP2iEXAMPLE",
                expiration: Date(timeIntervalSince1970: 1_731_159_281)),
            assumedRoleARN: "arn:aws:sts::123456789012:assumed-role/Prod/alice",
            assumedRoleID: "AROA3XFRBF535PLBIFPI4:alice"))
    }

    @Test func session_token_answer_with_fractional_seconds_becomes_credentials() throws {
        let transport = ScriptedSTSTransport(status: 200, F.sessionTokenAnswer)
        let credentials = try client(transport).getSessionToken(SessionTokenRequest(), credentials: F.source)
        #expect(credentials.accessKeyID == "ASIAIOSFODNN7EXAMPLE")
        #expect(credentials.secretAccessKey == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY")
        #expect(credentials.sessionToken?.hasPrefix("AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/") == true)
        let expiration = try #require(credentials.expiration?.timeIntervalSince1970)
        #expect(abs(expiration - 1_720_727_729.611) < 0.001)
    }

    @Test func caller_identity_answer_becomes_account_arn_and_user_id() throws {
        let transport = ScriptedSTSTransport(status: 200, F.callerIdentityAnswer)
        #expect(try client(transport).getCallerIdentity(credentials: F.source)
            == CallerIdentity(account: "123456789012", arn: "arn:aws:iam::123456789012:user/Alice", userID: "AIDACKCEVSQ6C2EXAMPLE"))
    }

    @Test func an_answer_missing_a_field_is_an_unexpected_response() {
        let transport = ScriptedSTSTransport(status: 200, F.callerIdentityAnswer.replacingOccurrences(of: "<Account>123456789012</Account>", with: ""))
        #expect(throws: STSError.unexpectedResponse(
            action: "GetCallerIdentity", status: 200, reason: "the answer lacks GetCallerIdentityResponse/GetCallerIdentityResult/Account")) {
            try client(transport).getCallerIdentity(credentials: F.source)
        }
    }

    // MARK: Errors

    static let errorShapes: [(Int, String)] = [
        (403, F.errorResponse("AccessDenied", "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Prod")),
        (403, F.errorsResponse("AccessDenied", "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Prod")),
        (403, F.errorsResponse("AccessDenied", "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Prod", root: "Response")),
    ]

    @Test(arguments: errorShapes)
    func both_error_shapes_give_aws_code_and_message_in_one_line(status: Int, body: String) {
        let transport = ScriptedSTSTransport(status: status, body)
        do {
            _ = try client(transport).assumeRole(AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice"), credentials: F.source)
            Issue.record("no error")
        } catch let error as STSError {
            #expect(error.code == "AccessDenied")
            #expect(error.localizedDescription == "STS AssumeRole failed: AccessDenied: User: arn:aws:iam::123456789012:user/alice is not "
                + "authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/Prod "
                + "(check that the role's trust policy allows the source identity to assume it)")
        } catch {
            Issue.record("unexpected \(error)")
        }
        #expect(transport.requests.count == 1)
    }

    static let hints: [(String, String, Int, String, String?)] = [
        ("AssumeRole", "AccessDenied", 403, "Roles may not be assumed by root accounts.", "use an IAM user or role"),
        ("GetCallerIdentity", "AccessDenied", 403, "Access denied.", nil),
        ("AssumeRole", "RegionDisabledException", 403, "STS is not activated in this region for account:123456789012.", "--region or AWS_REGION"),
        ("AssumeRole", "SignatureDoesNotMatch", 403, "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)", "clock may be off"),
        ("AssumeRole", "RequestExpired", 400, "Request has expired.", "clock may be off"),
        ("GetCallerIdentity", "SignatureDoesNotMatch", 403, "The request signature we calculated does not match the signature you provided.", "check the secret access key"),
        ("AssumeRole", "ExpiredToken", 400, "The security token included in the request is expired", "source credentials have expired: refresh them"),
        ("GetCallerIdentity", "InvalidClientTokenId", 403, "The security token included in the request is invalid.", "the access key is not valid"),
        ("AssumeRoleWithWebIdentity", "InvalidIdentityToken", 400, "No OpenIDConnect provider found in your account for https://token.actions.githubusercontent.com", "trust policy allows its issuer"),
        ("AssumeRoleWithWebIdentity", "ExpiredTokenException", 400, "Token expired: current date/time 1700000000 must be before the expiration date/time 1699990000", "has not renewed it"),
        ("AssumeRole", "ValidationError", 400, "1 validation error detected: Value 'x' at 'roleArn' failed to satisfy constraint", nil),
    ]

    @Test(arguments: hints)
    func errors_carry_a_hint_where_one_helps(action: String, code: String, status: Int, message: String, hint: String?) throws {
        let transport = ScriptedSTSTransport(status: status, F.errorResponse(code, message))
        let client = client(transport)
        let error = try #require(throws: STSError.self) {
            if action == "AssumeRole" {
                _ = try client.assumeRole(AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice"), credentials: F.source)
            } else if action == "AssumeRoleWithWebIdentity" {
                _ = try client.assumeRoleWithWebIdentity(WebIdentityRequest(roleARN: F.roleARN, sessionName: "alice", webIdentityToken: "jwt"))
            } else {
                _ = try client.getCallerIdentity(credentials: F.source)
            }
        }
        let description = try #require(error.errorDescription)
        #expect(description.hasPrefix("STS \(action) failed: \(code): \(message)"))
        #expect(!description.contains("\n"))
        if let hint {
            #expect(error.hint?.contains(hint) == true, "\(String(describing: error.hint))")
            #expect(description.hasSuffix(")"))
        } else {
            #expect(error.hint == nil)
        }
    }

    @Test func secrets_echoed_by_a_server_are_redacted_and_messages_fit_one_line() throws {
        let session = Credentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "s3cr3t-key-value", sessionToken: "t0ken-value-123")
        let transport = ScriptedSTSTransport(status: 400, F.errorResponse("ValidationError", "bad\n  request s3cr3t-key-value and t0ken-value-123"))
        let error = try #require(throws: STSError.self) { try client(transport).getCallerIdentity(credentials: session) }
        #expect(error.localizedDescription == "STS GetCallerIdentity failed: ValidationError: bad request [redacted] and [redacted]")
    }

    // Found by Fuzz/STSFuzzer: the XML reader quotes what it could not read, line breaks included.
    @Test func control_characters_quoted_from_an_answer_are_escaped_onto_one_line() throws {
        let transport = ScriptedSTSTransport(status: 200, "<a>&am\r\n\u{1B}[2Jgt;</a>")
        let error = try #require(throws: STSError.self) { try client(transport, jitter: 0).getCallerIdentity(credentials: F.source) }
        #expect(error.localizedDescription.hasPrefix(
            #"STS GetCallerIdentity failed: HTTP 200 with an answer that is not STS's (the body is not XML: malformed XML at byte 3: unknown entity &am\r\n\u{1B}[2Jgt;)"#))
    }

    static let unexpectedBodies: [(Int, String, String)] = [
        (502, "<html><body>Bad Gateway</body></html>", "HTTP 502 with an answer that is not STS's (an XML document <html> where <GetCallerIdentityResponse> was expected)"),
        (200, "{\"not\": \"xml\"}", "HTTP 200 with an answer that is not STS's (the body is not XML: malformed XML at byte 0: text before the root element)"),
        (403, "", "HTTP 403 with an answer that is not STS's (the body is empty)"),
        (400, "<ErrorResponse><Error><Code>Truncated", "HTTP 400 with an answer that is not STS's (the body is not XML: malformed XML at byte 22: <Code> is not closed (truncated document))"),
    ]

    @Test(arguments: unexpectedBodies)
    func a_body_that_is_not_an_sts_answer_fails_clearly_with_the_status(status: Int, body: String, description: String) throws {
        let transport = ScriptedSTSTransport(status: status, body)
        let error = try #require(throws: STSError.self) { try client(transport, jitter: 0).getCallerIdentity(credentials: F.source) }
        #expect(error.localizedDescription.hasPrefix("STS GetCallerIdentity failed: \(description) (check AWS_ENDPOINT_URL_STS"))
        #expect(!error.localizedDescription.contains("AKIAIOSFODNN7EXAMPLE"))
    }

    static let transportFailures: [(HTTPTransportError, String)] = [
        (HTTPTransportError(.connection, "cannot reach sts.eu-west-1.amazonaws.com: Failed to connect to sts.eu-west-1.amazonaws.com port 443"),
         "STS GetCallerIdentity failed: cannot reach sts.eu-west-1.amazonaws.com: Failed to connect to sts.eu-west-1.amazonaws.com port 443 (check the network and any proxy set in HTTPS_PROXY or NO_PROXY)"),
        (HTTPTransportError(.timeout, "request to sts.eu-west-1.amazonaws.com timed out: Operation timed out after 30001 milliseconds"),
         "STS GetCallerIdentity failed: request to sts.eu-west-1.amazonaws.com timed out: Operation timed out after 30001 milliseconds (raise ROLESH_TIMEOUT or ROLESH_CONNECT_TIMEOUT, or check any proxy set in HTTPS_PROXY)"),
        (HTTPTransportError(.tls, "TLS with sts.eu-west-1.amazonaws.com failed: SSL certificate problem: unable to get local issuer certificate"),
         "STS GetCallerIdentity failed: TLS with sts.eu-west-1.amazonaws.com failed: SSL certificate problem: unable to get local issuer certificate (check AWS_CA_BUNDLE and any proxy that intercepts TLS)"),
        (HTTPTransportError(.unavailable, "libcurl.so.4: cannot open shared object file"),
         "STS GetCallerIdentity failed: libcurl.so.4: cannot open shared object file (install libcurl, e.g. apt install libcurl4)"),
    ]

    @Test(arguments: transportFailures)
    func transport_failures_say_what_failed_and_hint_at_timeouts_or_proxy(failure: HTTPTransportError, description: String) throws {
        let transport = ScriptedSTSTransport([.failure(failure)])
        let error = try #require(throws: STSError.self) { try client(transport).getCallerIdentity(credentials: F.source) }
        #expect(error.localizedDescription == description)
    }

    // MARK: Validation before any request

    static let invalidRequests: [(AssumeRoleRequest, String)] = [
        (AssumeRoleRequest(roleARN: "Prod", sessionName: "alice"), "\"Prod\" is not a role ARN: expected arn:aws:iam::123456789012:role/NAME"),
        (AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice smith"), "role session name \"alice smith\" may only use letters, digits and + = , . @ _ -"),
        (AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice", durationSeconds: 60), "duration 60 s is outside AssumeRole's 900-43200 s (15m to 12h)"),
        (AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice", tokenCode: "123456"), "an MFA code needs the MFA device's serial number (--mfa-serial)"),
        (AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice", tags: (1...51).map { SessionTag(key: "k\($0)", value: "v") }),
         "at most 50 session tags are allowed, 51 given"),
    ]

    @Test(arguments: invalidRequests)
    func invalid_requests_fail_before_anything_is_sent(request: AssumeRoleRequest, message: String) {
        let transport = ScriptedSTSTransport(status: 200, F.assumeRoleAnswer)
        #expect(throws: STSError.invalidInput(message)) { try client(transport).assumeRole(request, credentials: F.source) }
        #expect(transport.requests.isEmpty)
    }

    @Test func chained_sessions_and_session_tokens_are_checked_before_sending() {
        let transport = ScriptedSTSTransport(status: 200, F.sessionTokenAnswer)
        #expect(throws: STSError.self) {
            try client(transport).assumeRole(AssumeRoleRequest(roleARN: F.roleARN, sessionName: "alice", durationSeconds: 7200),
                                             credentials: F.source, isRoleChain: true)
        }
        #expect(throws: STSError.invalidInput("duration 129601 s is outside GetSessionToken's 900-129600 s (15m to 36h)")) {
            try client(transport).getSessionToken(SessionTokenRequest(durationSeconds: 129601), credentials: F.source)
        }
        #expect(throws: STSError.tokenCodeRequired(serialNumber: "arn:aws:iam::123456789012:mfa/alice")) {
            try client(transport).getSessionToken(SessionTokenRequest(serialNumber: "arn:aws:iam::123456789012:mfa/alice"), credentials: F.source)
        }
        #expect(transport.requests.isEmpty)
    }

    // MARK: Retries

    @Test func throttling_twice_then_success_succeeds_on_the_third_request_each_signed_afresh() throws {
        let throttled = F.status(400, F.errorResponse("Throttling", "Rate exceeded"))
        let transport = ScriptedSTSTransport([throttled, throttled, F.ok(F.callerIdentityAnswer)])
        let clock = TestClock(step: 1)
        let identity = try client(transport, clock: clock).getCallerIdentity(credentials: F.source)
        #expect(identity.account == "123456789012")
        #expect(transport.requests.count == 3)
        let dates = transport.requests.map { $0.headers.first { $0.name == "X-Amz-Date" }?.value }
        #expect(Set(dates).count == 3, "every attempt carries its own signature time: \(dates)")
        #expect(clock.sleeps.count == 2)
    }

    @Test(arguments: [
        F.status(500, F.errorResponse("InternalFailure", "An internal error occurred", type: "Receiver")),
        F.status(503, "<html>Service Unavailable</html>"),
        F.status(400, F.errorsResponse("ThrottlingException", "Rate exceeded")),
        F.status(400, F.errorResponse("RequestLimitExceeded", "Request limit exceeded.")),
        Result<HTTPResponse, HTTPTransportError>.failure(HTTPTransportError(.connection, "Connection reset by peer")),
    ])
    func retryable_failure_then_success_succeeds(first: Result<HTTPResponse, HTTPTransportError>) throws {
        let transport = ScriptedSTSTransport([first, F.ok(F.callerIdentityAnswer)])
        _ = try client(transport).getCallerIdentity(credentials: F.source)
        #expect(transport.requests.count == 2)
    }

    @Test(arguments: [
        F.status(403, F.errorResponse("AccessDenied", "denied")),
        F.status(400, F.errorResponse("ValidationError", "bad")),
        F.status(404, "<html>Not Found</html>"),
        Result<HTTPResponse, HTTPTransportError>.failure(HTTPTransportError(.tls, "certificate verify failed")),
        Result<HTTPResponse, HTTPTransportError>.failure(HTTPTransportError(.unavailable, "libcurl.so.4 not found")),
    ])
    func client_errors_and_tls_failures_are_not_retried(first: Result<HTTPResponse, HTTPTransportError>) {
        let transport = ScriptedSTSTransport([first, F.ok(F.callerIdentityAnswer)])
        #expect(throws: STSError.self) { try client(transport).getCallerIdentity(credentials: F.source) }
        #expect(transport.requests.count == 1)
    }

    @Test func retries_stop_after_max_attempts_with_the_last_error() {
        let transport = ScriptedSTSTransport([F.status(500, F.errorResponse("InternalFailure", "boom", type: "Receiver"))])
        #expect(throws: STSError.service(action: "GetCallerIdentity", status: 500, code: "InternalFailure", message: "boom")) {
            try client(transport).getCallerIdentity(credentials: F.source)
        }
        #expect(transport.requests.count == 3)
    }

    @Test(arguments: [0.0, 0.5, 0.999])
    func backoff_is_full_jitter_within_exponential_bounds(jitter: Double) {
        let clock = TestClock()
        let transport = ScriptedSTSTransport([F.status(400, F.errorResponse("Throttling", "Rate exceeded"))])
        let client = STSClient(transport: transport, endpoint: F.endpoint, maxAttempts: 6,
                               sleep: { clock.sleep($0) }, now: { clock.now() }, jitter: { jitter })
        #expect(throws: STSError.self) { try client.getCallerIdentity(credentials: F.source) }
        let ceilings = [0.2, 0.4, 0.8, 1.6, 2.0]
        #expect(clock.sleeps.count == 5)
        for (slept, ceiling) in zip(clock.sleeps, ceilings) {
            #expect(slept >= 0 && slept < ceiling)
            #expect(abs(slept - jitter * ceiling) < 1e-9)
        }
    }

    @Test func a_timeout_is_retried_once_within_the_total_budget() {
        let clock = TestClock()
        let transport = ScriptedSTSTransport([.failure(HTTPTransportError(.timeout, "Connection timed out after 5000 milliseconds"))])
        #expect(throws: STSError.self) { try client(transport, clock: clock).getCallerIdentity(credentials: F.source) }
        #expect(transport.requests.count == 2)
        #expect(transport.timeouts.first == HTTPTimeouts(connect: 5, total: 30))
    }

    @Test func the_total_timeout_bounds_the_whole_call_including_retries() {
        let clock = TestClock()
        let transport = TimeConsumingTransport(clock: clock, secondsPerRequest: 0.8)
        let client = STSClient(transport: transport, endpoint: F.endpoint, timeouts: HTTPTimeouts(connect: 5, total: 2),
                               sleep: { clock.sleep($0) }, now: { clock.now() }, jitter: { 0 })
        #expect(throws: STSError.self) { try client.getCallerIdentity(credentials: F.source) }
        // 0.8 s used, 1.2 s left: a second try with the rest; 0.4 s left is under the minimum.
        let budgets = transport.budgets
        #expect(budgets.count == 2)
        #expect(budgets.first == HTTPTimeouts(connect: 2, total: 2))
        #expect(abs((budgets.last?.total ?? 0) - 1.2) < 1e-6 && abs((budgets.last?.connect ?? 0) - 1.2) < 1e-6)
    }
}

/// Fails every request with a 503 after letting `secondsPerRequest` pass on the clock.
final class TimeConsumingTransport: HTTPTransport, @unchecked Sendable {
    private let clock: TestClock
    private let secondsPerRequest: Double
    private let lock = NSLock()
    private var seen: [HTTPTimeouts] = []

    init(clock: TestClock, secondsPerRequest: Double) {
        self.clock = clock
        self.secondsPerRequest = secondsPerRequest
    }

    var budgets: [HTTPTimeouts] { lock.withLock { seen } }

    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse {
        lock.withLock { seen.append(timeouts) }
        clock.advance(secondsPerRequest)
        return HTTPResponse(status: 503, body: Array(STSFixtures.errorResponse("ServiceUnavailable", "busy", type: "Receiver").utf8))
    }
}

@Suite struct STSClientSecrecyTests {
    @Test(arguments: [
        "<s3cr3tKeyValue1234>", "<a>&s3cr3tKe;</a>", "<ErrorResponse><Error><Code>X</Code><Message>s3cr3tKeyValue1234</Message></Error></ErrorResponse>",
    ])
    func a_server_echoing_the_secret_never_gets_it_into_the_message(body: String) throws {
        let credentials = Credentials(accessKeyID: "AKIAEXAMPLE", secretAccessKey: "s3cr3tKeyValue1234")
        let transport = ScriptedSTSTransport(status: 400, body.replacingOccurrences(of: "s3cr3tKe;", with: "s3cr3tKeyValue1234;"))
        let client = STSClient(transport: transport, endpoint: STSFixtures.endpoint, sleep: { _ in })
        let error = try #require(throws: STSError.self) { try client.getCallerIdentity(credentials: credentials) }
        #expect(!error.localizedDescription.contains("s3cr3tKeyValue1234"), "\(error.localizedDescription)")
    }
}

@Test func a_secret_that_a_combining_mark_follows_is_still_redacted() {
    let credentials = Credentials(accessKeyID: "AKIA", secretAccessKey: "SECRETSECRET", sessionToken: "TOKENTOKENTOKEN")
    let message = "denied for SECRETSECRET\u{301} and TOKENTOKENTOKEN."
    let redacted = STSClient.redacting(credentials, from: message)
    #expect(!redacted.contains("SECRETSECRET"))
    #expect(!redacted.utf8.elementsEqual(message.utf8))
    #expect(redacted == "denied for [redacted]\u{301} and [redacted].")
}

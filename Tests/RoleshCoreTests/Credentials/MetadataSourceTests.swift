// The metadata and web identity sources in-process, against scripted transports: the IMDS
// settings and botocore's fallback rules, the container endpoint's URL, host rule and token,
// and the web identity token read afresh at every fetch.
import Foundation
@testable import RoleshCore
import Testing

private func context(_ transport: any HTTPTransport, _ environment: [String: String] = [:], now: @escaping @Sendable () -> Date = { Date() }) -> RoleshContext {
    RoleshContext(environment: environment, transport: transport, now: now, terminal: NoTerminal(), standardError: { _ in })
}

private func retrieval(_ transport: any HTTPTransport, budget: HTTPTimeouts? = nil) -> Retrieval {
    Retrieval(context: context(transport), interaction: Interaction(mayAsk: false, maySignIn: false, networkBudget: budget), role: "r")
}

private func answer(_ status: Int, _ body: String = "") -> Result<HTTPResponse, HTTPTransportError> {
    .success(HTTPResponse(status: status, body: Array(body.utf8)))
}

private let document = """
    {
      "Code" : "Success",
      "LastUpdated" : "2026-12-02T10:00:00Z",
      "Type" : "AWS-HMAC",
      "AccessKeyId" : "ASIAEXAMPLE",
      "SecretAccessKey" : "secret",
      "Token" : "session",
      "Expiration" : "2026-12-02T16:00:00Z"
    }
    """

private func instance(_ environment: [String: String] = [:], profile: [String: String] = [:]) -> InstanceMetadata {
    InstanceMetadata(profile: "box", environment: environment, profileSettings: profile)
}

// MARK: IMDS settings

struct SettingsCase: Sendable, CustomTestStringConvertible {
    var label: String
    var environment: [String: String] = [:]
    var profile: [String: String] = [:]
    var endpoint: String
    var timeout: Double = 1
    var attempts = 1
    var v1Disabled = false
    var testDescription: String { label }
}

private let settingsCases: [SettingsCase] = [
    .init(label: "the SDKs' defaults", endpoint: "http://169.254.169.254/"),
    .init(label: "IPv6 mode, any case", environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"], endpoint: "http://[fd00:ec2::254]/"),
    .init(label: "the profile's mode", profile: ["ec2_metadata_service_endpoint_mode": "ipv6"], endpoint: "http://[fd00:ec2::254]/"),
    .init(label: "the variable's mode over the profile's", environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv4"],
          profile: ["ec2_metadata_service_endpoint_mode": "ipv6"], endpoint: "http://169.254.169.254/"),
    .init(label: "imds_use_ipv6 where no mode is set", profile: ["imds_use_ipv6": "True"], endpoint: "http://[fd00:ec2::254]/"),
    .init(label: "an endpoint wins over the mode", environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://10.0.0.1:1338",
                                                                  "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"],
          endpoint: "http://10.0.0.1:1338"),
    .init(label: "the profile's endpoint", profile: ["ec2_metadata_service_endpoint": "http://[::1]:80/"], endpoint: "http://[::1]:80/"),
    .init(label: "timeout and attempts from the variables", environment: ["AWS_METADATA_SERVICE_TIMEOUT": "3",
                                                                          "AWS_METADATA_SERVICE_NUM_ATTEMPTS": "2"],
          profile: ["metadata_service_timeout": "9"], endpoint: "http://169.254.169.254/", timeout: 3, attempts: 2),
    .init(label: "timeout and attempts from the profile", profile: ["metadata_service_timeout": "5", "metadata_service_num_attempts": "4"],
          endpoint: "http://169.254.169.254/", timeout: 5, attempts: 4),
    .init(label: "v1 disabled by the profile", profile: ["ec2_metadata_v1_disabled": "TRUE"], endpoint: "http://169.254.169.254/", v1Disabled: true),
    .init(label: "the variable's false over the profile's true", environment: ["AWS_EC2_METADATA_V1_DISABLED": "false"],
          profile: ["ec2_metadata_v1_disabled": "true"], endpoint: "http://169.254.169.254/"),
]

@Test(arguments: settingsCases)
func instance_metadata_settings_read_as_botocore_reads_them(_ case: SettingsCase) throws {
    let settings = try InstanceMetadataSettings(environment: `case`.environment, profile: `case`.profile)
    #expect(settings.endpoint == `case`.endpoint)
    #expect(settings.timeout == `case`.timeout)
    #expect(settings.attempts == `case`.attempts)
    #expect(settings.v1Disabled == `case`.v1Disabled)
}

@Test(arguments: [
    (["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "ipv5"], "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE = \"ipv5\" is not valid: IPv4 or IPv6"),
    (["AWS_METADATA_SERVICE_TIMEOUT": "soon"], "AWS_METADATA_SERVICE_TIMEOUT = \"soon\" is not valid: a number of seconds, e.g. 1"),
    (["AWS_METADATA_SERVICE_NUM_ATTEMPTS": "0"], "AWS_METADATA_SERVICE_NUM_ATTEMPTS = \"0\" is not valid: a whole number of attempts, e.g. 1"),
    (["AWS_EC2_METADATA_SERVICE_ENDPOINT": "169.254.169.254"],
     "AWS_EC2_METADATA_SERVICE_ENDPOINT = \"169.254.169.254\" is not valid: an http:// or https:// URL with a host"),
])
func bad_instance_metadata_settings_are_named(environment: [String: String], message: String) {
    #expect(throws: MetadataServiceError.self) { try InstanceMetadataSettings(environment: environment, profile: [:]) }
    do {
        _ = try InstanceMetadataSettings(environment: environment, profile: [:])
    } catch {
        #expect(error.localizedDescription == message)
    }
}

// MARK: IMDS requests

@Test func imds_v2_puts_a_token_then_gets_the_role_and_its_credentials_with_it() throws {
    let transport = ScriptedSTSTransport([answer(200, "TOKEN"), answer(200, "Ops"), answer(200, document)])
    let credentials = try instance(["AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://127.0.0.1:1338"])
        .credentials(retrieval(transport)).credentials
    #expect(credentials == Credentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "session",
                                       expiration: parseTimestamp("2026-12-02T16:00:00Z")))
    let requests = transport.requests
    #expect(requests.map { "\($0.method) \($0.url)" } == [
        "PUT http://127.0.0.1:1338/latest/api/token",
        "GET http://127.0.0.1:1338/latest/meta-data/iam/security-credentials/",
        "GET http://127.0.0.1:1338/latest/meta-data/iam/security-credentials/Ops",
    ])
    #expect(requests[0].headers.map { [$0.name, $0.value] } == [["x-aws-ec2-metadata-token-ttl-seconds", "21600"]])
    #expect(requests[1...].allSatisfy { $0.headers.map { [$0.name, $0.value] } == [["x-aws-ec2-metadata-token", "TOKEN"]] })
    // One second per request, the SDKs' default.
    #expect(transport.timeouts.allSatisfy { $0 == HTTPTimeouts(connect: 1, total: 1) })
}

@Test(arguments: [403, 404, 405])
func a_refused_token_falls_back_to_imds_v1_as_botocore_does(status: Int) throws {
    let transport = ScriptedSTSTransport([answer(status), answer(200, "Ops"), answer(200, document)])
    _ = try instance().credentials(retrieval(transport))
    #expect(transport.requests.dropFirst().allSatisfy { $0.headers.isEmpty })
    #expect(transport.requests.count == 3)
}

@Test func a_token_put_that_times_out_falls_back_to_imds_v1() throws {
    let transport = ScriptedSTSTransport([.failure(HTTPTransportError(.timeout, "timed out")), answer(200, "Ops"), answer(200, document)])
    _ = try instance().credentials(retrieval(transport))
    #expect(transport.requests.count == 3)
}

@Test(arguments: [
    (["AWS_EC2_METADATA_V1_DISABLED": "true"], [String: String]()),
    ([String: String](), ["ec2_metadata_v1_disabled": "true"]),
])
func no_token_and_v1_disabled_fails_before_any_get(environment: [String: String], profile: [String: String]) {
    let transport = ScriptedSTSTransport([answer(403), answer(200, "Ops")])
    #expect(throws: MetadataServiceError.instanceMetadataV1Disabled(url: "http://169.254.169.254/latest/api/token")) {
        try instance(environment, profile: profile).credentials(retrieval(transport))
    }
    #expect(transport.requests.count == 1)
}

@Test func a_malformed_token_request_is_not_retried_without_a_token() {
    let transport = ScriptedSTSTransport([answer(400), answer(200, "Ops")])
    #expect(throws: MetadataServiceError.self) { try instance().credentials(retrieval(transport)) }
    #expect(transport.requests.count == 1)
}

@Test func a_refused_session_token_is_reported_with_the_status_and_why() {
    let transport = ScriptedSTSTransport([answer(200, "TOKEN"), answer(401, "<html>401 - Unauthorized</html>")])
    do {
        _ = try instance(["AWS_METADATA_SERVICE_NUM_ATTEMPTS": "2"]).credentials(retrieval(transport))
        Issue.record("no error")
    } catch {
        #expect(error.localizedDescription == "the EC2 instance metadata service at "
            + "http://169.254.169.254/latest/meta-data/iam/security-credentials/ answered HTTP 401; "
            + "it refused the session token (expired, or from another instance)")
    }
    // Two attempts at the GET, as configured.
    #expect(transport.requests.count == 3)
}

@Test func an_instance_without_a_role_says_to_attach_one() {
    let transport = ScriptedSTSTransport([answer(200, "TOKEN"), answer(404, "Not Found")])
    #expect(throws: MetadataServiceError.refused(service: "EC2 instance metadata service",
                                                 url: "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
                                                 status: 404, hint: "no IAM role is attached to this instance; attach an instance profile")) {
        try instance().credentials(retrieval(transport))
    }
}

@Test func an_unreachable_service_says_how_long_rolesh_waited_and_which_variables_change_it() {
    let clock = TestClock(step: 0.5)
    let transport = ScriptedSTSTransport([.failure(HTTPTransportError(.connection, "cannot reach 169.254.169.254: No route to host"))])
    let retrieval = Retrieval(context: context(transport, now: clock.now), interaction: .unattended, role: "r")
    do {
        _ = try instance(["AWS_METADATA_SERVICE_NUM_ATTEMPTS": "3"]).credentials(retrieval)
        Issue.record("no error")
    } catch {
        let message = error.localizedDescription
        #expect(message.hasPrefix("no answer from the EC2 instance metadata service at http://169.254.169.254/latest/api/token after "))
        #expect(message.contains(" s (3 attempts: cannot reach 169.254.169.254: No route to host); "))
        #expect(message.hasSuffix("AWS_METADATA_SERVICE_TIMEOUT and AWS_METADATA_SERVICE_NUM_ATTEMPTS wait longer, "
                                  + "AWS_EC2_METADATA_SERVICE_ENDPOINT points elsewhere"))
    }
    // Refused on every attempt: no IMDSv1 GET to the same closed port.
    #expect(transport.requests.map(\.method) == ["PUT", "PUT", "PUT"])
}

@Test func imds_requests_stay_within_the_refresh_budget() throws {
    let transport = ScriptedSTSTransport([answer(200, "TOKEN"), answer(200, "Ops"), answer(200, document)])
    _ = try instance(["AWS_METADATA_SERVICE_TIMEOUT": "10"]).credentials(retrieval(transport, budget: HTTPTimeouts(connect: 0.3, total: 0.8)))
    #expect(transport.timeouts.allSatisfy { $0.total <= 0.8 && $0.connect <= 0.3 })
}

@Test func metadata_disabled_makes_no_request() {
    let transport = ScriptedSTSTransport([answer(200, "TOKEN")])
    #expect(throws: MetadataServiceError.instanceMetadataDisabled(profile: "box")) {
        try instance(["AWS_EC2_METADATA_DISABLED": "True"]).credentials(retrieval(transport))
    }
    #expect(transport.requests.isEmpty)
}

@Test func an_imds_error_document_is_quoted() {
    let transport = ScriptedSTSTransport([answer(200, "TOKEN"), answer(200, "Ops"),
                                          answer(200, #"{"Code": "AssumeRoleUnauthorizedAccess", "Message": "EC2 cannot assume the role Ops."}"#)])
    #expect(throws: MetadataServiceError.badAnswer(service: "EC2 instance metadata service",
                                                   reason: "it answered AssumeRoleUnauthorizedAccess: EC2 cannot assume the role Ops.")) {
        try instance().credentials(retrieval(transport))
    }
}

@Test func identities_tell_endpoints_apart_without_a_request() throws {
    #expect(try instance().identity() != instance(["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"]).identity())
    #expect(try ContainerCredentials(profile: "t", environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/a"]).identity()
            != ContainerCredentials(profile: "t", environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/b"]).identity())
    let tokened = ContainerCredentials(profile: "t", environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/c",
                                                                    "AWS_CONTAINER_AUTHORIZATION_TOKEN": "very-secret-token"])
    #expect(try !tokened.identity().contains("very-secret-token"))
}

// MARK: Container endpoint

@Test func a_relative_uri_is_fetched_from_the_ecs_host_and_wins_over_a_full_uri() throws {
    let transport = ScriptedSTSTransport([answer(200, document)])
    let source = ContainerCredentials(profile: "t", environment: [
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/5f3a?x=1",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:8080/other",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN": "Basic abc",
    ])
    _ = try source.credentials(retrieval(transport))
    let request = try #require(transport.requests.first)
    #expect(request.url == "http://169.254.170.2/v2/credentials/5f3a?x=1")
    #expect(request.direct)
    #expect(request.headers.map { [$0.name, $0.value] } == [["Accept", "application/json"], ["Authorization", "Basic abc"]])
    #expect(transport.timeouts == [HTTPTimeouts(connect: 2, total: 2)])
}

@Test func the_token_file_wins_over_the_token_and_is_read_at_every_fetch() throws {
    let folder = try TestFolder()
    try folder.write("token", "first")
    let file = folder.path + "/token"
    let transport = ScriptedSTSTransport([answer(200, document)])
    let source = ContainerCredentials(profile: "t", environment: [
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://localhost:1/c", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "variable",
        "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": file,
    ])
    _ = try source.credentials(retrieval(transport))
    try folder.write("token", "second")
    _ = try source.credentials(retrieval(transport))
    #expect(transport.requests.map { $0.headers.last?.value } == ["first", "second"])
}

@Test func a_token_with_a_line_break_is_refused_before_any_request() {
    let transport = ScriptedSTSTransport([answer(200, document)])
    let source = ContainerCredentials(profile: "t", environment: [
        "AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/c", "AWS_CONTAINER_AUTHORIZATION_TOKEN": "a\r\nX-Injected: 1",
    ])
    #expect(throws: MetadataServiceError.self) { try source.credentials(retrieval(transport)) }
    #expect(transport.requests.isEmpty)
}

@Test func a_failing_endpoint_is_tried_three_times_a_second_apart() {
    let clock = TestClock()
    let transport = ScriptedSTSTransport([answer(500, "busy")])
    var source = ContainerCredentials(profile: "t", environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/c"])
    source.sleep = { clock.sleep($0) }
    let retrieval = Retrieval(context: context(transport, now: clock.now), interaction: .unattended, role: "r")
    #expect(throws: MetadataServiceError.refused(service: "container credentials endpoint", url: "http://127.0.0.1:1/c",
                                                 status: 500, hint: "it said: busy")) {
        try source.credentials(retrieval)
    }
    #expect(transport.requests.count == 3)
    #expect(clock.sleeps == [1, 1])
}

@Test func container_requests_and_pauses_stay_within_the_refresh_budget() {
    let clock = TestClock()
    let transport = ScriptedSTSTransport([answer(500, "busy")])
    var source = ContainerCredentials(profile: "t", environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": "http://127.0.0.1:1/c"])
    source.sleep = { clock.sleep($0) }
    let retrieval = Retrieval(context: context(transport, now: clock.now),
                              interaction: Interaction(mayAsk: false, maySignIn: false, networkBudget: HTTPTimeouts(connect: 0.5, total: 1.5)),
                              role: "r")
    #expect(throws: MetadataServiceError.self) { try source.credentials(retrieval) }
    #expect(transport.timeouts.allSatisfy { $0.total <= 1.5 && $0.connect <= 0.5 })
    // The first pause (1 s) leaves half a second: the second attempt gets only that, and no third.
    #expect(transport.timeouts.map(\.total) == [1.5, 0.5])
    #expect(clock.sleeps == [1])
}

@Test func an_unreachable_container_endpoint_says_how_long_rolesh_waited() {
    let clock = TestClock()
    let transport = ScriptedSTSTransport([.failure(HTTPTransportError(.timeout, "request to 169.254.170.2 timed out"))])
    var source = ContainerCredentials(profile: "t", environment: ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "/v2/credentials/x"])
    source.sleep = { clock.sleep($0) }
    do {
        _ = try source.credentials(Retrieval(context: context(transport, now: clock.now), interaction: .unattended, role: "r"))
        Issue.record("no error")
    } catch {
        #expect(error.localizedDescription == "no answer from the container credentials endpoint at http://169.254.170.2/v2/credentials/x "
            + "after 2.0 s (3 attempts: request to 169.254.170.2 timed out); rolesh is not in the container the variables were set for, "
            + "or its agent is down; AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or AWS_CONTAINER_CREDENTIALS_FULL_URI point elsewhere")
    }
}

@Test func no_container_variables_say_which_to_set() {
    #expect(throws: MetadataServiceError.containerNotConfigured(profile: "t")) {
        try ContainerCredentials(profile: "t", environment: [:]).credentials(retrieval(ScriptedSTSTransport([answer(200)])))
    }
}

@Test(arguments: [
    ("http://127.0.0.1:8080/creds", true), ("http://127.9.9.9/x", true), ("http://[::1]:80/x", true),
    ("http://[0:0:0:0:0:0:0:1]/x", true), ("http://localhost:1/x", true), ("http://LOCALHOST/x", true),
    ("http://169.254.170.2/v2", true), ("http://169.254.170.23/v1/credentials", true), ("http://[fd00:ec2::23]/x", true),
    ("https://creds.example.com/x", true), ("HTTPS://creds.example.com/x", true),
    ("http://example.com/x", false), ("http://169.254.169.254/x", false), ("http://localhost.example.com/x", false),
    ("http://127.0.0.01/x", false), ("http://user@evil.example@127.0.0.1/x", true), ("http://127.0.0.1@evil.example/x", false),
    ("http://[::2]/x", false), ("http://10.0.0.1/x", false), ("ftp://127.0.0.1/x", true),
])
func full_uris_name_only_hosts_botocore_accepts(url: String, allowed: Bool) {
    #expect(ContainerCredentials.mayFetch(from: url) == allowed)
}

// MARK: Web identity

@Test func the_web_identity_token_is_read_at_every_fetch_and_sent_unsigned() throws {
    let folder = try TestFolder()
    try folder.write("token", "first.jwt")
    let file = folder.path + "/token"
    let transport = ScriptedSTSTransport(status: 200, """
        <AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials><AccessKeyId>A</AccessKeyId>\
        <SecretAccessKey>S</SecretAccessKey><SessionToken>T</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration>\
        </Credentials><AssumedRoleUser><Arn>arn</Arn><AssumedRoleId>id</AssumedRoleId></AssumedRoleUser>\
        </AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>
        """)
    let sts = STSConnection { STSClient(transport: transport, endpoint: STSEndpoint(url: "https://sts.us-east-1.amazonaws.com", signingRegion: "us-east-1")) }
    let source = WebIdentity(profile: "ci", roleARN: "arn:aws:iam::111111111111:role/CI", tokenFile: file, sessionName: "gha").calling(sts)
    let identity = source.identity()
    _ = try source.credentials(retrieval(transport))
    try folder.write("token", "second.jwt")
    let credentials = try source.credentials(retrieval(transport)).credentials
    #expect(credentials.accessKeyID == "A")
    #expect(transport.bodies.map { $0.contains("WebIdentityToken=first.jwt") } == [true, false])
    #expect(transport.bodies.last?.hasSuffix("&WebIdentityToken=second.jwt") == true)
    #expect(transport.requests.allSatisfy { !$0.headers.contains { ["authorization", "x-amz-date"].contains($0.name.lowercased()) } })
    // A rotated token is the same identity: its cached credentials stay good.
    #expect(source.identity() == identity)
}

@Test func a_missing_token_file_names_the_file_and_where_it_was_set() {
    let source = WebIdentity(profile: "ci", roleARN: "arn:aws:iam::111111111111:role/CI", tokenFile: "/nonexistent/token", sessionName: "gha")
        .calling(STSConnection { STSClient(transport: ScriptedSTSTransport([answer(500)]), endpoint: STSEndpoint(url: "https://x", signingRegion: "us-east-1")) })
    do {
        _ = try source.credentials(retrieval(ScriptedSTSTransport([answer(500)])))
        Issue.record("no error")
    } catch {
        #expect(error.localizedDescription.hasPrefix(
            "cannot read the web identity token file /nonexistent/token (web_identity_token_file of profile \"ci\"): "))
    }
}

@Test func the_variables_override_the_selected_profile_key_by_key() throws {
    let profile = ["role_arn": "arn:profile", "web_identity_token_file": "/profile/token", "role_session_name": "profile-name"]
    let mixed = try #require(try WebIdentity.fromEnvironment(["AWS_WEB_IDENTITY_TOKEN_FILE": "/env/token", "AWS_ROLE_SESSION_NAME": "env-name"],
                                                              profileEntries: profile, defaultSessionName: "user"))
    #expect([mixed.roleARN, mixed.tokenFile, mixed.sessionName] == ["arn:profile", "/env/token", "env-name"])
    #expect(mixed.profile.isEmpty)
    #expect(try WebIdentity.fromEnvironment(["AWS_ROLE_ARN": "arn:env"], profileEntries: profile, defaultSessionName: "user") == nil)
    #expect(throws: ConfigError.webIdentityWithoutRoleARN(profile: "")) {
        try WebIdentity.fromEnvironment(["AWS_WEB_IDENTITY_TOKEN_FILE": "/env/token"], profileEntries: [:], defaultSessionName: "user")
    }
    let defaulted = try WebIdentity.fromEnvironment(["AWS_WEB_IDENTITY_TOKEN_FILE": "/t", "AWS_ROLE_ARN": "arn:env"], profileEntries: [:],
                                                    defaultSessionName: "user")
    #expect(defaulted?.sessionName == "user")
}

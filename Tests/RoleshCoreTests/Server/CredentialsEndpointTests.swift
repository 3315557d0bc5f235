// The pure parts of `exec --server`: what the endpoint answers to which request, when
// credentials are renewed, and the child's config files without credential sources.
import FoundationEssentials
import Testing
@testable import RoleshCore

private let token = "0123456789abcdef"
private let now = Date(timeIntervalSince1970: 1_800_000_000)
private let credentials = Credentials(accessKeyID: "ASIAEXAMPLE", secretAccessKey: "secret", sessionToken: "session",
                                      expiration: now.addingTimeInterval(3600))

private func request(_ head: String) -> EndpointRequest? {
    EndpointRequest(head: Array(head.utf8))
}

private func status(_ head: String, answer: EndpointAnswer = .credentials(credentials)) -> Int {
    endpointResponse(to: request(head), path: "/rolesh/credentials", token: token, now: now) { answer }.status
}

@Test func endpoint_request_reads_the_request_line_and_the_authorization_header() {
    let read = request("GET /rolesh/credentials HTTP/1.1\r\nHost: x\r\nauthorization:  \(token) \r\n")
    #expect(read?.method == "GET" && read?.path == "/rolesh/credentials" && read?.authorization == token)
    // Bare LF lines, a query, no header.
    #expect(request("GET /rolesh/credentials?x=1 HTTP/1.0\n")?.path == "/rolesh/credentials")
    #expect(request("GET /rolesh/credentials HTTP/1.1\r\n")?.authorization == nil)
    // Not HTTP/1.x, no path, or two tokens: nothing to answer but 400.
    for head in ["GET /rolesh/credentials\r\n", "GET rolesh HTTP/1.1\r\n", "\r\n",
                 "GET / HTTP/1.1\r\nAuthorization: a\r\nAuthorization: b\r\n"] {
        #expect(request(head) == nil, "\(head)")
    }
}

@Test(arguments: [
    ("GET /rolesh/credentials HTTP/1.1\r\nAuthorization: \(token)\r\n", 200),
    ("GET /rolesh/credentials HTTP/1.1\r\nAuthorization: \(token)x\r\n", 403),
    ("GET /rolesh/credentials HTTP/1.1\r\nAuthorization: 0123456789abcdeF\r\n", 403),
    ("GET /rolesh/credentials HTTP/1.1\r\nAuthorization: Bearer \(token)\r\n", 403),
    ("GET /rolesh/credentials HTTP/1.1\r\n", 403),
    ("GET / HTTP/1.1\r\nAuthorization: \(token)\r\n", 404),
    ("GET /rolesh/credentials/ HTTP/1.1\r\nAuthorization: \(token)\r\n", 404),
    ("POST /rolesh/credentials HTTP/1.1\r\nAuthorization: \(token)\r\n", 405),
    ("nonsense", 400),
])
func endpoint_answers_its_token_on_its_path_only(head: String, expected: Int) {
    #expect(status(head) == expected)
}

@Test func endpoint_answers_the_sdks_container_format_or_an_error_they_report() throws {
    let head = "GET /rolesh/credentials HTTP/1.1\r\nAuthorization: \(token)\r\n"
    let good = endpointResponse(to: request(head), path: "/rolesh/credentials", token: token, now: now) { .credentials(credentials) }
    let fields = try #require(JSONValue(parsing: Array(good.body.utf8)))
    #expect(fields["AccessKeyId"]?.string == "ASIAEXAMPLE" && fields["SecretAccessKey"]?.string == "secret")
    #expect(fields["Token"]?.string == "session" && fields["Expiration"]?.string == "2027-01-15T09:00:00Z")

    let failed = endpointResponse(to: request(head), path: "/rolesh/credentials", token: token, now: now) {
        .unavailable("renewing needs an MFA code")
    }
    #expect(failed.status == 500)
    let error = try #require(JSONValue(parsing: Array(failed.body.utf8)))
    #expect(error["code"]?.string == "CredentialsUnavailable" && error["message"]?.string == "renewing needs an MFA code")
}

@Test func token_comparison_needs_every_byte() {
    #expect(constantTimeEqual(token, token))
    #expect(!constantTimeEqual(token, String(token.dropLast()) + "0"))
    #expect(!constantTimeEqual(token, String(token.dropLast())))
    #expect(!constantTimeEqual("", token))
}

@Test(arguments: [
    // New credentials of an hour: 20 minutes before they expire, before the SDKs' 15.
    (3600.0, false, 2400.0),
    // Of 30 minutes (less than twice the lead): halfway.
    (1800.0, false, 900.0),
    // From the cache, 25 minutes left: how long they lived is unknown, the lead holds.
    (1500.0, true, 300.0),
])
func credentials_are_renewed_before_the_sdks_refresh_windows(life: Double, reused: Bool, renewedAfter: Double) {
    let renewed = Renewed(credentials: Credentials(accessKeyID: "A", secretAccessKey: "S", expiration: now.addingTimeInterval(life)),
                          reused: reused)
    #expect(RenewingCredentials.renewalTime(of: renewed, at: now) == now.addingTimeInterval(renewedAfter))
}

@Test func keys_without_an_expiry_are_never_renewed() {
    let renewed = Renewed(credentials: Credentials(accessKeyID: "A", secretAccessKey: "S"), reused: false)
    #expect(RenewingCredentials.renewalTime(of: renewed, at: now) == .distantFuture)
}

@Test func expired_credentials_and_those_about_to_expire_are_not_served() throws {
    let clock = SettableClock(now)
    let renewing = RenewingCredentials(Renewed(credentials: credentials, reused: false), now: { clock.now }, report: { _ in }) { _ in
        throw RenewalError.needsMFA(role: "prod")
    }
    #expect(renewing.answer() == .credentials(credentials))
    let expiration = try #require(credentials.expiration)
    clock.now = expiration.addingTimeInterval(-RenewingCredentials.servingMargin - 1)
    #expect(renewing.answer() == .credentials(credentials))
    // In their last seconds they would reach the SDK expired: they are not served either.
    clock.now = expiration.addingTimeInterval(-RenewingCredentials.servingMargin)
    guard case .unavailable(let message) = renewing.answer() else {
        Issue.record("expired credentials served")
        return
    }
    #expect(message.hasPrefix("the role's credentials expired and rolesh could not renew them"))
}

private final class SettableClock: @unchecked Sendable {
    var now: Date
    init(_ now: Date) { self.now = now }
}

@Test func child_config_keeps_every_setting_but_no_credential_source() throws {
    let config = """
        [DEFAULT]
        cli_pager =
        [default]
        region = eu-west-1
        aws_access_key_id = AKIADEFAULT
        aws_secret_access_key = secret
        s3 =
          max_concurrent_requests = 4
          addressing_style = path
        [profile prod]
        role_arn = arn:aws:iam::123456789012:role/Prod
        source_profile = base
        mfa_serial = arn:aws:iam::123456789012:mfa/alice
        output = json
        [profile sso]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = Admin
        [profile tool]
        credential_process = /bin/tool --flag
        web_identity_token_file = /tmp/token
        credential_source = Ec2InstanceMetadata
        ca_bundle = /etc/ssl/ca.pem
            second line
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = us-east-1
        """
    let rewritten = try CredentialFreeConfig.rewrite(config, file: "/cfg")
    #expect(rewritten == """
        [default]
        cli_pager = 
        region = eu-west-1
        s3 =
            addressing_style = path
            max_concurrent_requests = 4
        [profile prod]
        cli_pager = 
        mfa_serial = arn:aws:iam::123456789012:mfa/alice
        output = json
        [profile sso]
        cli_pager = 
        sso_session = corp
        [profile tool]
        ca_bundle = /etc/ssl/ca.pem
            second line
        cli_pager = 
        [sso-session corp]
        cli_pager = 
        
        """)
    // And it reads back as the same settings, minus the credential sources.
    let original = try INIParser.parse(config, file: "/cfg")
    let reread = try INIParser.parse(rewritten, file: "/child")
    #expect(reread.map(\.name) == original.map(\.name))
    for (before, after) in zip(original, reread) {
        let kept = before.entries.filter { !CredentialFreeConfig.credentialKeys.contains($0.key) }.mapValues(\.value)
        #expect(after.entries.mapValues(\.value) == kept, "\(before.name)")
    }
}

@Test func the_boto_config_botocore_would_take_keys_from_is_found_as_botocore_looks() throws {
    let folder = try TestFolder()
    let withKeys = "[Credentials]\naws_access_key_id = AKIABOTO\naws_secret_access_key = secret\ngs_oauth2_refresh_token = kept\n"
    try folder.write(".boto", withKeys)
    try folder.write("gsutil-only", "[Credentials]\ngs_oauth2_refresh_token = token\n")
    try folder.write("broken", "aws_access_key_id = AKIABOTO\n")
    let home = ["HOME": folder.path]
    // Without BOTO_CONFIG: /etc/boto.cfg (none here), then ~/.boto, written without its keys.
    #expect(CredentialFreeConfig.botoConfigWithoutKeys(environment: home) == "[Credentials]\ngs_oauth2_refresh_token = kept\n")
    // BOTO_CONFIG is the only place botocore looks then: a file without AWS keys, a file that
    // does not parse (botocore stops on it) and a missing one give none.
    for name in ["gsutil-only", "broken", "missing"] {
        #expect(CredentialFreeConfig.botoConfigWithoutKeys(environment: home.merging(["BOTO_CONFIG": "~/\(name)"]) { $1 }) == nil,
                "\(name)")
    }
    #expect(CredentialFreeConfig.botoConfigWithoutKeys(environment: ["HOME": folder.path + "/nowhere"]) == nil)
}

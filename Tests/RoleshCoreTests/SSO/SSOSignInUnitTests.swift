// The pure parts of signing in, and the token provider's decisions, in-process: PKCE against
// RFC 7636's vector, the registration cache's file names against Python's json.dumps and
// hashlib (the aws CLI's own computation), the callback's query parsing, the authorize URL,
// and the provider with a scripted IAM Identity Center: a refresh token the aws CLI rotated
// meanwhile (invalid_grant, then the file read again), and a sign-in refused without a terminal.
import Foundation
import RoleshTestSupport
import Testing
@testable import RoleshCore

@Test func pkce_challenge_is_rfc_7636s_and_the_verifier_uses_the_unreserved_characters() {
    #expect(PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").challenge == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
    let verifiers = (0..<20).map { _ in PKCE().verifier }
    #expect(Set(verifiers).count == 20)
    for verifier in verifiers {
        #expect(verifier.utf8.count == 64)
        #expect(verifier.utf8.allSatisfy(PKCE.alphabet.contains))
    }
}

@Test func registration_file_names_are_the_sha1_of_the_json_the_aws_cli_hashes() throws {
    let sessions = [
        SSOSessionSettings(name: "corp", startURL: "https://corp.awsapps.com/start", region: "eu-west-1",
                           registrationScopes: ["sso:account:access"]),
        SSOSessionSettings(name: nil, startURL: "https://corp.awsapps.com/start", region: "eu-west-1"),
        SSOSessionSettings(name: "é corp", startURL: "https://ü.example/\"x\\\t\u{7f}", region: "us-east-1",
                           registrationScopes: ["a", "😀"]),
    ]
    // The aws CLI v2's BaseSSOTokenFetcher._registration_cache_key, computed by Python itself.
    let script = """
        import hashlib, json, sys
        for line in sys.stdin:
            s = json.loads(line)
            args = {"tool": "botocore", "startUrl": s["startUrl"], "region": s["region"],
                    "scopes": s["scopes"] or None, "session_name": s["name"]}
            print(hashlib.sha1(json.dumps(args, sort_keys=True).encode("utf-8")).hexdigest())
        """
    let input = try sessions.map { session in
        let object: [String: Any] = ["startUrl": session.startURL, "region": session.region, "scopes": session.registrationScopes,
                                     "name": session.name as Any? ?? NSNull()]
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }.joined(separator: "\n") + "\n"
    let result = try runProcess(TestPaths.python, ["-c", script], input: input)
    try #require(result.status == 0, "\(result.stderr)")
    let expected = result.stdout.split(separator: "\n").map { "\($0).json" }
    #expect(try sessions.map(SSOTokenCache.registrationFileName(for:)) == expected)
}

@Test func a_cached_registration_round_trips_in_the_aws_clis_format() throws {
    let expires = Date(timeIntervalSince1970: 1_796_205_600)
    let pkce = SSOCachedRegistration(registration: SSOClientRegistration(clientID: "c", clientSecret: "s", expiresAt: expires),
                                     scopes: ["sso:account:access"], grantTypes: ["authorization_code", "refresh_token"])
    #expect(String(decoding: pkce.json, as: UTF8.self) == #"{"clientId": "c", "clientSecret": "s", "expiresAt": "2026-12-02T10:00:00Z", "scopes": ["sso:account:access"], "grantTypes": ["authorization_code", "refresh_token"]}"#)
    #expect(SSOCachedRegistration(json: pkce.json) == pkce)
    #expect(pkce.isForAuthorizationCode)
    let device = SSOCachedRegistration(registration: pkce.registration, scopes: nil, grantTypes: nil)
    #expect(!device.isForAuthorizationCode)
    #expect(device.isFresh(now: expires.addingTimeInterval(-16 * 60)))
    #expect(!device.isFresh(now: expires.addingTimeInterval(-14 * 60)))
}

@Test func the_callback_query_is_decoded_and_a_repeated_state_cannot_override_the_first() {
    let request = CallbackRequest(target: "/oauth/callback?code=a%2Bb+c&state=s1&state=s2&error_description=x%zz")
    #expect(request.path == "/oauth/callback")
    #expect(request.query == ["code": "a+b c", "state": "s1", "error_description": "x%zz"])
    #expect(CallbackRequest(target: "/favicon.ico").query.isEmpty)
}

@Test func the_authorize_url_is_built_as_the_aws_cli_builds_it() {
    let url = SSOSignIn.authorizeURL(endpoint: "https://oidc.eu-west-1.amazonaws.com", clientID: "id/1",
                                     redirectURI: "http://127.0.0.1:4242/oauth/callback", state: "st", scopes: [], challenge: "ch")
    #expect(url == "https://oidc.eu-west-1.amazonaws.com/authorize?response_type=code&client_id=id%2F1"
        + "&redirect_uri=http%3A%2F%2F127.0.0.1%3A4242%2Foauth%2Fcallback&state=st&code_challenge_method=S256"
        + "&scopes=sso%3Aaccount%3Aaccess&code_challenge=ch")
    #expect(SSOSignIn.authorizeURL(endpoint: "e", clientID: "c", redirectURI: "r", state: "s", scopes: ["a", "b"], challenge: "x")
        .contains("&scopes=a%20b&"))
}

/// An IAM Identity Center that answers from a closure, and records what it was asked.
private final class ScriptedCenter: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var requests: [HTTPRequest] = []
    let answer: @Sendable (HTTPRequest) -> HTTPResponse

    init(answer: @escaping @Sendable (HTTPRequest) -> HTTPResponse) {
        self.answer = answer
    }

    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse {
        lock.withLock { requests.append(request) }
        return answer(request)
    }
}

private struct ProviderWorld {
    let home: String
    let cache: SSOTokenCache
    let config: AWSConfig
    let session = SSOSessionSettings(name: "corp", startURL: "https://corp.awsapps.com/start", region: "eu-west-1")
    let messages = MessageLog()

    init() throws {
        home = try TestPaths.temporaryFolder("rolesh-sso-provider")
        cache = SSOTokenCache(folder: "\(home)/.aws/sso/cache")
        config = try AWSConfig(configText: "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n",
                               configFile: "/config", credentialsText: "", credentialsFile: "/credentials")
    }

    func provider(_ transport: any HTTPTransport, terminal: Bool = false) -> SSOTokenProvider {
        let context = RoleshContext(environment: ["HOME": home, "AWS_ENDPOINT_URL_SSO_OIDC": "http://oidc.test",
                                                  "AWS_ENDPOINT_URL_SSO": "http://portal.test"],
                                    transport: transport, terminal: ScriptedTerminal(.failure(.unavailable)),
                                    standardError: { [messages] in messages.append($0) })
        var provider = SSOTokenProvider(context: context, config: config, selectedProfile: nil, stateRoot: "\(home)/state")
        provider.terminalAvailable = { terminal }
        return provider
    }

    func token(_ access: String, expiresIn seconds: Double, refresh: String?) -> SSOToken {
        SSOToken(startURL: session.startURL, region: session.region, accessToken: access, expiresAt: Date().addingTimeInterval(seconds),
                 clientID: "client", clientSecret: "secret", registrationExpiresAt: isoTimestamp(Date().addingTimeInterval(86400)),
                 refreshToken: refresh)
    }
}

private final class MessageLog: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

private func json(_ status: Int, _ text: String) -> HTTPResponse {
    HTTPResponse(status: status, body: Array(text.utf8))
}

@Test func a_token_with_less_than_15_minutes_left_is_refreshed_and_written_back() throws {
    let world = try ProviderWorld()
    try world.cache.write(world.token("old", expiresIn: 600, refresh: "r1"), for: .session("corp"))
    let center = ScriptedCenter { _ in json(200, #"{"accessToken": "new", "expiresIn": 28800, "refreshToken": "r2"}"#) }
    let token = try world.provider(center).token(for: world.session, interaction: .unattended)
    #expect(token.accessToken == "new")
    let written = try #require(try world.cache.read(.session("corp")))
    #expect(written.accessToken == "new" && written.refreshToken == "r2" && written.clientID == "client")
    #expect(center.requests.map(\.url) == ["http://oidc.test/token"])
    #expect(String(decoding: center.requests[0].body, as: UTF8.self).contains(#""grantType":"refresh_token","refreshToken":"r1""#))

    // Fresh now: used as it is, no request.
    _ = try world.provider(center).token(for: world.session, interaction: .unattended)
    #expect(center.requests.count == 1)
}

@Test func invalid_grant_reads_the_file_again_before_concluding_a_sign_in_is_needed() throws {
    let world = try ProviderWorld()
    try world.cache.write(world.token("old", expiresIn: 600, refresh: "spent"), for: .session("corp"))
    let cache = world.cache
    let rotated = world.token("rotated-by-the-aws-cli", expiresIn: 28800, refresh: "r9")
    // The aws CLI refreshes (no lock) while rolesh's request is on the way: the refresh token
    // rolesh sends has just been spent.
    let center = ScriptedCenter { _ in
        try? cache.write(rotated, for: .session("corp"))
        return json(400, #"{"error": "invalid_grant", "error_description": "refresh token is not valid"}"#)
    }
    let token = try world.provider(center).token(for: world.session, interaction: .unattended)
    #expect(token.accessToken == "rotated-by-the-aws-cli")
    #expect(center.requests.count == 1)
}

@Test func without_a_terminal_or_permission_an_expired_token_names_the_sign_in_to_run() throws {
    let world = try ProviderWorld()
    try world.cache.write(world.token("old", expiresIn: -60, refresh: nil), for: .session("corp"))
    let center = ScriptedCenter { _ in json(500, "{}") }
    let expected = SSOError.signInRequired(why: "the IAM Identity Center sign-in for corp has expired",
                                           command: "rolesh sso login --sso-session corp")
    #expect(throws: expected) { try world.provider(center).token(for: world.session, interaction: .unattended) }
    #expect(throws: expected) { try world.provider(center, terminal: false).token(for: world.session, interaction: .interactive) }
    #expect(expected.errorDescription == "the IAM Identity Center sign-in for corp has expired; run `rolesh sso login --sso-session corp`")
    #expect(center.requests.isEmpty)

    // A legacy token names the profile that has its start URL.
    let config = try AWSConfig(configText: "[profile old]\nsso_start_url = https://x/start\nsso_region = eu-west-1\n"
                               + "sso_account_id = 1\nsso_role_name = r\n", configFile: "/c", credentialsText: "", credentialsFile: "/k")
    var provider = world.provider(center)
    provider.config = config
    let legacy = try #require(try config.ssoRoleSettings(forProfile: "old")).session
    #expect(provider.loginCommand(for: legacy) == "rolesh sso login old")
}

@Test func role_credentials_map_the_portals_refusals_to_lines_that_say_what_to_do() throws {
    let world = try ProviderWorld()
    try world.cache.write(world.token("good", expiresIn: 3600, refresh: nil), for: .session("corp"))
    let role = SSORoleSettings(session: world.session, accountID: "111111111111", roleName: "Admin")
    let forbidden = ScriptedCenter { _ in json(403, #"{"message": "No access"}"#) }
    #expect(throws: SSOError.roleNotAssigned(account: "111111111111", role: "Admin")) {
        try world.provider(forbidden).roleCredentials(role, interaction: .unattended)
    }
    let unauthorized = ScriptedCenter { _ in json(401, #"{"message": "Session token not found or invalid"}"#) }
    #expect(throws: SSOError.signInRequired(why: "IAM Identity Center refused the sign-in for corp (signed out or revoked)",
                                            command: "rolesh sso login --sso-session corp")) {
        try world.provider(unauthorized).roleCredentials(role, interaction: .unattended)
    }
    let ok = ScriptedCenter { request in
        request.headers.contains { $0.name == "x-amz-sso_bearer_token" && $0.value == "good" }
            ? json(200, #"{"roleCredentials": {"accessKeyId": "ASIA1", "secretAccessKey": "s", "sessionToken": "t", "expiration": 1796205600000}}"#)
            : json(401, "{}")
    }
    let (credentials, fingerprint) = try world.provider(ok).roleCredentials(role, interaction: .unattended)
    #expect(credentials.accessKeyID == "ASIA1")
    #expect(fingerprint == Hex.encode(SHA256.hash(Array("good".utf8))))
    #expect(fingerprint == (try world.provider(ok).cachedTokenFingerprint(for: world.session)))
}

@Test func a_caller_that_may_not_sign_in_waits_for_a_running_sign_in_no_longer_than_its_budget() throws {
    let world = try ProviderWorld()
    try world.cache.write(world.token("expired", expiresIn: -60, refresh: nil), for: .session("corp"))
    // Another rolesh holds the token's lock (a sign-in in a browser, say).
    let folder = try #require(try StateFolder.openRoot("\(world.home)/state", create: true)?.folder("sso", create: true))
    let held = try folder.lockFile("ee0bfd2552fbd840c02cc48b6e823320543c450f.lock")
    try held.lock()
    let center = ScriptedCenter { _ in json(500, "{}") }
    let prompt = Interaction(mayAsk: false, maySignIn: false, networkBudget: HTTPTimeouts(connect: 0.2, total: 0.4))
    let started = Date()
    #expect(throws: SSOError.signInInProgress(command: "rolesh sso login --sso-session corp")) {
        try world.provider(center).token(for: world.session, interaction: prompt)
    }
    let waited = Date().timeIntervalSince(started)
    #expect(waited >= 0.4 && waited < 5, "\(waited)")

    // A token near expiry that the lock holder is about to refresh still serves meanwhile.
    try world.cache.write(world.token("still-valid", expiresIn: 300, refresh: "r"), for: .session("corp"))
    #expect(try world.provider(center).token(for: world.session, interaction: prompt).accessToken == "still-valid")
    #expect(center.requests.isEmpty)
    try held.unlock()
}

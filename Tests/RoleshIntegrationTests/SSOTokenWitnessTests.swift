// The aws CLI's IAM Identity Center files, shared both ways with botocore as the witness, and
// the portal and OIDC clients against the tests' own IAM Identity Center (which mints real
// credentials from moto): a token rolesh writes is used by the aws CLI; a token botocore
// refreshed is read by rolesh; the portal's answers and refusals come back as clear errors.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

/// A HOME with `[sso-session corp]`, profile `dev` (111111111111/Admin) and the SSO cache folder.
private struct SSOWorld {
    let moto: MotoServer
    let center: FakeIdentityCenter
    let home: String
    let cache: SSOTokenCache

    init(state: [String: Any] = [:]) throws {
        moto = try MotoServer()
        var initial: [String: Any] = ["assignments": ["111111111111": ["name": "Dev", "roles": ["Admin"]],
                                                      "222222222222": ["name": "Prod", "roles": ["ReadOnly"]],
                                                      "333333333333": ["name": "Tools", "roles": ["Admin", "ReadOnly"]]]]
        initial.merge(state) { _, new in new }
        center = try FakeIdentityCenter(sts: moto.endpoint, state: initial)
        home = try TestPaths.temporaryFolder("rolesh-sso-home")
        try FileManager.default.createDirectory(atPath: "\(home)/.aws", withIntermediateDirectories: true)
        try FakeIdentityCenter.corpConfig.write(toFile: "\(home)/.aws/config", atomically: true, encoding: .utf8)
        cache = SSOTokenCache(folder: "\(home)/.aws/sso/cache")
    }

    /// What `aws sts get-caller-identity --profile dev` says, with every endpoint local.
    func awsCallerARN() throws -> ProcessResult {
        try runProcess(TestPaths.venvTool("aws"), ["sts", "get-caller-identity", "--profile", "dev", "--query", "Arn", "--output", "text"],
                       environment: ["HOME": home, "PATH": "/usr/bin:/bin", "AWS_ENDPOINT_URL_SSO": center.endpoint,
                                     "AWS_ENDPOINT_URL_SSO_OIDC": center.endpoint, "AWS_ENDPOINT_URL_STS": moto.endpoint])
    }

    var portal: SSOPortal {
        SSOPortal(transport: CurlTransport(environment: [:]), endpoint: center.endpoint, pause: { _ in })
    }

    var oidc: SSOOIDC { SSOOIDC(transport: CurlTransport(environment: [:]), endpoint: center.endpoint) }

    /// A bearer token the fake accepts until `expires` (epoch seconds).
    func grantToken(_ token: String, expires: Double) throws {
        try center.update { state in
            var tokens = state["tokens"] as? [String: Double] ?? [:]
            tokens[token] = expires
            state["tokens"] = tokens
        }
    }
}

@Test func a_token_rolesh_writes_is_used_by_the_aws_cli() throws {
    let world = try SSOWorld()
    let expires = Date().addingTimeInterval(3600)
    try world.grantToken("rolesh-written", expires: expires.timeIntervalSince1970)
    try world.cache.write(SSOToken(startURL: "https://corp.awsapps.com/start", region: "eu-west-1", accessToken: "rolesh-written",
                                   expiresAt: expires), for: .session("corp"))
    let path = try world.cache.path(for: .session("corp"))
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
    let witness = try world.awsCallerARN()
    #expect(witness.stdout == "arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com\n", "\(witness.stderr)")
    let portalCall = try world.center.log().last { $0["path"] as? String == "/federation/credentials" }
    #expect((portalCall?["headers"] as? [String: String])?["x-amz-sso_bearer_token"] == "rolesh-written")
}

@Test func a_token_botocore_refreshed_is_read_by_rolesh_and_works_at_the_portal() throws {
    let world = try SSOWorld()
    let registration = try world.oidc.register(clientName: "botocore-client-corp", scopes: ["sso:account:access"])
    try world.center.update { state in state["refresh_tokens"] = ["refresh-1": registration.clientID] }
    // Five minutes left: inside botocore's 15-minute window, so the aws CLI refreshes first.
    let soon = Date().addingTimeInterval(300)
    try world.grantToken("old", expires: soon.timeIntervalSince1970)
    try world.cache.write(SSOToken(startURL: "https://corp.awsapps.com/start", region: "eu-west-1", accessToken: "old",
                                   expiresAt: soon, clientID: registration.clientID, clientSecret: registration.clientSecret,
                                   registrationExpiresAt: isoTimestamp(registration.expiresAt), refreshToken: "refresh-1"),
                          for: .session("corp"))
    let witness = try world.awsCallerARN()
    #expect(witness.stdout == "arn:aws:sts::111111111111:assumed-role/Admin/alice@example.com\n", "\(witness.stderr)")

    let refreshed = try #require(try world.cache.read(.session("corp")))
    #expect(refreshed.accessToken != "old")
    #expect(refreshed.refreshToken != nil && refreshed.refreshToken != "refresh-1")
    #expect(refreshed.expiresAt > Date().addingTimeInterval(3600))
    #expect(refreshed.clientID == registration.clientID)
    let credentials = try world.portal.roleCredentials(account: "111111111111", role: "Admin", token: refreshed.accessToken,
                                                       session: "corp")
    #expect(credentials.accessKeyID.hasPrefix("ASIA") && credentials.sessionToken != nil)
    #expect(credentials.expiration.map { $0 > Date() } == true, "epoch milliseconds read as a date")

    // rolesh refreshes with what botocore left; the single-use token botocore spent is refused.
    let next = try world.oidc.createToken(.refreshToken(refreshed.refreshToken!), registration: registration)
    #expect(next.accessToken != refreshed.accessToken && next.refreshToken != nil)
    #expect(throws: SSOOIDCError(code: "invalid_grant", message: "refresh token is not valid")) {
        try world.oidc.createToken(.refreshToken("refresh-1"), registration: registration)
    }
}

@Test func the_portal_pages_retries_throttling_and_says_what_a_refusal_means() throws {
    let world = try SSOWorld(state: ["page_size": 1])
    try world.grantToken("good", expires: Date().addingTimeInterval(3600).timeIntervalSince1970)
    let portal = world.portal
    #expect(try portal.accounts(token: "good", session: "corp").map(\.id) == ["111111111111", "222222222222", "333333333333"])
    #expect(try portal.roles(account: "333333333333", token: "good", session: "corp") == ["Admin", "ReadOnly"])
    let pages = try world.center.log().filter { $0["path"] as? String == "/assignment/accounts" }
    #expect(pages.map { ($0["query"] as? [String: String])?["next_token"] ?? "-" } == ["-", "1", "2"])

    #expect(throws: SSOError.roleNotAssigned(account: "222222222222", role: "Admin")) {
        try portal.roleCredentials(account: "222222222222", role: "Admin", token: "good", session: "corp")
    }
    #expect(throws: SSOError.signInNeeded(session: "corp")) {
        try portal.roleCredentials(account: "111111111111", role: "Admin", token: "unknown", session: "corp")
    }
    try world.center.update { $0["throttle"] = 2 }
    let before = try world.center.log().count
    _ = try portal.roleCredentials(account: "111111111111", role: "Admin", token: "good", session: "corp")
    #expect(try world.center.log().count - before == 3, "two 429s, then the answer")

    try portal.logout(token: "good")
    #expect(throws: SSOError.signInNeeded(session: "corp")) {
        try portal.roleCredentials(account: "111111111111", role: "Admin", token: "good", session: "corp")
    }
}

// IAM Identity Center settings against botocore itself: for each config, botocore's
// SSOProvider and rolesh agree on whether the SSO provider applies, on the settings it reads,
// on the refusal (rolesh's line starts with botocore's words), and on the hosts the sso-oidc
// and sso calls go to (the selected profile's endpoint settings, FIPS, dual-stack).
import Foundation
import RoleshTestSupport
import Testing
@testable import RoleshCore

private struct SSOConfigCase: Codable {
    var config: String
    var profile: String
    var environment: [String: String] = [:]
}

private let session = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
private let role = "sso_account_id = 111111111111\nsso_role_name = Admin\n"

private let cases: [SSOConfigCase] = [
    // Applies, or not.
    SSOConfigCase(config: session + "[profile dev]\nsso_session = corp\n" + role, profile: "dev"),
    SSOConfigCase(config: "[profile dev]\nsso_start_url = https://x.awsapps.com/start/\nsso_region = us-east-2\n" + role, profile: "dev"),
    SSOConfigCase(config: session + "[profile dev]\nsso_session = corp\naws_access_key_id = a\naws_secret_access_key = b\n", profile: "dev"),
    SSOConfigCase(config: "[profile dev]\nsso_start_url = u\nsso_region = eu-west-1\nregion = eu-west-1\n", profile: "dev"),
    SSOConfigCase(config: session + "[profile dev]\nsso_session = corp\nsso_role_name = Admin\n", profile: "dev"),
    SSOConfigCase(config: session + "[default]\nsso_session = corp\n" + role, profile: "default"),
    SSOConfigCase(config: "[sso-session \"corp x\"]\nsso_start_url = u\nsso_region = eu-west-1\n[profile dev]\nsso_session = corp x\n" + role, profile: "dev"),
    // botocore's refusals.
    SSOConfigCase(config: "[profile dev]\nsso_account_id = 1\nsso_region = us-east-1\n", profile: "dev"),
    SSOConfigCase(config: "[profile dev]\nsso_role_name = r\n", profile: "dev"),
    SSOConfigCase(config: session + "[profile dev]\nsso_session = corpx\n" + role, profile: "dev"),
    SSOConfigCase(config: session + "[profile dev]\nsso_session = corp\nsso_region = us-east-1\n" + role, profile: "dev"),
    SSOConfigCase(config: session + "[profile dev]\nsso_session = corp\nsso_region = eu-west-1\n" + role, profile: "dev"),
    SSOConfigCase(config: session + "region = x\n[profile dev]\nsso_session = corp\nregion = y\n" + role, profile: "dev"),
    SSOConfigCase(config: session + "sso_registration_scopes = sso:account:access\n[profile dev]\nsso_session = corp\n"
                  + "sso_start_url = https://other\nsso_registration_scopes = a\n" + role, profile: "dev"),
    SSOConfigCase(config: "[sso-session corp]\nsso_region = eu-west-1\n[profile dev]\nsso_session = corp\n" + role, profile: "dev"),
    // Endpoints: the selected profile's settings, then the partition's host.
    SSOConfigCase(config: session + "[profile dev]\nsso_session = corp\n" + role, profile: "dev",
                  environment: ["AWS_ENDPOINT_URL_SSO": "http://127.0.0.1:1", "AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:2"]),
    SSOConfigCase(config: session + "[profile dev]\nsso_session = corp\n" + role, profile: "dev",
                  environment: ["AWS_ENDPOINT_URL": "http://127.0.0.1:3"]),
    SSOConfigCase(config: session + "[profile dev]\nsso_session = corp\nendpoint_url = http://127.0.0.1:4\n" + role, profile: "dev"),
    SSOConfigCase(config: session + "[profile dev]\nsso_session = corp\nendpoint_url = http://127.0.0.1:4\n" + role, profile: "dev",
                  environment: ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]),
    SSOConfigCase(config: session + "[profile dev]\nsso_session = corp\nendpoint_url = http://127.0.0.1:4\n"
                  + "ignore_configured_endpoint_urls = true\n" + role, profile: "dev"),
    SSOConfigCase(config: session + "[services local]\nsso =\n  endpoint_url = http://127.0.0.1:5\nsso_oidc =\n"
                  + "  endpoint_url = http://127.0.0.1:6/\n[profile dev]\nsso_session = corp\nservices = local\n" + role, profile: "dev"),
    SSOConfigCase(config: "[profile dev]\nsso_start_url = u\nsso_region = us-gov-west-1\nuse_fips_endpoint = true\n" + role, profile: "dev"),
    SSOConfigCase(config: "[profile dev]\nsso_start_url = u\nsso_region = cn-north-1\n" + role, profile: "dev",
                  environment: ["AWS_USE_DUALSTACK_ENDPOINT": "true"]),
    SSOConfigCase(config: "[profile dev]\nsso_start_url = u\nsso_region = eu-central-1\nuse_dualstack_endpoint = true\n"
                  + "use_fips_endpoint = true\n" + role, profile: "dev"),
]

@Test func sso_settings_and_endpoints_are_botocores() throws {
    let input = try cases.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }.joined(separator: "\n") + "\n"
    let result = try runProcess(TestPaths.python, ["\(TestPaths.packageRoot)/Tests/Scripts/botocore_sso_config.py"], input: input)
    try #require(result.status == 0, "botocore script failed: \(result.stderr)")
    let answers = result.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    try #require(answers.count == cases.count)

    var outcomes: [String: Int] = [:]
    for (testCase, answer) in zip(cases, answers) {
        let answer = try #require(answer)
        let config = try AWSConfig(configText: testCase.config, configFile: "/config", credentialsText: "", credentialsFile: "/credentials")
        do {
            let settings = try config.ssoRoleSettings(forProfile: testCase.profile)
            guard let settings else {
                #expect(answer["none"] as? Bool == true, "\(testCase.config): rolesh skips SSO, botocore answered \(answer)")
                outcomes["none", default: 0] += 1
                continue
            }
            let expected = try #require(answer["settings"] as? [String: String], "\(testCase.config): botocore answered \(answer)")
            #expect(expected["sso_start_url"] == settings.session.startURL)
            #expect(expected["sso_region"] == settings.session.region)
            #expect(expected["sso_account_id"] == settings.accountID)
            #expect(expected["sso_role_name"] == settings.roleName)
            #expect(expected["sso_session"] == settings.session.name)
            let endpoints = try SSOEndpoints(environment: testCase.environment, config: config,
                                             selectedProfile: try config.profile(named: testCase.profile),
                                             region: settings.session.region)
            #expect(endpoints.oidc == answer["oidc"] as? String, "\(testCase)")
            #expect(endpoints.portal == answer["portal"] as? String, "\(testCase)")
            outcomes["settings", default: 0] += 1
        } catch {
            let botocore = try #require(answer["error"] as? String, "\(testCase.config): rolesh refused (\(error)), botocore answered \(answer)")
            let line = try #require(error.localizedDescription as String?)
            #expect(line.hasPrefix(botocore), "rolesh: \(line)\nbotocore: \(botocore)")
            outcomes["error", default: 0] += 1
        }
    }
    // Every kind of outcome is exercised.
    #expect(outcomes["none"] == 2)
    #expect(outcomes["error"] == 8)
    #expect(outcomes["settings"] == cases.count - 10)
}

@Test func sso_session_sections_are_listed_and_read_on_their_own() throws {
    let config = try AWSConfig(configText: session + "sso_registration_scopes = sso:account:access , ,x\n"
                               + "[sso-session b]\nsso_region = eu-west-1\n[sso-session \"corp\"]\nsso_start_url = later\nsso_region = us-east-1\n",
                               configFile: "/config", credentialsText: "", credentialsFile: "/credentials")
    // botocore's dict: a later section with the same name wins.
    #expect(config.ssoSessionNames == ["b", "corp"])
    let corp = try config.ssoSessionSettings(named: "corp")
    #expect(corp == SSOSessionSettings(name: "corp", startURL: "later", region: "us-east-1"))
    #expect(corp.cacheKey == .session("corp"))
    #expect(throws: ConfigError.ssoSessionIncomplete("b", missing: ["sso_start_url"])) { try config.ssoSessionSettings(named: "b") }
    #expect(throws: ConfigError.ssoSessionNotFound("cor", closeNames: ["corp"])) { try config.ssoSessionSettings(named: "cor") }
    #expect(SSOSessionSettings.scopes("sso:account:access , ,x") == ["sso:account:access", "x"])
    #expect(SSOSessionSettings(name: nil, startURL: "https://a/", region: "r").cacheKey == .startURL("https://a/"))
}

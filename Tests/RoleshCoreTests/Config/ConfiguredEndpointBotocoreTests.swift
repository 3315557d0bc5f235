// The profile key ignore_configured_endpoint_urls against botocore itself: with the variable
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS unset, set to true, false or empty, and the key unset,
// true, false or True, an STS call goes where botocore sends it (the profile's endpoint_url,
// or the regional endpoint). botocore's request is captured before it is sent.
import Foundation
import Testing
import RoleshTestSupport
@testable import RoleshCore

@Test func ignore_configured_endpoint_urls_in_the_profile_is_botocores() throws {
    let variables: [String?] = [nil, "true", "false", "", "TRUE"]
    let settings: [String?] = [nil, "true", "false", "True"]
    let cases = variables.flatMap { variable in settings.map { (variable: variable, setting: $0) } }
    func json(_ value: String?) -> String { value.map { "\"\($0)\"" } ?? "null" }
    let input = cases.map { #"{"variable": \#(json($0.variable)), "setting": \#(json($0.setting))}"# }.joined(separator: "\n") + "\n"
    let result = try runProcess(TestPaths.python, ["\(TestPaths.packageRoot)/Tests/Scripts/botocore_configured_endpoint.py"], input: input)
    try #require(result.status == 0, "botocore script failed: \(result.stderr)")
    let answers = result.stdout.split(separator: "\n").map(String.init)
    try #require(answers.count == cases.count)

    var ignored = 0
    for (index, testCase) in cases.enumerated() {
        let text = "[profile p]\nregion = eu-west-1\nendpoint_url = http://127.0.0.1:9\n"
            + (testCase.setting.map { "ignore_configured_endpoint_urls = \($0)\n" } ?? "")
        let config = try AWSConfig(configText: text, configFile: "/config", credentialsText: "", credentialsFile: "/credentials")
        let profile = try #require(try config.profile(named: "p"))
        var environment = ["HOME": "/nonexistent"]
        environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = testCase.variable
        let transport = ScriptedSTSTransport(status: 200, STSFixtures.callerIdentityAnswer)
        let context = RoleshContext(environment: environment, transport: transport, terminal: ScriptedTerminal(.failure(.unavailable)),
                                    standardError: { _ in })
        let assumer = RoleAssumer(context: context, config: config, baseEnvironment: environment, chainEnvironment: environment)
        _ = try assumer.stsClient(profile: profile, region: profile.region).getCallerIdentity(credentials: STSFixtures.source)
        let url = try #require(transport.requests.first?.url)
        if answers[index] == "https://sts.eu-west-1.amazonaws.com" { ignored += 1 }
        #expect(url.hasSuffix("/") ? String(url.dropLast()) == answers[index] : url == answers[index], "\(testCase)")
    }
    // Both outcomes occur, and the profile's key decides some of them.
    #expect(ignored == 2 * 4 + 2)
}

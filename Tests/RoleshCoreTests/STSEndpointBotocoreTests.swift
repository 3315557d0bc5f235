// Where rolesh sends STS calls, against botocore itself: every region STS first served from
// its global endpoint, others, China, GovCloud and `aws-global`, with `sts_regional_endpoints`
// unset, `regional` and `legacy` (AWS_STS_REGIONAL_ENDPOINTS). Botocore's request is captured
// before it is sent.
import Foundation
import Testing
import RoleshTestSupport
@testable import RoleshCore

@Test func sts_endpoints_and_signing_regions_are_botocores() throws {
    let regions = STSEndpointResolver.legacyGlobalRegions.sorted()
        + ["aws-global", "ap-northeast-2", "ap-northeast-3", "ap-east-1", "af-south-1", "me-south-1", "il-central-1",
           "cn-north-1", "cn-northwest-1", "us-gov-west-1", "us-gov-east-1"]
    let modes: [String?] = [nil, "regional", "legacy"]
    let cases = modes.flatMap { mode in regions.map { (region: $0, mode: mode) } }
    let input = cases.map { #"{"region": "\#($0.region)", "mode": \#($0.mode.map { "\"\($0)\"" } ?? "null")}"# }.joined(separator: "\n") + "\n"
    let result = try runProcess(TestPaths.python, ["\(TestPaths.packageRoot)/Tests/Scripts/botocore_sts_endpoint.py"], input: input)
    try #require(result.status == 0, "botocore script failed: \(result.stderr)")
    let answers = result.stdout.split(separator: "\n").map(String.init)
    try #require(answers.count == cases.count)
    var global = 0
    for (index, testCase) in cases.enumerated() {
        let environment = testCase.mode.map { ["AWS_STS_REGIONAL_ENDPOINTS": $0] } ?? [:]
        let mode = try STSEndpointResolver.regionalEndpoints(environment: environment, profile: nil)
        let endpoint = STSEndpointResolver.resolve(environment: environment, servicesEndpointURL: nil, profileEndpointURL: nil,
                                                   region: testCase.region, regionalEndpoints: mode)
        if endpoint.url == "https://sts.amazonaws.com" { global += 1 }
        #expect("\(endpoint.url) \(endpoint.signingRegion)" == answers[index], "\(testCase)")
    }
    // aws-global in each mode, and the legacy regions with legacy: the global endpoint is exercised.
    #expect(global == 3 + STSEndpointResolver.legacyGlobalRegions.count)
}

@Test(arguments: [
    ([String: String](), nil, STSRegionalEndpoints.regional),
    ([:], "legacy", .legacy),
    (["AWS_STS_REGIONAL_ENDPOINTS": "regional"], "legacy", .regional),
    (["AWS_STS_REGIONAL_ENDPOINTS": ""], "legacy", .legacy),
] as [([String: String], String?, STSRegionalEndpoints)])
func the_environment_beats_the_profiles_sts_regional_endpoints(environment: [String: String], setting: String?, expected: STSRegionalEndpoints) throws {
    var profile = Profile(name: "p")
    profile.stsRegionalEndpoints = setting
    #expect(try STSEndpointResolver.regionalEndpoints(environment: environment, profile: profile) == expected)
}

@Test func an_unknown_sts_regional_endpoints_is_refused_in_one_line() {
    var profile = Profile(name: "p")
    profile.stsRegionalEndpoints = "Legacy"
    #expect(throws: STSError.invalidInput(#"sts_regional_endpoints = "Legacy" in profile "p" is not an option: use legacy or regional"#)) {
        try STSEndpointResolver.regionalEndpoints(environment: [:], profile: profile)
    }
    #expect(throws: STSError.invalidInput(#"AWS_STS_REGIONAL_ENDPOINTS="bogus" is not an option: set it to legacy or regional, or unset it"#)) {
        try STSEndpointResolver.regionalEndpoints(environment: ["AWS_STS_REGIONAL_ENDPOINTS": "bogus"], profile: profile)
    }
}

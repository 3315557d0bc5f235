// Where rolesh sends STS and IAM Identity Center (sso, sso-oidc) calls, against botocore
// itself: every region botocore knows and a few it does not, in every partition, with FIPS
// and dual-stack off and on, STS with `sts_regional_endpoints` regional and legacy; the
// settings' sources and precedence; and the partition facts the resolver carries. One
// Python process answers every case; botocore's request is captured before it is sent.
import Foundation
import Testing
import RoleshTestSupport
@testable import RoleshCore

@Test func sts_and_identity_center_endpoints_are_botocores() throws {
    let unknownRegions = ["us-isof-north-9", "eu-isoe-south-2", "cn-south-7", "us-gov-central-3", "eusc-fr-east-1",
                          "us-isoe-west-1", "zz-moon-1", "us-east-1a", "fips-us-gov-west-1", "eu-isoe-west-1-fips",
                          "fips-cn-north-1"]
    let matrix = #"{"matrix": {"extra_regions": \#(json(unknownRegions))}}"#
    let settings: [(service: String, region: String?, environment: [String: String], config: [String: String])] = [
        ("sts", "us-east-1", ["AWS_USE_FIPS_ENDPOINT": ""], ["use_fips_endpoint": "true"]),
        ("sts", "us-east-1", [:], ["use_fips_endpoint": "True"]),
        ("sts", "us-east-1", ["AWS_USE_FIPS_ENDPOINT": "1"], [:]),
        ("sts", "cn-north-1", [:], ["use_dualstack_endpoint": "TRUE"]),
        ("sts", "cn-north-1", ["AWS_USE_DUALSTACK_ENDPOINT": "false"], ["use_dualstack_endpoint": "true"]),
        ("sts", "eu-west-1", [:], ["sts_regional_endpoints": "legacy"]),
        ("sts", "eu-west-1", ["AWS_STS_REGIONAL_ENDPOINTS": ""], ["sts_regional_endpoints": "legacy"]),
        ("sts", "eu-west-1", ["AWS_STS_REGIONAL_ENDPOINTS": "legacy"], ["sts_regional_endpoints": "regional"]),
        ("sts", "eu-west-1", [:], ["sts_regional_endpoints": "legacy", "use_dualstack_endpoint": "true"]),
        ("sts", "us-east-1", [:], [:]),
        ("sts", nil, [:], [:]),
        ("sts", "us-east-1", ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000", "AWS_USE_FIPS_ENDPOINT": "true"], [:]),
        ("sts", "aws-global", ["AWS_ENDPOINT_URL": "http://127.0.0.1:5001"], [:]),
        ("sts", "eu-isoe-west-1", ["AWS_USE_DUALSTACK_ENDPOINT": "true"], ["endpoint_url": "http://127.0.0.1:5002"]),
        ("sts", "us-east-1-fips", ["AWS_USE_DUALSTACK_ENDPOINT": "true"], ["endpoint_url": "http://127.0.0.1:5002"]),
        ("sts", "us-west-2", ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000",
                              "AWS_USE_FIPS_ENDPOINT": "true"], ["endpoint_url": "http://127.0.0.1:5002"]),
        ("sso-oidc", "eu-west-1", ["AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:5003", "AWS_USE_FIPS_ENDPOINT": "true",
                                   "AWS_ENDPOINT_URL": "http://127.0.0.1:5001"], [:]),
        ("sso", "eu-west-1", ["AWS_ENDPOINT_URL_SSO": "http://127.0.0.1:5004", "AWS_ENDPOINT_URL_SSO_OIDC": "http://127.0.0.1:5003"], [:]),
        ("sso", "us-gov-west-1", ["AWS_USE_DUALSTACK_ENDPOINT": "true"], ["endpoint_url": "http://127.0.0.1:5002"]),
        ("sso-oidc", "us-gov-east-1", [:], ["use_fips_endpoint": "true"]),
    ]
    let cases = settings.map { setting in
        #"{"service": "\#(setting.service)", "region": \#(setting.region.map { json($0) } ?? "null"), "#
            + #""env": \#(json(setting.environment)), "config": \#(json(setting.config))}"#
    }
    let input = ([#"{"partitions": true}"#, matrix] + cases).joined(separator: "\n") + "\n"
    let result = try runProcess(TestPaths.python, ["\(TestPaths.packageRoot)/Tests/Scripts/botocore_sts_endpoint.py"], input: input)
    try #require(result.status == 0, "botocore script failed: \(result.stderr)")

    var seen = (cases: 0, errors: 0, global: 0, partitions: Set<String>())
    for line in result.stdout.split(separator: "\n") {
        let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
        try #require(fields.count == 2, "\(line)")
        if fields[0] == "partitions" {
            try expectPartitionsAreBotocores(fields[1])
            continue
        }
        let answer = try roleshAnswer(to: fields[0])
        #expect(answer == fields[1], "\(fields[0])")
        seen.cases += 1
        if answer == "ERROR" { seen.errors += 1 }
        if answer == "https://sts.amazonaws.com us-east-1" { seen.global += 1 }
        if let host = answer.split(separator: " ").first?.split(separator: ".").dropFirst(2).joined(separator: "."),
           let partition = Partition.all.first(where: { host.hasSuffix($0.dnsSuffix) || host.hasSuffix($0.dualStackDNSSuffix) }) {
            seen.partitions.insert(partition.name)
        }
    }
    // Every region x 4 variants x (2 STS modes + sso + sso-oidc), the settings cases, and each
    // outcome exercised: errors (dual-stack in aws-iso-e and aws-iso-f), the global endpoint,
    // every partition's hosts.
    #expect(seen.cases > 60 * 4 * 4 + settings.count)
    #expect(seen.errors >= 3 * 2 * 4)
    #expect(seen.global >= StSGlobalMinimum)
    #expect(seen.partitions.count == Partition.all.count - 1)  // aws-us-gov's suffixes are aws's
}

/// Each matrix mode x its legacy regions, plus aws-global and no region in both modes.
private let StSGlobalMinimum = STSEndpointResolver.legacyGlobalRegions.count + 2 * 2

/// What rolesh answers for one case of the botocore script, in the script's format.
private func roleshAnswer(to caseJSON: String) throws -> String {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(caseJSON.utf8)) as? [String: Any])
    let environment = object["env"] as? [String: String] ?? [:]
    let config = object["config"] as? [String: String] ?? [:]
    let region = object["region"] as? String
    // The [default] profile botocore reads, read by rolesh's own parser.
    let configText = "[default]\n" + config.map { "\($0.key) = \($0.value)\n" }.joined()
    let profile = try #require(try AWSConfig(configText: configText, configFile: "config", credentialsText: "", credentialsFile: "credentials")
        .profile(named: "default"))
    let variant = EndpointVariant(environment: environment, profile: profile)
    do {
        switch object["service"] as? String {
        case "sts":
            let endpoint = try STSEndpointResolver.resolve(
                environment: environment, servicesEndpointURL: nil, profileEndpointURL: profile.endpointURL, region: region,
                regionalEndpoints: try STSEndpointResolver.regionalEndpoints(environment: environment, profile: profile),
                variant: variant)
            return "\(endpoint.url) \(endpoint.signingRegion)"
        case let service:
            return try STSEndpointResolver.identityCenterURL(
                service == "sso" ? .ssoPortal : .ssoOIDC, environment: environment, servicesEndpointURL: nil,
                profileEndpointURL: profile.endpointURL, region: try #require(region), variant: variant)
        }
    } catch is STSError {
        return "ERROR"
    }
}

/// The partition table is botocore's partitions.json: same order, names, suffixes, support
/// flags, and the regions outside each partition's pattern.
private func expectPartitionsAreBotocores(_ text: String) throws {
    let partitions = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    #expect(partitions.map { $0["name"] as? String } == Partition.all.map(\.name))
    for (theirs, ours) in zip(partitions, Partition.all) {
        #expect(theirs["dnsSuffix"] as? String == ours.dnsSuffix, "\(ours.name)")
        #expect(theirs["dualStackDnsSuffix"] as? String == ours.dualStackDNSSuffix, "\(ours.name)")
        #expect(theirs["supportsFIPS"] as? Bool == ours.supportsFIPS, "\(ours.name)")
        #expect(theirs["supportsDualStack"] as? Bool == ours.supportsDualStack, "\(ours.name)")
        #expect(theirs["regionsOutsidePattern"] as? [String] == ours.otherRegions.sorted(), "\(ours.name)")
    }
}

private func json(_ value: Any) -> String {
    String(decoding: try! JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed]), as: UTF8.self)
}

@Test(arguments: [
    ([String: String](), nil, STSRegionalEndpoints.regional),
    ([:], "legacy", .legacy),
    (["AWS_STS_REGIONAL_ENDPOINTS": "regional"], "legacy", .regional),
    (["AWS_STS_REGIONAL_ENDPOINTS": ""], "legacy", .regional),
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

@testable import RoleshCore
import Testing

@Suite struct STSEndpointResolverTests {
    struct Case: Sendable, CustomStringConvertible {
        var description: String
        var environment: [String: String] = [:]
        var services: String? = nil
        var profile: String? = nil
        var region: String? = nil
        var expected: STSEndpoint
    }

    static let cases: [Case] = [
        Case(description: "AWS_ENDPOINT_URL_STS beats everything",
             environment: ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000", "AWS_ENDPOINT_URL": "http://general"],
             services: "http://services", profile: "http://profile", region: "eu-west-1",
             expected: STSEndpoint(url: "http://127.0.0.1:5000", signingRegion: "eu-west-1")),
        Case(description: "AWS_ENDPOINT_URL beats the config files",
             environment: ["AWS_ENDPOINT_URL": "http://general"], services: "http://services", profile: "http://profile", region: "eu-west-1",
             expected: STSEndpoint(url: "http://general", signingRegion: "eu-west-1")),
        Case(description: "[services] sts endpoint_url beats the profile's",
             services: "http://services", profile: "http://profile", region: "eu-west-1",
             expected: STSEndpoint(url: "http://services", signingRegion: "eu-west-1")),
        Case(description: "the profile's endpoint_url beats the regional endpoint",
             profile: "http://profile", region: "eu-west-1", expected: STSEndpoint(url: "http://profile", signingRegion: "eu-west-1")),
        Case(description: "an override without a region is signed for us-east-1",
             environment: ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000"], expected: STSEndpoint(url: "http://127.0.0.1:5000", signingRegion: "us-east-1")),
        Case(description: "empty settings count as unset",
             environment: ["AWS_ENDPOINT_URL_STS": "", "AWS_ENDPOINT_URL": ""], services: "", profile: "http://profile", region: "",
             expected: STSEndpoint(url: "http://profile", signingRegion: "us-east-1")),
        Case(description: "the regional endpoint by default",
             region: "eu-west-1", expected: STSEndpoint(url: "https://sts.eu-west-1.amazonaws.com", signingRegion: "eu-west-1")),
        Case(description: "China regions use amazonaws.com.cn",
             region: "cn-north-1", expected: STSEndpoint(url: "https://sts.cn-north-1.amazonaws.com.cn", signingRegion: "cn-north-1")),
        Case(description: "no region: the global endpoint signed for us-east-1",
             expected: STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1")),
        Case(description: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS skips every configured URL",
             environment: ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL_STS": "http://x", "AWS_ENDPOINT_URL": "http://y"],
             services: "http://services", profile: "http://profile", region: "us-west-2",
             expected: STSEndpoint(url: "https://sts.us-west-2.amazonaws.com", signingRegion: "us-west-2")),
    ]

    @Test(arguments: cases)
    func endpoint_follows_the_documented_precedence(_ testCase: Case) throws {
        let endpoint = try STSEndpointResolver.resolve(
            environment: testCase.environment, servicesEndpointURL: testCase.services, profileEndpointURL: testCase.profile, region: testCase.region)
        #expect(endpoint == testCase.expected)
    }

    @Test func a_variant_the_partition_lacks_is_refused_in_one_line_naming_the_settings() {
        #expect(throws: STSError.invalidInput(
            "AWS offers no dual-stack endpoints in region eu-isoe-west-1 (partition aws-iso-e); "
                + "turn off AWS_USE_DUALSTACK_ENDPOINT or use_dualstack_endpoint, or pick another region")) {
            try STSEndpointResolver.resolve(environment: [:], servicesEndpointURL: nil, profileEndpointURL: nil,
                                            region: "eu-isoe-west-1", variant: EndpointVariant(fips: true, dualStack: true))
        }
        #expect(throws: STSError.invalidInput(
            "AWS offers no dual-stack endpoints in region us-isof-south-1 (partition aws-iso-f); "
                + "turn off AWS_USE_DUALSTACK_ENDPOINT or use_dualstack_endpoint, or pick another region")) {
            try STSEndpointResolver.identityCenterURL(.ssoOIDC, environment: [:], servicesEndpointURL: nil, profileEndpointURL: nil,
                                                      region: "us-isof-south-1", variant: EndpointVariant(dualStack: true))
        }
    }

    @Test(arguments: [
        ("us-east-1", "https://signin.aws.amazon.com/federation", "https://console.aws.amazon.com/console/home?region=us-east-1"),
        (nil, "https://signin.aws.amazon.com/federation", "https://console.aws.amazon.com/console/home"),
        ("us-gov-west-1", "https://signin.amazonaws-us-gov.com/federation", "https://console.amazonaws-us-gov.com/console/home?region=us-gov-west-1"),
        ("cn-northwest-1", "https://signin.amazonaws.cn/federation", "https://console.amazonaws.cn/console/home?region=cn-northwest-1"),
    ] as [(String?, String, String)])
    func the_console_hosts_follow_the_regions_partition(region: String?, federation: String, home: String) throws {
        let partition = try ConsolePartition(region: region)
        #expect(partition.federationEndpoint == federation)
        #expect(partition.consoleHome(region: region) == home)
    }

    @Test func a_partition_without_a_known_console_is_refused_in_one_line() {
        #expect(throws: ConsoleError.noConsole(region: "us-iso-east-1", partition: "aws-iso")) { try ConsolePartition(region: "us-iso-east-1") }
        #expect(ConsoleError.noConsole(region: "eu-isoe-west-1", partition: "aws-iso-e").errorDescription
            == "rolesh knows no AWS console sign-in for region eu-isoe-west-1 (partition aws-iso-e); sign in to that partition's console its own way")
    }

    @Test(arguments: [
        ([String: String](), nil, nil),
        ([:], "eu-central-1", "eu-central-1"),
        (["AWS_DEFAULT_REGION": "us-west-2"], "eu-central-1", "us-west-2"),
        (["AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "us-west-2"], "eu-central-1", "ap-south-1"),
        (["AWS_REGION": "", "AWS_DEFAULT_REGION": "us-west-2"], nil, "us-west-2"),
    ] as [([String: String], String?, String?)])
    func region_comes_from_aws_region_then_aws_default_region_then_the_profile(environment: [String: String], profile: String?, region: String?) {
        #expect(STSEndpointResolver.region(environment: environment, profileRegion: profile) == region)
    }

    @Test(arguments: [
        ([String: String](), HTTPTimeouts(connect: 5, total: 30)),
        (["ROLESH_TIMEOUT": "1"], HTTPTimeouts(connect: 5, total: 1)),
        (["ROLESH_CONNECT_TIMEOUT": "2.5", "ROLESH_TIMEOUT": "60"], HTTPTimeouts(connect: 2.5, total: 60)),
        (["ROLESH_TIMEOUT": ""], HTTPTimeouts(connect: 5, total: 30)),
    ])
    func timeouts_come_from_the_environment_with_defaults(environment: [String: String], timeouts: HTTPTimeouts) throws {
        #expect(try HTTPTimeouts(environment: environment) == timeouts)
    }

    @Test(arguments: [("ROLESH_TIMEOUT", "abc"), ("ROLESH_TIMEOUT", "0"), ("ROLESH_CONNECT_TIMEOUT", "-1"), ("ROLESH_TIMEOUT", "inf"), ("ROLESH_TIMEOUT", "5s")])
    func a_malformed_timeout_is_an_error_naming_the_variable(name: String, value: String) {
        #expect(throws: STSError.invalidInput("\(name)=\"\(value)\" is not a number of seconds: set it to e.g. 30, or unset it")) {
            try HTTPTimeouts(environment: [name: value])
        }
    }
}

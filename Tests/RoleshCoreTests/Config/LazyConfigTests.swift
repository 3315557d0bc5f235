// AWSConfig checks both files whole but builds a profile's entries only when asked for
// (INIFile): what it answers from bytes alone must be what the built entries say, and a
// fault in any section must still fail the file, as it fails botocore.
import Testing
@testable import RoleshCore

private func config(_ config: String, _ credentials: String = "") throws -> AWSConfig {
    try AWSConfig(configText: config, configFile: "/cfg", credentialsText: credentials, credentialsFile: "/creds")
}

/// Headers and keys that take the byte-level paths' unusual turns.
private let trickyConfig = """
    [DEFAULT]
    Credential_Source = Environment
    [profile plain]
    role_arn = arn:aws:iam::1:role/Plain
    credential_process = /bin/true
    web_identity_token_file = /t
    sso_session = s
    sso_start_url = https://x
    login_session = l
    [profile "with space"]
    ROLE_ARN = arn:aws:iam::1:role/Quoted
    [profile  spaced]
    region = eu-west-1
    [profile spaced]
    role_arn = arn:aws:iam::1:role/LaterWins
    [default]
    region = us-east-1
    [profile default]
    \u{212A}ey = kelvin
    [profile three words here]
    role_arn = arn:aws:iam::1:role/Dropped
    [sso-session s]
    sso_region = us-east-1
    [services svc]
    sts =
      endpoint_url = http://127.0.0.1:1

    """

private let trickyCredentials = """
    [only-keys]
    aws_access_key_id = AKIA
    aws_secret_access_key = secret
    [plain]
    aws_session_token = token

    """

@Test func names_and_keys_read_from_bytes_agree_with_the_built_entries() throws {
    let config = try config(trickyConfig, trickyCredentials)
    #expect(config.profileNames == ["default", "only-keys", "plain", "spaced", "with space"])
    // Every key INIFile notes as a bit while reading (KeySet), and others it reads again for.
    let keys = ["role_arn", "aws_access_key_id", "credential_process", "credential_source", "web_identity_token_file",
                "sso_session", "sso_start_url", "login_session", "region", "kelvin", "\u{212A}ey", "key",
                "aws_session_token", "sso_region", "missing"]
    for name in config.profileNames + ["missing", "three words here", "s", "svc"] {
        let built = (config.configSection(forProfile: name)?.entries ?? [:])
            .merging(config.credentialsSection(forProfile: name)?.entries ?? [:], uniquingKeysWith: { $1 })
        for key in keys {
            #expect(config.sets(key, inProfile: name) == (built[key] != nil), "\(name) \(key)")
        }
    }
    for keySet in [["role_arn"], ["aws_access_key_id"], ["region", "aws_session_token"], ["missing"]] {
        let expected = config.profileNames.filter { name in keySet.contains { config.sets($0, inProfile: name) } }
        #expect(config.profileNames(settingAnyOf: keySet) == expected)
        #expect(config.profileNameLines(settingAnyOf: keySet) == expected.map { $0 + "\n" }.joined())
    }
    #expect(try config.profile(named: "spaced")?.roleARN == "arn:aws:iam::1:role/LaterWins")
    #expect(try config.profile(named: "with space")?.roleARN == "arn:aws:iam::1:role/Quoted")
    #expect(config.configSection(forProfile: "default")?.entries["key"]?.value == .text("kelvin"))
    #expect(try config.profile(named: "plain")?.sessionToken == "token")
    var usesServices = Profile(name: "x")
    usesServices.services = "svc"
    #expect(config.stsEndpointURL(for: usesServices) == "http://127.0.0.1:1")
    #expect(config.stsEndpointURL(for: try #require(try config.profile(named: "plain"))) == nil)
}

/// 500 profiles with one fault in the last, far from the profile asked for.
private func configWithFaultAtTheEnd(_ fault: String) -> String {
    (1...500).map { "[profile p\($0)]\nrole_arn = arn:aws:iam::1:role/R\($0)\nregion = eu-west-1\n" }.joined() + fault
}

@Test(arguments: [
    ("[profile last]\nregion = a\nRegion = b\n", 1503, "key \"region\" appears twice in section [profile last]"),
    ("[profile p1]\nregion = a\n", 1501, "section [profile p1] appears twice"),
    ("[profile last]\ns3 =\n  no equals sign\n", 1502, "an indented sub-section line has no '='"),
    ("[profile last]\nthis line is stray\n", 1502, "the line is neither a [section], a key = value, nor a comment"),
])
func a_fault_anywhere_fails_the_file_though_one_profile_is_used(fault: String, line: Int, reason: String) {
    #expect(throws: ConfigError.syntax(SourceLocation(file: "/cfg", line: line), reason: reason)) {
        try ProfileResolver(config: try config(configWithFaultAtTheEnd(fault))).resolve(profileNamed: "p1")
    }
}

// Profiles as botocore merges and resolves them: which section is a profile, which file
// wins, and how source_profile chains end.
import Testing
@testable import RoleshCore

private func awsConfig(_ config: String, _ credentials: String = "") throws -> AWSConfig {
    try AWSConfig(configText: config, configFile: "/home/u/.aws/config",
                  credentialsText: credentials, credentialsFile: "/home/u/.aws/credentials")
}

private func resolve(_ name: String, _ config: String, _ credentials: String = "") throws -> RoleChain {
    try ProfileResolver(config: try awsConfig(config, credentials)).resolve(profileNamed: name)
}

private func resolutionError(_ name: String, _ config: String, _ credentials: String = "") -> ConfigError? {
    do {
        _ = try resolve(name, config, credentials)
        return nil
    } catch let error as ConfigError {
        return error
    } catch {
        return nil
    }
}

struct NamesCase: Sendable, CustomTestStringConvertible {
    var label: String
    var config: String
    var credentials: String
    var names: [String]
    var testDescription: String { label }
}

private let namesCases: [NamesCase] = [
    .init(label: "[profile x] and [default] are profiles, plain sections are not",
          config: "[default]\n[profile dev]\n[preview]\nk = v\n", credentials: "", names: ["default", "dev"]),
    .init(label: "a quoted profile name may hold spaces",
          config: "[profile \"my profile\"]\n", credentials: "", names: ["my profile"]),
    .init(label: "headers that are not two shell words are ignored (botocore's bad profiles)",
          config: "[profile personal1]\n[profile too many words]\n[profile]\n[profile 'open]\n[default]\n",
          credentials: "", names: ["default", "personal1"]),
    .init(label: "any header starting with `profile` counts, as in botocore",
          config: "[profilex y]\n", credentials: "", names: ["y"]),
    .init(label: "credentials sections are plain names, `profile x` included",
          config: "", credentials: "[prod]\n[profile odd]\n", names: ["prod", "profile odd"]),
    .init(label: "sso-session and services sections are not profiles",
          config: "[sso-session corp]\nsso_region = us-east-1\n[services local]\nsts =\n  endpoint_url = http://x\n",
          credentials: "", names: []),
    .init(label: "[DEFAULT] in the credentials file is not a profile",
          config: "", credentials: "[DEFAULT]\nregion = r\n[a]\n", names: ["a"]),
]

@Test(arguments: namesCases)
func profile_names_follow_botocore(_ case: NamesCase) throws {
    #expect(try awsConfig(`case`.config, `case`.credentials).profileNames == `case`.names)
}

@Test func credentials_file_values_override_config_values_key_by_key() throws {
    let profile = try #require(try awsConfig("[profile p]\nregion = eu-west-1\nrole_arn = arn:config\n",
                                             "[p]\nrole_arn = arn:credentials\n").profile(named: "p"))
    #expect(profile.roleARN == "arn:credentials")
    #expect(profile.region == "eu-west-1")
}

@Test(arguments: [
    ("[default]\nregion = a\n[profile default]\nregion = b\n", "b"),
    ("[profile default]\nregion = b\n[default]\nregion = a\n", "a"),
])
func the_later_of_default_and_profile_default_wins(config: String, region: String) throws {
    #expect(try awsConfig(config).profile(named: "default")?.region == region)
}

@Test func the_later_of_two_headers_naming_one_profile_wins() throws {
    let config = try awsConfig("[profile a]\nregion = first\n[profile  \"a\"]\nregion = second\n")
    #expect(try config.profile(named: "a")?.region == "second")
}

@Test func sts_endpoint_comes_from_the_services_section_the_profile_names() throws {
    let config = try awsConfig("[profile p]\nservices = local\n[services local]\nsts =\n  endpoint_url = http://127.0.0.1:5000\n")
    let profile = try #require(try config.profile(named: "p"))
    #expect(config.stsEndpointURL(for: profile) == "http://127.0.0.1:5000")
    #expect(config.stsEndpointURL(for: Profile(name: "other")) == nil)
}

@Test func duration_seconds_that_is_not_a_number_is_ignored_with_a_warning_naming_file_and_line() throws {
    let config = try awsConfig("[profile p]\nrole_arn = r\n\nduration_seconds = 1h\n[profile q]\nduration_seconds = +3_600\n")
    let profile = try #require(try config.profile(named: "p"))
    #expect(profile.durationSeconds == nil)
    #expect(profile.warnings == [
        #"/home/u/.aws/config:4: duration_seconds = 1h in profile "p" is not a whole number of seconds; it is ignored, as the aws CLI ignores it"#,
    ])
    // Python's int() takes a sign and underscores between digits; so does rolesh.
    #expect(try config.profile(named: "q")?.durationSeconds == 3600)
    #expect(try config.profile(named: "q")?.warnings == [])
}

@Test func sso_session_or_sso_start_url_beside_static_keys_is_a_static_key_profile_as_in_botocore() throws {
    let keys = "aws_access_key_id = K\naws_secret_access_key = S\n"
    for setting in ["sso_session = corp\n", "sso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"] {
        let chain = try resolve("s", "[profile s]\n\(setting)\(keys)[sso-session corp]\nsso_region = eu-west-1\n")
        #expect(chain.base as? StaticKeys == StaticKeys(profile: "s", keys: Credentials(accessKeyID: "K", secretAccessKey: "S")))
        #expect(chain.hops == [])
    }
}

@Test func an_sso_profile_is_an_sso_role_source_alone_and_as_the_base_of_a_chain_and_wins_over_keys() throws {
    let config = """
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-west-1
        [profile dev]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = Admin
        aws_access_key_id = K
        aws_secret_access_key = S
        [profile deploy]
        role_arn = arn:aws:iam::111111111111:role/Deploy
        source_profile = dev
        """
    let alone = try resolve("dev", config)
    let role = try #require(alone.base as? SSORole)
    #expect(role.settings.accountID == "111111111111" && role.settings.roleName == "Admin")
    #expect(role.settings.session.name == "corp" && role.settings.session.region == "eu-west-1")
    #expect(role.kind == .role)
    #expect(alone.hops == [])
    let chained = try resolve("deploy", config)
    #expect((chained.base as? SSORole)?.profile == "dev")
    #expect(chained.hops.map(\.roleARN) == ["arn:aws:iam::111111111111:role/Deploy"])
}

@Test func a_chain_carries_the_warnings_of_each_of_its_profiles_and_each_hops_mfa_process() throws {
    let chain = try resolve("a", """
        [profile a]
        role_arn = arn:a
        source_profile = b
        duration_seconds = one hour
        mfa_serial = arn:aws:iam::123456789012:mfa/a
        mfa_process = ykman oath accounts code --single a
        [profile b]
        role_arn = arn:b
        source_profile = c
        duration_seconds = 2h
        [profile c]
        aws_access_key_id = K
        aws_secret_access_key = S
        """)
    #expect(chain.warnings == [
        #"/home/u/.aws/config:4: duration_seconds = one hour in profile "a" is not a whole number of seconds; it is ignored, as the aws CLI ignores it"#,
        #"/home/u/.aws/config:10: duration_seconds = 2h in profile "b" is not a whole number of seconds; it is ignored, as the aws CLI ignores it"#,
    ])
    #expect(chain.hops.map(\.durationSeconds) == [nil, nil])
    #expect(chain.hops.map(\.mfaProcess) == [nil, "ykman oath accounts code --single a"])
}

@Test(arguments: [
    ([:], "default"),
    (["AWS_PROFILE": "b"], "b"),
    (["AWS_DEFAULT_PROFILE": "a", "AWS_PROFILE": "b"], "a"),
    (["AWS_DEFAULT_PROFILE": "", "AWS_PROFILE": "b"], "default"),
])
func the_environment_selects_the_profile(environment: [String: String], name: String) {
    #expect(ProfileResolver.selectedProfileName(environment: environment) == name)
}

private let keys = "aws_access_key_id = AK\naws_secret_access_key = SK\n"

@Test func a_role_chain_resolves_hop_by_hop_from_the_innermost_source() throws {
    let chain = try resolve("a", """
        [profile a]
        role_arn = arn:a
        source_profile = b
        mfa_serial = arn:mfa
        external_id = ext
        role_session_name = me
        duration_seconds = 900
        [profile b]
        role_arn = arn:b
        source_profile = c
        [profile c]
        \(keys)
        """)
    #expect(chain.base as? StaticKeys == StaticKeys(profile: "c", keys: Credentials(accessKeyID: "AK", secretAccessKey: "SK")))
    #expect(chain.hops == [
        RoleHop(profile: "b", roleARN: "arn:b"),
        RoleHop(profile: "a", roleARN: "arn:a", externalID: "ext", mfaSerial: "arn:mfa", roleSessionName: "me", durationSeconds: 900),
    ])
}

@Test func in_the_selected_profile_role_arn_wins_over_static_keys() throws {
    let chain = try resolve("a", "[profile a]\nrole_arn = arn:a\nsource_profile = b\n\(keys)[profile b]\naws_access_key_id = BK\naws_secret_access_key = BS\n")
    #expect(chain.hops.map(\.roleARN) == ["arn:a"])
    #expect(chain.base as? StaticKeys == StaticKeys(profile: "b", keys: Credentials(accessKeyID: "BK", secretAccessKey: "BS")))
}

@Test func in_a_source_profile_static_keys_win_over_role_arn() throws {
    let chain = try resolve("a", "[profile a]\nrole_arn = arn:a\nsource_profile = b\n[profile b]\nrole_arn = arn:b\nsource_profile = c\n\(keys)")
    #expect(chain.hops.map(\.roleARN) == ["arn:a"])
    #expect(chain.base as? StaticKeys == StaticKeys(profile: "b", keys: Credentials(accessKeyID: "AK", secretAccessKey: "SK")))
}

@Test func a_profile_may_source_its_own_static_keys() throws {
    let chain = try resolve("a", "[profile a]\nrole_arn = arn:a\nsource_profile = a\n\(keys)")
    #expect(chain.base as? StaticKeys == StaticKeys(profile: "a", keys: Credentials(accessKeyID: "AK", secretAccessKey: "SK")))
    #expect(chain.hops.map(\.roleARN) == ["arn:a"])
}

@Test func credentials_file_keys_beat_credential_process_which_beats_config_keys() throws {
    let process = "[profile p]\ncredential_process = /bin/creds --profile 'p q'\n\(keys)"
    #expect((try resolve("p", process).base as? CredentialProcess)?.commandLine == "/bin/creds --profile 'p q'")
    #expect(try resolve("p", process, "[p]\naws_access_key_id = CK\naws_secret_access_key = CS\naws_session_token = T\n").base as? StaticKeys == StaticKeys(profile: "p", keys: Credentials(accessKeyID: "CK", secretAccessKey: "CS", sessionToken: "T")))
}

@Test func credential_source_environment_starts_from_the_environment() throws {
    let chain = try resolve("e", "[profile e]\nrole_arn = arn:e\ncredential_source = Environment\n")
    #expect(chain.base is EnvironmentKeys)
    #expect(chain.hops.map(\.roleARN) == ["arn:e"])
}

@Test func metadata_credential_sources_start_from_the_container_or_the_instance() throws {
    let ecs = try resolve("e", "[profile e]\nrole_arn = arn:e\ncredential_source = EcsContainer\n")
    #expect(ecs.base is ContainerCredentials)
    #expect(ecs.hops.map(\.roleARN) == ["arn:e"])
    let ec2 = try resolve("i", "[profile i]\nrole_arn = arn:i\ncredential_source = Ec2InstanceMetadata\n"
                          + "ec2_metadata_service_endpoint = http://127.0.0.1:9/\n")
    #expect((ec2.base as? InstanceMetadata)?.profileSettings["ec2_metadata_service_endpoint"] == "http://127.0.0.1:9/")
    #expect(try ec2.base.identity() == "ec2-instance-metadata:http://127.0.0.1:9/")
    #expect(ec2.base.kind == .role)
}

@Test func metadata_settings_come_from_the_selected_profile_not_the_one_naming_the_source() throws {
    let chain = try resolve("top", "[profile top]\nrole_arn = arn:top\nsource_profile = i\nec2_metadata_v1_disabled = true\n"
                            + "[profile i]\nrole_arn = arn:i\ncredential_source = Ec2InstanceMetadata\nec2_metadata_v1_disabled = false\n")
    #expect((chain.base as? InstanceMetadata)?.profileSettings["ec2_metadata_v1_disabled"] == "true")
    #expect(chain.hops.map(\.roleARN) == ["arn:i", "arn:top"])
}

@Test func a_web_identity_profile_is_its_own_source_alone_and_under_a_role() throws {
    let config = "[profile ci]\nrole_arn = arn:aws:iam::111111111111:role/CI\nweb_identity_token_file = /run/token\n"
        + "role_session_name = gha\n[profile deploy]\nrole_arn = arn:deploy\nsource_profile = ci\n"
    let alone = try #require(try resolve("ci", config).base as? WebIdentity)
    #expect([alone.roleARN, alone.tokenFile, alone.sessionName] == ["arn:aws:iam::111111111111:role/CI", "/run/token", "gha"])
    #expect(try resolve("ci", config).hops.isEmpty)
    let chained = try resolve("deploy", config)
    #expect((chained.base as? WebIdentity)?.profile == "ci")
    #expect(chained.hops.map(\.roleARN) == ["arn:deploy"])
}

struct FailureCase: Sendable, CustomTestStringConvertible {
    var label: String
    var profile: String
    var config: String
    var credentials: String = ""
    var error: ConfigError
    var testDescription: String { label }
}

private let failureCases: [FailureCase] = [
    .init(label: "a loop names the whole chain", profile: "a",
          config: "[profile a]\nrole_arn = x\nsource_profile = b\n[profile b]\nrole_arn = y\nsource_profile = a\n",
          error: .loop(["a", "b", "a"])),
    .init(label: "a self reference without keys is a loop", profile: "a",
          config: "[profile a]\nrole_arn = x\nsource_profile = a\n", error: .loop(["a", "a"])),
    .init(label: "a missing profile lists close names", profile: "prd",
          config: "[profile prod]\n\(keys)[profile dev]\n\(keys)", error: .profileNotFound("prd", closeNames: ["prod"])),
    .init(label: "a missing source profile says which", profile: "a",
          config: "[profile a]\nrole_arn = x\nsource_profile = bse\n[profile base]\n\(keys)",
          error: .sourceProfileNotFound("bse", referencedBy: "a", closeNames: ["base"])),
    .init(label: "source_profile and credential_source together", profile: "a",
          config: "[profile a]\nrole_arn = x\nsource_profile = b\ncredential_source = Environment\n[profile b]\n\(keys)",
          error: .bothSources(profile: "a")),
    .init(label: "a role with no source", profile: "a", config: "[profile a]\nrole_arn = x\n", error: .noSource(profile: "a")),
    .init(label: "a web identity token file without role_arn", profile: "w",
          config: "[profile w]\nweb_identity_token_file = /t\n", error: .webIdentityWithoutRoleARN(profile: "w")),
    .init(label: "credential_source names are case-sensitive", profile: "a",
          config: "[profile a]\nrole_arn = x\ncredential_source = environment\n",
          error: .credentialSourceInvalid(profile: "a", source: "environment")),
    .init(label: "a source profile without credentials", profile: "a",
          config: "[profile a]\nrole_arn = x\nsource_profile = b\n[profile b]\nregion = r\n", error: .noCredentials(profile: "b")),
    .init(label: "an access key without its secret", profile: "p",
          config: "", credentials: "[p]\naws_access_key_id = AK\n",
          error: .partialCredentials(profile: "p", missing: "aws_secret_access_key", file: "/home/u/.aws/credentials")),
    .init(label: "an SSO profile whose sso-session does not exist", profile: "s",
          config: "[profile s]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n",
          error: .ssoSessionNotFound("corp", closeNames: [])),
    .init(label: "sso_role_name alone makes an SSO profile, keys or not", profile: "s",
          config: "[profile s]\nsso_role_name = Admin\naws_access_key_id = K\naws_secret_access_key = S\n",
          error: .ssoSettingsMissing(profile: "s", missing: ["sso_account_id", "sso_start_url", "sso_region"])),
    .init(label: "sso_session alone is no credential source", profile: "s",
          config: "[profile s]\nsso_session = corp\n", error: .noCredentials(profile: "s")),
]

@Test(arguments: failureCases)
func resolution_failures_say_what_is_wrong(_ case: FailureCase) {
    #expect(resolutionError(`case`.profile, `case`.config, `case`.credentials) == `case`.error)
}

@Test func a_loop_message_shows_the_chain() {
    #expect(ConfigError.loop(["a", "b", "a"]).errorDescription?.hasPrefix("profile loop: a -> b -> a") == true)
}

@Test func load_honours_the_environment_and_treats_missing_files_as_empty() throws {
    let home = try TestFolder()
    try home.write("custom/config", "[profile p]\nregion = r\n")
    let config = try AWSConfig.load(environment: ["HOME": home.path, "AWS_CONFIG_FILE": "~/custom/config",
                                                  "AWS_SHARED_CREDENTIALS_FILE": "$HOME/missing"])
    #expect(config.configFile == "\(home.path)/custom/config")
    #expect(config.credentialsFile == "\(home.path)/missing")
    #expect(config.profileNames == ["p"])
}

@Test func load_reads_the_home_folder_files_by_default() throws {
    let home = try TestFolder()
    try home.write(".aws/credentials", "[c]\n\(keys)")
    let config = try AWSConfig.load(environment: ["HOME": home.path])
    #expect(config.profileNames == ["c"])
    #expect(config.configFile == "\(home.path)/.aws/config")
}

@Test func load_rejects_a_file_that_is_not_utf8() throws {
    let home = try TestFolder()
    try home.write(".aws/config", [0x5B, 0x61, 0x5D, 0x0A, 0xFF, 0x0A])
    #expect(throws: ConfigError.notUTF8(file: "\(home.path)/.aws/config")) {
        try AWSConfig.load(environment: ["HOME": home.path])
    }
}

// Found by Fuzz/ConfigFuzzer: a value continued on an indented line holds a line break,
// and an error quoting it must still be one line.
@Test func a_value_over_several_lines_is_escaped_onto_one_line_in_errors() throws {
    let error = try #require(resolutionError("p", "[profile p]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = a\n  b\n"))
    #expect(error.errorDescription?.hasPrefix(#"source_profile "a\nb" of profile "p" does not exist"#) == true)
}

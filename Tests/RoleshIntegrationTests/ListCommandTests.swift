// `rolesh list` through the built binary against a temporary HOME.
import Foundation
import Testing
import RoleshTestSupport

private let config = """
    [default]
    region = us-east-1
    [profile prod]
    role_arn = arn:aws:iam::123456789012:role/Prod
    source_profile = default
    mfa_serial = arn:aws:iam::123456789012:mfa/me
    region = eu-west-1
    [profile tool]
    credential_process = /usr/local/bin/creds
    [profile ci]
    role_arn = arn:aws:iam::123456789012:role/CI
    credential_source = Environment
    [profile settings-only]
    region = ap-south-1
    [profile dev]
    sso_session = corp
    sso_account_id = 111111111111
    sso_role_name = Admin
    region = eu-west-1
    [profile legacy]
    sso_start_url = https://corp.awsapps.com/start
    sso_region = us-east-1
    sso_account_id = 222222222222
    sso_role_name = ReadOnly
    [profile bearer-only]
    sso_session = corp
    [sso-session corp]
    sso_region = us-east-1

    """

private let credentials = "[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n"

/// A HOME holding `.aws/config` and `.aws/credentials`.
private func home(config: String, credentials: String = "") throws -> String {
    let folder = try TestPaths.temporaryFolder("rolesh-list")
    try FileManager.default.createDirectory(atPath: "\(folder)/.aws", withIntermediateDirectories: true)
    try config.write(toFile: "\(folder)/.aws/config", atomically: true, encoding: .utf8)
    try credentials.write(toFile: "\(folder)/.aws/credentials", atomically: true, encoding: .utf8)
    return folder
}

private func list(_ arguments: [String], home: String) throws -> ProcessResult {
    try runProcess(TestPaths.rolesh, ["list"] + arguments, environment: ["HOME": home, "PATH": "/usr/bin:/bin"])
}

@Test func list_prints_a_table_of_assumable_profiles() throws {
    let result = try list([], home: try home(config: config, credentials: credentials))
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(result.stdout == """
        NAME     ROLE ARN                             SOURCE                          REGION
        ci       arn:aws:iam::123456789012:role/CI    Environment                     -
        default  static keys                          -                               us-east-1
        dev      sso 111111111111 Admin               sso-session corp                eu-west-1
        legacy   sso 222222222222 ReadOnly            https://corp.awsapps.com/start  -
        prod     arn:aws:iam::123456789012:role/Prod  default                         eu-west-1
        tool     credential_process                   -                               -

        """)
}

@Test func list_names_prints_one_name_per_line() throws {
    let result = try list(["--names"], home: try home(config: config, credentials: credentials))
    #expect(result.status == 0)
    #expect(result.stderr == "")
    // SSO roles are offered as any other; a profile with sso_session alone is not one (botocore).
    #expect(result.stdout == "ci\ndefault\ndev\nlegacy\nprod\ntool\n")
}

@Test func list_json_is_a_stable_array_with_nulls() throws {
    let result = try list(["--json"], home: try home(config: config, credentials: credentials))
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let objects = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    #expect(objects.map { $0["name"] as? String } == ["ci", "default", "dev", "legacy", "prod", "tool"])
    #expect(objects.allSatisfy {
        Set($0.keys) == ["name", "role_arn", "source_profile", "credential_source", "region", "mfa_serial",
                         "sso_account_id", "sso_role_name", "sso_session"]
    })
    let dev = objects[2]
    #expect(dev["sso_account_id"] as? String == "111111111111")
    #expect(dev["sso_role_name"] as? String == "Admin")
    #expect(dev["sso_session"] as? String == "corp")
    #expect(objects[3]["sso_session"] is NSNull)
    #expect(objects[3]["sso_role_name"] as? String == "ReadOnly")
    let prod = objects[4]
    #expect(prod["role_arn"] as? String == "arn:aws:iam::123456789012:role/Prod")
    #expect(prod["mfa_serial"] as? String == "arn:aws:iam::123456789012:mfa/me")
    #expect(prod["credential_source"] is NSNull)
    #expect(result.stdout.split(separator: "\n")[1].hasPrefix(#"  {"name": "ci", "role_arn": "#))
}

@Test func list_of_a_broken_file_names_file_and_line_and_prints_nothing() throws {
    let folder = try home(config: "[profile a]\nregion = x\n[profile b]\nregion = y\nregion = z\n")
    for arguments in [[], ["--names"], ["--json"]] {
        let result = try list(arguments, home: folder)
        #expect(result.status != 0)
        #expect(result.stdout == "")
        #expect(result.stderr == "rolesh: \(folder)/.aws/config:5: key \"region\" appears twice in section [profile b]; fix the file (the aws CLI rejects it too)\n")
    }
}

@Test(arguments: [
    (["--json", "--names"], "--json and --names cannot be used together"),
    (["--sso-sessions", "--names"], "--names and --sso-sessions cannot be used together"),
    (["--json", "--names", "--sso-sessions"], "--json, --names and --sso-sessions cannot be used together"),
])
func list_refuses_two_formats_together(arguments: [String], message: String) throws {
    let result = try list(arguments, home: try home(config: config))
    #expect(result.status != 0)
    #expect(result.stdout == "")
    #expect(result.stderr.contains(message), "\(result.stderr)")
}

@Test func list_sso_sessions_prints_the_sso_session_names_sorted_one_per_line() throws {
    // What `--sso-session` completes from: every [sso-session] section, used or not, set up
    // or not (the error of a missing sso_start_url belongs to the command that uses it).
    let sessions = config + "[sso-session \"two words\"]\nsso_region = eu-west-1\n[sso-session Alpha]\n"
    let result = try list(["--sso-sessions"], home: try home(config: sessions))
    #expect(result.status == 0 && result.stdout == "Alpha\ncorp\ntwo words\n", "\(result)")
    let none = try list(["--sso-sessions"], home: try home(config: "[profile a]\nregion = x\n"))
    #expect(none.status == 0 && none.stdout == "" && none.stderr == "", "\(none)")
}

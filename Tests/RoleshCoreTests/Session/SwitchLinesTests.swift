// What status calls the bottom of the stack, and the one line a switch says (issue 13 §4).
import FoundationEssentials
@testable import RoleshCore
import Testing

@Test(arguments: [
    (["AWS_PROFILE": "base"], "AWS_PROFILE=base"),
    (["AWS_DEFAULT_PROFILE": "ops", "AWS_PROFILE": "base"], "AWS_DEFAULT_PROFILE=ops"),
    (["AWS_ACCESS_KEY_ID": "AKIA", "AWS_PROFILE": "base"], "keys from the environment"),
    (["AWS_PROFILE": nil, "AWS_ACCESS_KEY_ID": nil], "no credentials"),
] as [([String: String?], String)])
func status_names_the_bottom_of_the_stack_for_what_the_shell_had(saved: [String: String?], label: String) {
    #expect(SwitchLines.baseLabel(saved: saved) == label)
}

@Test(arguments: [
    ("arn:aws:iam::222222222222:role/prod", "us-west-2", 3600, "rolesh: prod (222222222222, us-west-2) for 1h00m\n"),
    ("", "eu-west-1", 43_200, "rolesh: prod (no role ARN, eu-west-1) for 12h00m\n"),
    ("arn:aws:iam::222222222222:role/prod", nil, 300, "rolesh: prod (222222222222, no region) for 5m\n"),
    ("not-an-arn", nil, nil, "rolesh: prod (no role ARN, no region) with no expiry\n"),
] as [(String, String?, Int?, String)])
func a_switch_says_role_account_region_and_time_left(arn: String, region: String?, seconds: Int?, line: String) {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let credentials = Credentials(accessKeyID: "ASIA", secretAccessKey: "s", sessionToken: "t",
                                  expiration: seconds.map { now.addingTimeInterval(Double($0)) })
    let identity = ActiveIdentity(role: "prod", roleARN: arn, credentials: credentials, region: region)
    #expect(SwitchLines.arrived(at: identity, over: [:], now: now) == line)
}

@Test func an_exit_says_what_the_shell_is_back_to() {
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    let role: [String: String?] = [
        "ROLESH_ROLE": "dev", "ROLESH_ROLE_ARN": "arn:aws:iam::111111111111:role/Dev", "AWS_REGION": "eu-west-1",
        "ROLESH_EXPIRES": "1800001800",
    ]
    #expect(SwitchLines.back(to: role, now: now) == "rolesh: back to dev (111111111111, eu-west-1) for 30m\n")
    #expect(SwitchLines.back(to: ["AWS_PROFILE": "base", "ROLESH_ROLE": nil], now: now) == "rolesh: back to AWS_PROFILE=base\n")
}

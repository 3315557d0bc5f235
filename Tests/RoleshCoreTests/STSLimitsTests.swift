@testable import RoleshCore
import Testing

@Suite struct STSLimitsTests {
    @Test(arguments: [
        ("3600", 3600), ("900", 900), ("1h", 3600), ("45m", 2700), ("1h30m", 5400), ("90s", 90), ("2h0m5s", 7205), ("12h", 43200),
    ])
    func durations_parse_as_seconds_or_units(text: String, seconds: Int) throws {
        #expect(try STSLimits.parseDuration(text) == seconds)
    }

    @Test(arguments: ["", "h", "1x", "30m1h", "1h1h", "1.5h", "-1h", " 1h", "1H", "1h 30m", "1234567m", "m5"])
    func malformed_durations_are_refused_with_the_accepted_forms(text: String) {
        #expect(throws: STSError.invalidInput(
            "duration \"\(text)\" is not valid: use seconds (3600) or h/m/s units (1h, 45m, 1h30m, 90s)")) { try STSLimits.parseDuration(text) }
    }

    @Test(arguments: [
        ("alice", "alice"),
        ("jos\u{E9} garc\u{ED}a", "jos--garc-a"),
        ("DOMAIN\\bob", "DOMAIN-bob"),
        ("a", "a-rolesh"),
        ("", "rolesh"),
        ("first.last+ops=1,x@y_z-w", "first.last+ops=1,x@y_z-w"),
        (String(repeating: "x", count: 70), String(repeating: "x", count: 64)),
    ])
    func local_user_names_are_sanitised_into_session_names(raw: String, name: String) throws {
        #expect(STSLimits.sanitizedSessionName(raw) == name)
        try STSLimits.validateSessionName(STSLimits.sanitizedSessionName(raw))
    }

    @Test(arguments: [
        ("x", "role session name \"x\" must be 2-64 characters, it has 1"),
        (String(repeating: "y", count: 65), "role session name \"\(String(repeating: "y", count: 65))\" must be 2-64 characters, it has 65"),
        ("a/b", "role session name \"a/b\" may only use letters, digits and + = , . @ _ -"),
        ("caf\u{E9}", "role session name \"caf\u{E9}\" may only use letters, digits and + = , . @ _ -"),
    ])
    func session_names_outside_the_charset_or_length_are_refused(name: String, message: String) {
        #expect(throws: STSError.invalidInput(message)) { try STSLimits.validateSessionName(name) }
    }

    @Test(arguments: [
        "arn:aws:iam::123456789012:role/Prod", "arn:aws-cn:iam::123456789012:role/a/b/Deploy", "arn:aws-us-gov:iam::000000000000:role/x",
    ])
    func role_arns_of_every_partition_are_accepted(arn: String) throws {
        try STSLimits.validateRoleARN(arn)
    }

    @Test(arguments: [
        "Prod", "arn:aws:iam::123456789012:user/alice", "arn:aws:iam::12345678901:role/Prod", "arn:aws:iam:us-east-1:123456789012:role/Prod",
        "arn:aws:sts::123456789012:role/Prod", "arn:aws:iam::123456789012:role/", "arn:aws:iam::123456789012:role/path/", "arn:gcp:iam::123456789012:role/x",
        "arn:aws:iam::12345678901a:role/Prod",
    ])
    func anything_but_a_role_arn_is_refused(arn: String) {
        #expect(throws: STSError.invalidInput("\"\(arn)\" is not a role ARN: expected arn:aws:iam::123456789012:role/NAME")) {
            try STSLimits.validateRoleARN(arn)
        }
    }

    static let arn = "arn:aws:iam::123456789012:role/Prod"
    static let mfa = "arn:aws:iam::123456789012:mfa/alice"

    static let limits: [(AssumeRoleRequest, Bool, String?)] = [
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", durationSeconds: 900), false, nil),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", durationSeconds: 43200), false, nil),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", durationSeconds: 899), false, "duration 899 s is outside AssumeRole's 900-43200 s (15m to 12h)"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", durationSeconds: 43201), false, "duration 43201 s is outside AssumeRole's 900-43200 s (15m to 12h)"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", durationSeconds: 3600), true, nil),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", durationSeconds: 3601), true, "duration 3601 s is too long for a chained role session: at most 3600 s (1h)"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", tags: (1...50).map { SessionTag(key: "k\($0)", value: "") }), false, nil),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", tags: [SessionTag(key: "", value: "v")]), false, "tag key \"\" must be 1-128 characters"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", tags: [SessionTag(key: String(repeating: "k", count: 129), value: "v")]), false,
         "tag key \"\(String(repeating: "k", count: 32))\" must be 1-128 characters"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", tags: [SessionTag(key: "k", value: String(repeating: "\u{E9}", count: 256))]), false, nil),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", tags: [SessionTag(key: "k", value: String(repeating: "v", count: 257))]), false,
         "the value of tag \"k\" must be at most 256 characters"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", transitiveTagKeys: [""]), false, "tag key \"\" must be 1-128 characters"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", policyARNs: Array(repeating: "arn:aws:iam::aws:policy/ReadOnlyAccess", count: 10)), false, nil),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", policyARNs: Array(repeating: "arn:aws:iam::aws:policy/ReadOnlyAccess", count: 11)), false,
         "at most 10 policy ARNs are allowed, 11 given"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", policyARNs: ["ReadOnlyAccess"]), false, "policy ARN \"ReadOnlyAccess\" is not an ARN of 20-2048 characters"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", policy: String(repeating: " ", count: 2049)), false, "the session policy must be 1-2048 characters, it has 2049"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", externalID: "x"), false,
         "the external ID must be 2-1224 characters of letters, digits and + = , . @ : / _ -"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", externalID: String(repeating: "e", count: 1225)), false,
         "the external ID must be 2-1224 characters of letters, digits and + = , . @ : / _ -"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", externalID: String(repeating: "e", count: 1224)), false, nil),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", externalID: "has space"), false,
         "the external ID must be 2-1224 characters of letters, digits and + = , . @ : / _ -"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", sourceIdentity: "a"), false,
         "source identity \"a\" must be 2-64 characters of letters, digits and + = , . @ _ -"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", sourceIdentity: String(repeating: "s", count: 64)), false, nil),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", serialNumber: mfa, tokenCode: "12345"), false, "the MFA code must be 6 digits"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", serialNumber: mfa, tokenCode: "12345a"), false, "the MFA code must be 6 digits"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", serialNumber: "short", tokenCode: "123456"), false,
         "\"short\" is not an MFA device serial number or ARN"),
        (AssumeRoleRequest(roleARN: arn, sessionName: "ab", serialNumber: mfa, tokenCode: "012345"), false, nil),
    ]

    @Test(arguments: limits)
    func assume_role_parameters_are_held_to_sts_limits(request: AssumeRoleRequest, isRoleChain: Bool, message: String?) throws {
        if let message {
            #expect(throws: STSError.invalidInput(message)) { try STSLimits.validate(request, isRoleChain: isRoleChain) }
        } else {
            try STSLimits.validate(request, isRoleChain: isRoleChain)
        }
    }

    @Test func a_request_whose_code_is_still_to_be_asked_is_checked_without_it() throws {
        let request = AssumeRoleRequest(roleARN: Self.arn, sessionName: "ab", serialNumber: Self.mfa)
        try STSLimits.validate(request, codeToCome: true)
        #expect(throws: STSError.tokenCodeRequired(serialNumber: Self.mfa)) { try STSLimits.validate(request) }
        // Everything else is still checked before the question.
        #expect(throws: STSError.invalidInput("\"short\" is not an MFA device serial number or ARN")) {
            try STSLimits.validate(AssumeRoleRequest(roleARN: Self.arn, sessionName: "ab", serialNumber: "short"), codeToCome: true)
        }
    }

    @Test func the_token_code_is_never_quoted_in_its_error() throws {
        let error = try #require(throws: STSError.self) { try STSLimits.validateTokenCode("98765") }
        #expect(error.localizedDescription == "the MFA code must be 6 digits")
    }

    @Test(arguments: [(900, true), (129600, true), (899, false), (129601, false)])
    func session_token_durations_run_from_15_minutes_to_36_hours(seconds: Int, valid: Bool) {
        let outcome = Result { try STSLimits.validate(SessionTokenRequest(durationSeconds: seconds)) }
        #expect(((try? outcome.get()) != nil) == valid)
    }
}

@Test(arguments: ["eu-west-1", "us-gov-west-1", "cn-north-1", "local"])
func region_names_are_accepted(region: String) throws {
    try STSLimits.validateRegion(region)
}

@Test(arguments: ["", "eu-west-1\nX-Injected: 1", "-eu", "eu-", "eu west", "eu/west", "$(touch x)", String(repeating: "a", count: 64)])
func anything_else_is_not_a_region_and_says_so_on_one_line(region: String) {
    do {
        try STSLimits.validateRegion(region)
        Issue.record("accepted \(region.debugDescription)")
    } catch {
        #expect(error.message.contains("is not a region name"))
        #expect(!error.message.contains("\n"))
    }
}

// The JSON sealed in frames and cache entries is written and read by hand (Support/JSON.swift):
// every value must come back as it went in, the frames an earlier rolesh wrote (Foundation's
// JSONEncoder) must still open, and anything that is not JSON must be refused.
import Foundation
import Testing
@testable import RoleshCore

/// Values that take every escape: quotes, backslashes, control characters, a NUL, line and
/// paragraph separators, astral scalars, and the `/` Foundation escaped.
private let hostile = ["", "plain", "a\"b\\c/d", "\u{0}\u{1}\u{1F}\n\r\t\u{08}\u{0C}", "é ✓ 𝄞 \u{2028}\u{2029}", "$(touch x) `y` 'z'"]

@Test func a_frame_comes_back_from_its_json_as_it_went_in() throws {
    var spec = AssumeSpec(profile: hostile[2])
    spec.chain = true
    spec.durationSeconds = 900
    spec.sessionName = hostile[3]
    spec.externalID = hostile[4]
    spec.mfaSerial = "arn:aws:iam::1:mfa/u"
    spec.sourceIdentity = hostile[5]
    spec.tags = [SessionTag(key: "k", value: hostile[3]), SessionTag(key: hostile[4], value: "")]
    spec.transitiveTagKeys = ["k", hostile[2]]
    spec.policyARNs = ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    spec.region = "eu-west-1"
    var saved: [String: String?] = ["AWS_PROFILE": nil]
    for (index, value) in hostile.enumerated() { saved["VAR_\(index)"] = .some(value) }
    let frames = [
        Frame(id: "a", parent: nil, session: "s", role: "r", roleARN: "arn", expires: 1, created: 0,
              spec: AssumeSpec(roleARN: "arn:aws:iam::1:role/R"), saved: [:]),
        Frame(id: "b", parent: "a", session: "s", role: hostile[4], roleARN: hostile[2], expires: Int.max, created: -1,
              spec: spec, saved: saved),
    ]
    for frame in frames {
        #expect(Frame(json: frame.json) == frame)
        // What rolesh writes is JSON to another reader too.
        #expect(try JSONSerialization.jsonObject(with: Data(frame.json)) is [String: Any])
    }
}

@Test func a_frame_written_by_the_codable_format_still_opens() throws {
    // As Foundation's JSONEncoder wrote frames before: `/` escaped, keys in its order.
    let written = #"{"id":"f1","session":"s1","role":"prod","role_arn":"arn:aws:iam::123456789012:role\/Prod","expires":1790000000,"created":1789996400,"spec":{"profile":"prod","chain":false,"tags":[{"key":"team","value":"a\/b"}],"transitiveTagKeys":[],"policyARNs":[]},"saved":{"AWS_PROFILE":"base","AWS_REGION":null}}"#
    let frame = try #require(Frame(json: Array(written.utf8)))
    #expect(frame.roleARN == "arn:aws:iam::123456789012:role/Prod")
    #expect(frame.parent == nil)
    #expect(frame.spec.tags == [SessionTag(key: "team", value: "a/b")])
    let expected: [String: String?] = ["AWS_PROFILE": "base", "AWS_REGION": nil]
    #expect(frame.saved == expected)
}

@Test func a_cached_role_comes_back_from_its_json_as_it_went_in() {
    let roles = [
        CachedRole(credentials: Credentials(accessKeyID: "ASIA", secretAccessKey: hostile[2], sessionToken: hostile[4],
                                            expiration: Date(timeIntervalSince1970: 1_790_000_000.25)), roleARN: "arn"),
        CachedRole(credentials: Credentials(accessKeyID: "AKIA", secretAccessKey: "s"), roleARN: hostile[3]),
    ]
    for role in roles {
        #expect(CachedRole(json: role.json) == role)
    }
}

@Test(arguments: [
    (#"{"a":[1,-0.5e+3,true,false,null,"\u00e9\ud834\udd1e"]}"#, true),
    (" {} ", true),
    (#"{"a":1,}"#, false),
    (#"{"a" 1}"#, false),
    ("[01]", false),
    ("[1.]", false),
    ("[.5]", false),
    ("[+1]", false),
    (#"["\x"]"#, false),
    (#"["\u12g4"]"#, false),
    (#"["\ud834"]"#, false),
    ("[\"tab\there\"]", false),
    ("[1] [2]", false),
    ("[tru]", false),
    ("", false),
    (String(repeating: "[", count: 40) + String(repeating: "]", count: 40), false),
])
func the_reader_takes_json_and_nothing_else(text: String, isJSON: Bool) {
    #expect((JSONValue(parsing: Array(text.utf8)) != nil) == isJSON)
}

import Foundation
@testable import RoleshCore
import Testing

@Test func sso_cache_files_are_named_by_the_sha1_the_aws_cli_uses() throws {
    // The research note's values, computed with botocore's _generate_cache_key.
    #expect(try SSOTokenCache.fileName(for: .session("corp")) == "ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
    #expect(try SSOTokenCache.fileName(for: .startURL("https://corp.awsapps.com/start"))
        == "a51746d4aa793ae07b25e90c3a5db96fc7832bd7.json")
    // FIPS 180 known answers.
    #expect(try SHA1.hexDigest("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(try SHA1.hexDigest("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d")
}

/// Every form the aws CLI (v1, v2), botocore's default serialiser, granted, aws-vault and
/// soto write, and the instant each names.
private let timestampCases: [(String, Double?)] = [
    ("2026-12-02T10:00:00Z", 1_796_205_600),
    ("2026-12-02T10:00:00.216Z", 1_796_205_600.216),
    ("2026-12-02T21:00:00+11:00", 1_796_205_600),
    ("2026-12-02T05:00:00-0500", 1_796_205_600),
    ("2026-12-02T10:00:00UTC", 1_796_205_600),
    ("2026-12-02T10:00:00 UTC", 1_796_205_600),
    ("2026-12-02 10:00:00+00:00", 1_796_205_600),
    ("2024-02-29T00:00:00Z", 1_709_164_800),
    ("1970-01-01T00:00:00Z", 0),
    ("2026-12-02T10:00:00", nil),
    ("2026-02-29T10:00:00Z", nil),
    ("2026-12-02T24:00:00Z", nil),
    ("2026-12-02T10:00:00Zjunk", nil),
    ("2026-12-02T10:00:00.Z", nil),
    ("yesterday", nil),
]

@Test(arguments: timestampCases.indices)
func timestamps_in_the_forms_other_tools_write_are_read(case index: Int) {
    let (text, seconds) = timestampCases[index]
    let parsed = parseTimestamp(text)?.timeIntervalSince1970
    if let seconds, let parsed {
        #expect(abs(parsed - seconds) < 0.0005, "\(text)")
    } else {
        #expect(parsed == seconds, "\(text)")
    }
}

@Test func a_token_is_written_as_botocore_writes_it_and_reads_back() throws {
    let token = SSOToken(startURL: "https://corp.awsapps.com/start", region: "eu-west-1", accessToken: "at",
                         expiresAt: Date(timeIntervalSince1970: 1_796_205_600), clientID: "c", clientSecret: "s",
                         registrationExpiresAt: "2027-03-01T00:00:00Z", refreshToken: "rt")
    // json.dumps's separators and botocore's key order (tokens.py _attempt_create_token).
    #expect(String(decoding: token.json, as: UTF8.self) == #"""
        {"startUrl": "https://corp.awsapps.com/start", "region": "eu-west-1", "accessToken": "at", \#
        "expiresAt": "2026-12-02T10:00:00Z", "clientId": "c", "clientSecret": "s", \#
        "registrationExpiresAt": "2027-03-01T00:00:00Z", "refreshToken": "rt"}
        """#)
    #expect(SSOToken(json: token.json) == token)
    #expect(token.canRefresh(now: Date(timeIntervalSince1970: 1_796_205_600)))
    var legacy = token
    legacy.refreshToken = nil
    #expect(!legacy.canRefresh(now: Date(timeIntervalSince1970: 1_796_205_600)))
    // botocore needs only accessToken and expiresAt; granted adds a field of its own.
    #expect(SSOToken(json: Array(#"{"accessToken": "x", "expiresAt": "2026-12-02T21:00:00+11:00", "ssoSessionName": "corp"}"#.utf8))?
        .expiresAt == Date(timeIntervalSince1970: 1_796_205_600))
    #expect(SSOToken(json: Array(#"{"accessToken": "x"}"#.utf8)) == nil)
}

@Test func a_half_written_token_file_is_read_again_until_it_is_whole() throws {
    let folder = NSTemporaryDirectory() + "sso-\(UUID().uuidString)"
    let cache = SSOTokenCache(folder: folder)
    let token = SSOToken(startURL: nil, region: nil, accessToken: "whole", expiresAt: Date(timeIntervalSince1970: 2_000_000_000))
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = try cache.path(for: .session("corp"))
    // As the aws CLI v2 rewrites in place: truncated first, whole a moment later.
    try Data(token.json.prefix(10)).write(to: URL(fileURLWithPath: path))
    let writer = Thread {
        Thread.sleep(forTimeInterval: 0.03)
        try? Data(token.json).write(to: URL(fileURLWithPath: path))
    }
    writer.start()
    #expect(try cache.read(.session("corp"))?.accessToken == "whole")
    try Data().write(to: URL(fileURLWithPath: path))
    #expect(throws: SSOError.damagedToken(path: path)) { try cache.read(.session("corp"), attempts: 2) }
    try cache.remove(.session("corp"))
    #expect(try cache.read(.session("corp")) == nil)
}

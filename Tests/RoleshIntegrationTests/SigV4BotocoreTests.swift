// rolesh's SigV4 signer against botocore's SigV4Auth on generated STS requests: the same
// request, keys and instant must give the same Authorization header.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

struct SigV4BotocoreTests {
    @Test func signer_agrees_with_botocore_on_generated_sts_requests() throws {
        var random = SeededGenerator(seed: 0x5167_4e34)
        let cases = (0..<600).map { _ in STSSigningCase.random(using: &random) }

        let input = String(decoding: try JSONEncoder().encode(cases), as: UTF8.self)
        let result = try runProcess(
            TestPaths.python, ["\(TestPaths.packageRoot)/Tests/Scripts/sigv4_botocore.py"], input: input)
        #expect(result.stderr == "")
        try #require(result.status == 0)
        let botocore = try JSONDecoder().decode([String].self, from: Data(result.stdout.utf8))
        try #require(botocore.count == cases.count)

        var mismatches = 0
        for (index, signingCase) in cases.enumerated() {
            let rolesh = signingCase.signedByRolesh()
            if rolesh != botocore[index] {
                mismatches += 1
                Issue.record("case \(index) \(signingCase.url) \(signingCase.headers): rolesh \(rolesh) botocore \(botocore[index])")
            }
            if mismatches >= 5 { break }
        }
        #expect(mismatches == 0)
    }
}

/// One STS Query API request with the keys and time to sign it, as the botocore script reads it.
struct STSSigningCase: Encodable {
    var method = "POST"
    var url: String
    var headers: [[String]]
    var body: [UInt8]
    var access_key_id: String
    var secret_access_key: String
    var session_token: String?
    var service = "sts"
    var region: String
    var epoch: Int

    private enum CodingKeys: String, CodingKey {
        case method, url, headers, body_hex, access_key_id, secret_access_key, session_token, service, region, epoch
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(method, forKey: .method)
        try container.encode(url, forKey: .url)
        try container.encode(headers, forKey: .headers)
        try container.encode(body.map { String(format: "%02x", $0) }.joined(), forKey: .body_hex)
        try container.encode(access_key_id, forKey: .access_key_id)
        try container.encode(secret_access_key, forKey: .secret_access_key)
        try container.encode(session_token, forKey: .session_token)
        try container.encode(service, forKey: .service)
        try container.encode(region, forKey: .region)
        try container.encode(epoch, forKey: .epoch)
    }

    func signedByRolesh() -> String {
        let request = HTTPRequest(
            method: method, url: url, headers: headers.map { (name: $0[0], value: $0[1]) }, body: body)
        let credentials = Credentials(
            accessKeyID: access_key_id, secretAccessKey: secret_access_key, sessionToken: session_token)
        let signed = SigV4Signer(service: service, region: region)
            .sign(request, credentials: credentials, date: Date(timeIntervalSince1970: Double(epoch)))
        return signed.headers.last { $0.name == "Authorization" }?.value ?? ""
    }

    static func random(using random: inout SeededGenerator) -> STSSigningCase {
        let region = random.pick(["us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1", "cn-north-1", "il-central-1"])
        let url = random.pick([
            "https://sts.\(region).amazonaws.com/",
            "https://sts.amazonaws.com/",
            "https://sts.\(region).amazonaws.com",
            "http://127.0.0.1:\(random.next(upTo: 60000) + 1024)/",
            "https://STS.\(region).AMAZONAWS.com:443/",
            "http://localhost:80/",
        ])
        var headers = [["Content-Type", random.pick([
            "application/x-www-form-urlencoded; charset=utf-8",
            "application/x-www-form-urlencoded",
            "  application/x-www-form-urlencoded;   charset=utf-8 ",
        ])]]
        if random.chance(1, in: 3) { headers.append(["User-Agent", "rolesh/\(random.next(upTo: 10)).0 (linux)"]) }
        if random.chance(1, in: 4) { headers.append(["Accept", "*/*"]) }
        headers.shuffle(using: &random)
        return STSSigningCase(
            url: url, headers: headers,
            body: formBody(random.stsParameters()),
            access_key_id: "AKIA" + random.string(from: upperAlphanumerics, length: 16),
            secret_access_key: random.string(from: base64Characters, length: 40),
            session_token: random.chance(1, in: 2) ? random.string(from: base64Characters, length: 100 + random.next(upTo: 600)) : nil,
            region: region,
            epoch: 946_684_800 + random.next(upTo: 4_000_000_000))
    }
}

private let upperAlphanumerics = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
private let base64Characters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
/// Value characters that need care: reserved, percent, plus, space, non-ASCII of 2 to 4 bytes.
private let awkwardCharacters = Array("abcXYZ019-_.~ &=+/%?#;:'\"<>\\@!$*(),[]{}|^`éßøñ日本語Ωж🙂🚀\t")

/// The body botocore's query serializer would send: name=value pairs, percent-encoded.
private func formBody(_ parameters: [(String, String)]) -> [UInt8] {
    let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")
    let encode = { (text: String) in text.addingPercentEncoding(withAllowedCharacters: unreserved)! }
    return Array(parameters.map { "\(encode($0.0))=\(encode($0.1))" }.joined(separator: "&").utf8)
}

/// Picks for the generated STS requests.
extension SeededGenerator {
    mutating func next(upTo bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool { next(upTo: denominator) < numerator }
    mutating func pick<Element>(_ choices: [Element]) -> Element { choices[next(upTo: choices.count)] }

    mutating func string(from alphabet: [Character], length: Int) -> String {
        String((0..<length).map { _ in pick(alphabet) })
    }

    mutating func awkward(maxLength: Int) -> String { string(from: awkwardCharacters, length: 1 + next(upTo: maxLength)) }

    /// Action, Version and the parameters of one of the three STS calls rolesh makes.
    mutating func stsParameters() -> [(String, String)] {
        var parameters: [(String, String)]
        switch next(upTo: 3) {
        case 0:
            parameters = [
                ("Action", "AssumeRole"),
                ("RoleArn", "arn:aws:iam::\(100_000_000_000 + next(upTo: 899_999_999_999)):role/\(awkward(maxLength: 20))"),
                ("RoleSessionName", string(from: Array("abcXYZ019+=,.@-"), length: 2 + next(upTo: 62))),
            ]
            if chance(1, in: 2) { parameters.append(("DurationSeconds", String(900 + next(upTo: 42300)))) }
            if chance(1, in: 2) { parameters.append(("ExternalId", awkward(maxLength: 40))) }
            if chance(1, in: 3) { parameters.append(("SourceIdentity", awkward(maxLength: 30))) }
            if chance(1, in: 3) { parameters.append(("Policy", "{\"Statement\":[{\"Effect\":\"Allow\",\"Resource\":\"\(awkward(maxLength: 30))\"}]}")) }
            for index in 0..<next(upTo: 4) {
                parameters.append(("Tags.member.\(index + 1).Key", awkward(maxLength: 10)))
                parameters.append(("Tags.member.\(index + 1).Value", awkward(maxLength: 20)))
            }
        case 1:
            parameters = [("Action", "GetSessionToken")]
            if chance(1, in: 2) { parameters.append(("DurationSeconds", String(900 + next(upTo: 128_700)))) }
            if chance(1, in: 2) {
                parameters.append(("SerialNumber", "arn:aws:iam::123456789012:mfa/\(awkward(maxLength: 15))"))
                parameters.append(("TokenCode", String(100_000 + next(upTo: 900_000))))
            }
        default:
            parameters = [("Action", "GetCallerIdentity")]
        }
        parameters.append(("Version", "2011-06-15"))
        return parameters
    }
}

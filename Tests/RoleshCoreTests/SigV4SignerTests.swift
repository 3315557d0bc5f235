// The signer against AWS's published SigV4 test suite (aws-sig-v4-test-suite, 2015-08-30
// vectors: the requests of its .req files, the canonical requests of its .creq files, and
// the Authorization values of its .authz files).
import FoundationEssentials
import Testing
@testable import RoleshCore

private let suiteCredentials = Credentials(
    accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
/// 2015-08-30T12:36:00Z.
private let suiteDate = Date(timeIntervalSince1970: 1_440_938_160)
private let suiteSigner = SigV4Signer(service: "service", region: "us-east-1")
private let suiteToken =
    "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA=="
private let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

/// One vector: the request as its .req file has it (minus X-Amz-Date, which the signer adds),
/// the canonical request lines, and the signature from its .authz file.
struct SuiteVector: CustomTestStringConvertible, Sendable {
    var name: String
    var method = "GET"
    var url = "https://example.amazonaws.com/"
    var headers: [(name: String, value: String)] = [("Host", "example.amazonaws.com")]
    var body = ""
    var sessionToken: String?
    var canonicalPath = "/"
    var canonicalQuery = ""
    /// Canonical header lines other than host and x-amz-date, already in sorted position.
    var canonicalHeaders: [String] = []
    var signedHeaders = "host;x-amz-date"
    var payloadHash = emptyPayloadHash
    var signature: String

    var testDescription: String { name }

    var request: HTTPRequest {
        HTTPRequest(method: method, url: url, headers: headers, body: Array(body.utf8))
    }

    var expectedCanonicalRequest: String {
        let headerLines = (["host:example.amazonaws.com"] + canonicalHeaders + ["x-amz-date:20150830T123600Z"])
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            + (sessionToken.map { ["x-amz-security-token:\($0)"] } ?? [])
        return ([method, canonicalPath, canonicalQuery] + headerLines + ["", signedHeaders, payloadHash])
            .joined(separator: "\n")
    }

    var expectedAuthorization: String {
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            + "SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }
}

private let vanillaSignature = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
private let postVanillaSignature = "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b"

private let suiteVectors: [SuiteVector] = [
    SuiteVector(name: "get-vanilla", signature: vanillaSignature),
    SuiteVector(name: "get-vanilla-query", url: "https://example.amazonaws.com/", signature: vanillaSignature),
    SuiteVector(
        name: "get-vanilla-empty-query-key", url: "https://example.amazonaws.com/?Param1=value1",
        canonicalQuery: "Param1=value1",
        signature: "a67d582fa61cc504c4bae71f336f98b97f1ea3c7a6bfe1b6e45aec72011b9aeb"),
    SuiteVector(
        name: "get-vanilla-query-order-key-case", url: "https://example.amazonaws.com/?Param2=value2&Param1=value1",
        canonicalQuery: "Param1=value1&Param2=value2",
        signature: "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"),
    SuiteVector(
        name: "get-vanilla-query-unreserved",
        url: "https://example.amazonaws.com/?-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            + "=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        canonicalQuery: "-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            + "=-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        signature: "9c3e54bfcdf0b19771a7f523ee5669cdf59bc7cc0884027167c21bb143a40197"),
    SuiteVector(
        name: "get-vanilla-utf8-query", url: "https://example.amazonaws.com/?ሴ=bar",
        canonicalQuery: "%E1%88%B4=bar",
        signature: "2cdec8eed098649ff3a119c94853b13c643bcf08f8b0a1d91e12c9027818dd04"),
    SuiteVector(
        name: "get-header-key-duplicate",
        headers: [
            ("Host", "example.amazonaws.com"), ("My-Header1", "value2"), ("My-Header1", "value2"),
            ("My-Header1", "value1"),
        ],
        canonicalHeaders: ["my-header1:value2,value2,value1"], signedHeaders: "host;my-header1;x-amz-date",
        signature: "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"),
    // The .req folds My-Header1 over three lines; each continuation line is a further value.
    SuiteVector(
        name: "get-header-value-multiline",
        headers: [
            ("Host", "example.amazonaws.com"), ("My-Header1", "value1"), ("My-Header1", "  value2"),
            ("My-Header1", "     value3"),
        ],
        canonicalHeaders: ["my-header1:value1,value2,value3"], signedHeaders: "host;my-header1;x-amz-date",
        signature: "ba17b383a53190154eb5fa66a1b836cc297cc0a3d70a5d00705980573d8ff790"),
    SuiteVector(
        name: "get-header-value-order",
        headers: [
            ("Host", "example.amazonaws.com"), ("My-Header1", "value4"), ("My-Header1", "value1"),
            ("My-Header1", "value3"), ("My-Header1", "value2"),
        ],
        canonicalHeaders: ["my-header1:value4,value1,value3,value2"], signedHeaders: "host;my-header1;x-amz-date",
        signature: "08c7e5a9acfcfeb3ab6b2185e75ce8b1deb5e634ec47601a50643f830c755c01"),
    SuiteVector(
        name: "get-header-value-trim",
        headers: [("Host", "example.amazonaws.com"), ("My-Header1", " value1"), ("My-Header2", " \"a   b   c\"")],
        canonicalHeaders: ["my-header1:value1", "my-header2:\"a b c\""],
        signedHeaders: "host;my-header1;my-header2;x-amz-date",
        signature: "acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736"),
    SuiteVector(
        name: "get-unreserved",
        url: "https://example.amazonaws.com/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        canonicalPath: "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz",
        signature: "07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f"),
    SuiteVector(
        name: "get-utf8", url: "https://example.amazonaws.com/ሴ", canonicalPath: "/%E1%88%B4",
        signature: "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"),
    SuiteVector(
        name: "normalize-path/get-relative", url: "https://example.amazonaws.com/example/..",
        signature: vanillaSignature),
    SuiteVector(
        name: "normalize-path/get-relative-relative",
        url: "https://example.amazonaws.com/example1/example2/../..", signature: vanillaSignature),
    SuiteVector(name: "normalize-path/get-slash", url: "https://example.amazonaws.com//", signature: vanillaSignature),
    SuiteVector(
        name: "normalize-path/get-slash-dot-slash", url: "https://example.amazonaws.com/./",
        signature: vanillaSignature),
    SuiteVector(
        name: "normalize-path/get-special-character", url: "https://example.amazonaws.com/example/$delete",
        canonicalPath: "/example/%24delete",
        signature: "a853c9b21b528b19643d00910d35b83a10c366a10833ceefb45edd6c80e40f27"),
    SuiteVector(name: "post-vanilla", method: "POST", signature: postVanillaSignature),
    SuiteVector(name: "post-header-key-case", method: "POST", signature: postVanillaSignature),
    SuiteVector(
        name: "post-vanilla-query", method: "POST", url: "https://example.amazonaws.com/?Param1=value1",
        canonicalQuery: "Param1=value1",
        signature: "28038455d6de14eafc1f9222cf5aa6f1a96197d7deb8263271d420d138af7f11"),
    SuiteVector(
        name: "post-vanilla-query-space", method: "POST", url: "https://example.amazonaws.com/?p",
        canonicalQuery: "p=",
        signature: "e71688addb58a26418614085fb730ba3faa623b461c17f48f2fbdb9361b94a9b"),
    SuiteVector(
        name: "post-vanilla-query-nonunreserved", method: "POST",
        url: "https://example.amazonaws.com/?%40%23%24%25%5E=&%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D",
        canonicalQuery: "%2B=%2F%2C%3F%3E%3C%60%22%3B%3A%5C%7C%5D%5B%7B%7D&%40%23%24%25%5E=",
        signature: "66c82657c86e26fb25238d0e69f011edc4c6df5ae71119d7cb98ed9b87393c1e"),
    SuiteVector(
        name: "post-header-key-sort", method: "POST",
        headers: [("Host", "example.amazonaws.com"), ("My-Header1", "value1")],
        canonicalHeaders: ["my-header1:value1"], signedHeaders: "host;my-header1;x-amz-date",
        signature: "c5410059b04c1ee005303aed430f6e6645f61f4dc9e1461ec8f8916fdf18852c"),
    SuiteVector(
        name: "post-header-value-case", method: "POST",
        headers: [("Host", "example.amazonaws.com"), ("My-Header1", "VALUE1")],
        canonicalHeaders: ["my-header1:VALUE1"], signedHeaders: "host;my-header1;x-amz-date",
        signature: "cdbc9802e29d2942e5e10b5bccfdd67c5f22c7c4e8ae67b53629efa58b974b7d"),
    SuiteVector(
        name: "post-x-www-form-urlencoded", method: "POST",
        headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Host", "example.amazonaws.com")],
        body: "Param1=value1",
        canonicalHeaders: ["content-type:application/x-www-form-urlencoded"],
        signedHeaders: "content-type;host;x-amz-date",
        payloadHash: "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
        signature: "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"),
    SuiteVector(
        name: "post-x-www-form-urlencoded-parameters", method: "POST",
        headers: [
            ("Content-Type", "application/x-www-form-urlencoded; charset=utf8"), ("Host", "example.amazonaws.com"),
        ],
        body: "Param1=value1",
        canonicalHeaders: ["content-type:application/x-www-form-urlencoded; charset=utf8"],
        signedHeaders: "content-type;host;x-amz-date",
        payloadHash: "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
        signature: "1a72ec8f64bd914b0e42e42607c7fbce7fb2c7465f63e3092b3b0d39fa77a6fe"),
    SuiteVector(
        name: "post-sts-token/post-sts-header-before", method: "POST", sessionToken: suiteToken,
        signedHeaders: "host;x-amz-date;x-amz-security-token",
        signature: "85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead"),
]

struct SigV4SignerTests {
    @Test(arguments: suiteVectors)
    func signer_matches_the_published_sigv4_test_suite(_ vector: SuiteVector) {
        var credentials = suiteCredentials
        credentials.sessionToken = vector.sessionToken
        let signature = suiteSigner.signature(for: vector.request, credentials: credentials, date: suiteDate)

        #expect(signature.canonicalRequest == vector.expectedCanonicalRequest)
        let canonicalHash = Hex.encode(SHA256.hash(Array(vector.expectedCanonicalRequest.utf8)))
        #expect(signature.stringToSign == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\(canonicalHash)")
        #expect(signature.authorization == vector.expectedAuthorization)
        let signed = suiteSigner.sign(vector.request, credentials: credentials, date: suiteDate)
        #expect(signed.headers.last?.name == "Authorization")
        #expect(signed.headers.last?.value == vector.expectedAuthorization)
    }

    @Test func string_to_sign_of_get_vanilla_is_the_published_one() {
        let signature = suiteSigner.signature(
            for: HTTPRequest(method: "GET", url: "https://example.amazonaws.com/"),
            credentials: suiteCredentials, date: suiteDate)
        #expect(signature.stringToSign == """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/service/aws4_request
            bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63
            """)
    }

    /// post-sts-header-after: the token travels unsigned, so the signature is post-vanilla's.
    @Test func token_added_after_signing_leaves_the_post_vanilla_signature() {
        var signed = suiteSigner.sign(
            HTTPRequest(method: "POST", url: "https://example.amazonaws.com/", headers: [("Host", "example.amazonaws.com")]),
            credentials: suiteCredentials, date: suiteDate)
        signed.headers.append((name: "X-Amz-Security-Token", value: suiteToken))
        #expect(signed.headers.map(\.name) == ["Host", "X-Amz-Date", "Authorization", "X-Amz-Security-Token"])
        #expect(signed.headers[2].value.hasSuffix("SignedHeaders=host;x-amz-date, Signature=\(postVanillaSignature)"))
    }

    /// AWS's IAM ListUsers example from the SigV4 documentation.
    @Test func signer_matches_the_documented_iam_list_users_example() {
        let signer = SigV4Signer(service: "iam", region: "us-east-1")
        let request = HTTPRequest(
            method: "GET", url: "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")])
        let signed = signer.sign(request, credentials: suiteCredentials, date: suiteDate)
        #expect(signed.headers.map(\.name) == ["Content-Type", "Host", "X-Amz-Date", "Authorization"])
        #expect(signed.headers[1].value == "iam.amazonaws.com")
        #expect(signed.headers[3].value == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, "
            + "SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
    }

    @Test func signed_request_keeps_its_headers_and_appends_date_token_and_authorization() {
        let request = HTTPRequest(
            method: "POST", url: "https://sts.eu-west-1.amazonaws.com/",
            headers: [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), ("Accept", "*/*")],
            body: Array("Action=GetCallerIdentity&Version=2011-06-15".utf8))
        var credentials = suiteCredentials
        credentials.sessionToken = "token"
        let signed = SigV4Signer(service: "sts", region: "eu-west-1").sign(request, credentials: credentials, date: suiteDate)

        #expect(signed.method == request.method)
        #expect(signed.url == request.url)
        #expect(signed.body == request.body)
        #expect(signed.headers.map(\.name) == [
            "Content-Type", "Accept", "Host", "X-Amz-Date", "X-Amz-Security-Token", "Authorization",
        ])
        #expect(signed.headers[2].value == "sts.eu-west-1.amazonaws.com")
        #expect(signed.headers[3].value == "20150830T123600Z")
        #expect(signed.headers[4].value == "token")
        #expect(signed.headers[5].value.contains("SignedHeaders=accept;content-type;host;x-amz-date;x-amz-security-token,"))
    }

    @Test func signing_twice_replaces_the_first_signature_instead_of_adding_a_second() {
        let request = HTTPRequest(method: "POST", url: "https://example.amazonaws.com/")
        let once = suiteSigner.sign(request, credentials: suiteCredentials, date: suiteDate)
        let twice = suiteSigner.sign(once, credentials: suiteCredentials, date: suiteDate)
        #expect(twice == once)
    }

    @Test(arguments: [
        ("https://example.amazonaws.com/", "example.amazonaws.com"),
        ("https://EXAMPLE.amazonaws.com:443/", "example.amazonaws.com"),
        ("http://127.0.0.1:80/", "127.0.0.1"),
        ("http://127.0.0.1:5000/", "127.0.0.1:5000"),
        ("https://127.0.0.1:80/", "127.0.0.1:80"),
        ("https://user@sts.amazonaws.com?x=1", "sts.amazonaws.com"),
        ("http://[::1]:8080/", "[::1]:8080"),
    ])
    func host_header_is_the_url_authority_without_default_port(url: String, host: String) {
        let signed = suiteSigner.sign(HTTPRequest(method: "GET", url: url), credentials: suiteCredentials, date: suiteDate)
        #expect(signed.headers.first { $0.name == "Host" }?.value == host)
    }

    @Test(arguments: [
        (0.0, "19700101T000000Z"),
        (951_782_400, "20000229T000000Z"),
        (1_440_938_160.999, "20150830T123600Z"),
        (4_102_444_799, "20991231T235959Z"),
        (-1, "19691231T235959Z"),
    ])
    func x_amz_date_is_utc_basic_iso8601(seconds: Double, expected: String) {
        let signed = suiteSigner.sign(
            HTTPRequest(method: "GET", url: "https://example.amazonaws.com/"),
            credentials: suiteCredentials, date: Date(timeIntervalSince1970: seconds))
        #expect(signed.headers.first { $0.name == "X-Amz-Date" }?.value == expected)
        #expect(signed.headers.last?.value.contains("Credential=AKIDEXAMPLE/\(expected.prefix(8))/") == true)
    }
}

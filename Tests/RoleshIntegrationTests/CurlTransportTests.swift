// CurlTransport against local servers the tests start: round trips, timeouts, refused
// connections, TLS verification, AWS_CA_BUNDLE and proxies.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

struct CurlTransportTests {
    private let quick = HTTPTimeouts(connect: 2, total: 5)

    @Test func post_round_trip_returns_status_and_body_byte_for_byte() throws {
        let server = try LocalHTTPServer()
        let body = Array(0...255).map(UInt8.init) + Array("Action=AssumeRole&RoleSessionName=s%C3%A9".utf8)
        let request = HTTPRequest(method: "POST", url: "\(server.url)/status/418", body: body)

        let response = try CurlTransport(environment: [:]).send(request, timeouts: quick)

        #expect(response.status == 418)
        #expect(response.body == body)
    }

    @Test func server_receives_the_request_headers_in_order_and_nothing_curl_would_invent() throws {
        let server = try LocalHTTPServer()
        let request = HTTPRequest(
            method: "POST", url: "\(server.url)/echo",
            headers: [("X-Amz-Date", "20150830T123600Z"), ("Authorization", "AWS4-HMAC-SHA256 x"), ("X-Empty", "")],
            body: Array(String(repeating: "a=b&", count: 600).utf8))

        let seen = try EchoedRequest(try CurlTransport(environment: [:]).send(request, timeouts: quick))

        #expect(seen.method == "POST")
        #expect(seen.path == "/echo")
        #expect(seen.body == request.body)
        let names = seen.headers.map { $0[0].lowercased() }
        #expect(names.filter { ["x-amz-date", "authorization", "x-empty"].contains($0) } == ["x-amz-date", "authorization", "x-empty"])
        #expect(seen.headers.contains(["X-Empty", ""]))
        #expect(!names.contains("content-type"))
        #expect(!names.contains("expect"))
        #expect(!names.contains("user-agent"))
    }

    @Test func silent_server_fails_with_timeout_after_the_total_timeout() throws {
        let server = try LocalHTTPServer(arguments: ["--silent"])
        let started = Date()

        let error = try #require(throws: HTTPTransportError.self) {
            try CurlTransport(environment: [:]).send(
                HTTPRequest(method: "POST", url: "\(server.url)/"), timeouts: HTTPTimeouts(connect: 1, total: 1))
        }

        let elapsed = Date().timeIntervalSince(started)
        #expect(error.kind == .timeout)
        #expect(elapsed >= 0.9 && elapsed < 5, "took \(elapsed) s")
        #expect(!error.message.contains("\n"))
    }

    @Test func closed_port_fails_with_connection() throws {
        let port = try freeLocalPort()
        let request = HTTPRequest(
            method: "POST", url: "http://127.0.0.1:\(port)/",
            headers: [("Authorization", "SECRET-HEADER")], body: Array("SECRET-BODY".utf8))

        let error = try #require(throws: HTTPTransportError.self) {
            try CurlTransport(environment: [:]).send(request, timeouts: quick)
        }

        #expect(error.kind == .connection)
        #expect(error.message.contains("127.0.0.1:\(port)"))
        #expect(!error.message.contains("SECRET"))
        #expect(!error.message.contains("\n"))
    }

    @Test func self_signed_certificate_fails_with_tls() throws {
        let tls = try SelfSignedCertificate()
        let server = try LocalHTTPServer(arguments: ["--tls", tls.certificate, tls.key], scheme: "https")

        let error = try #require(throws: HTTPTransportError.self) {
            try CurlTransport(environment: [:]).send(
                HTTPRequest(method: "POST", url: "\(server.url)/status/200"), timeouts: quick)
        }

        #expect(error.kind == .tls)
        #expect(!error.message.contains("\n"))
    }

    @Test func aws_ca_bundle_makes_the_self_signed_certificate_trusted() throws {
        let tls = try SelfSignedCertificate()
        let server = try LocalHTTPServer(arguments: ["--tls", tls.certificate, tls.key], scheme: "https")

        let response = try CurlTransport(environment: ["AWS_CA_BUNDLE": tls.certificate]).send(
            HTTPRequest(method: "POST", url: "\(server.url)/status/200", body: Array("ok".utf8)), timeouts: quick)

        #expect(response.status == 200)
        #expect(response.body == Array("ok".utf8))
    }

    @Test func http_proxy_from_the_given_environment_carries_the_request() throws {
        let proxy = try LocalHTTPServer()
        let request = HTTPRequest(method: "POST", url: "http://sts.rolesh-proxy-test.invalid/echo")

        let seen = try EchoedRequest(
            try CurlTransport(environment: ["http_proxy": proxy.url]).send(request, timeouts: quick))

        #expect(seen.path == "http://sts.rolesh-proxy-test.invalid/echo")
    }

    @Test func no_proxy_sends_the_request_directly() throws {
        let proxy = try LocalHTTPServer()
        let environment = ["HTTP_PROXY": proxy.url, "NO_PROXY": "rolesh-proxy-test.invalid"]

        let error = try #require(throws: HTTPTransportError.self) {
            try CurlTransport(environment: environment).send(
                HTTPRequest(method: "POST", url: "http://sts.rolesh-proxy-test.invalid/echo"), timeouts: quick)
        }

        #expect(error.kind == .connection)
    }

    @Test func response_larger_than_the_limit_is_refused() throws {
        let server = try LocalHTTPServer()

        let error = try #require(throws: HTTPTransportError.self) {
            try CurlTransport(environment: [:]).send(
                HTTPRequest(method: "GET", url: "\(server.url)/large/\(CurlTransport.maximumResponseSize + 1)"),
                timeouts: quick)
        }

        #expect(error.message.contains("larger than 1 MiB"))
        let fits = try CurlTransport(environment: [:]).send(
            HTTPRequest(method: "GET", url: "\(server.url)/large/\(CurlTransport.maximumResponseSize)"), timeouts: quick)
        #expect(fits.body.count == CurlTransport.maximumResponseSize)
    }

    @Test func redirects_are_not_followed() throws {
        let server = try LocalHTTPServer()

        let response = try CurlTransport(environment: [:]).send(
            HTTPRequest(method: "POST", url: "\(server.url)/status/307"), timeouts: quick)

        #expect(response.status == 307)
    }

    @Test func other_protocols_are_refused() throws {
        let error = try #require(throws: HTTPTransportError.self) {
            try CurlTransport(environment: [:]).send(
                HTTPRequest(method: "GET", url: "file:///etc/passwd"), timeouts: quick)
        }

        #expect(error.kind == .unavailable)
    }
}

/// What the echo endpoint saw.
private struct EchoedRequest: Decodable {
    var method: String
    var path: String
    var headers: [[String]]
    var body_hex: String

    var body: [UInt8] {
        let digits = Array(body_hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }

    init(_ response: HTTPResponse) throws {
        #expect(response.status == 200)
        self = try JSONDecoder().decode(Self.self, from: Data(response.body))
    }
}

/// Tests/Scripts/http_test_server.py on 127.0.0.1 at a free port, killed when released.
final class LocalHTTPServer {
    let url: String
    private let process = Process()

    init(arguments: [String] = [], scheme: String = "http") throws {
        let port = try freeLocalPort()
        url = "\(scheme)://127.0.0.1:\(port)"
        process.executableURL = URL(fileURLWithPath: TestPaths.python)
        process.arguments = ["\(TestPaths.packageRoot)/Tests/Scripts/http_test_server.py", "\(port)"] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = output.fileHandleForReading.readData(ofLength: 6)
        guard String(decoding: line, as: UTF8.self) == "ready\n" else {
            throw TestSupportError("http_test_server.py did not start")
        }
    }

    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A certificate for 127.0.0.1 that no system trust store knows, made with the openssl CLI.
private struct SelfSignedCertificate {
    let certificate: String
    let key: String

    init() throws {
        let folder = try TestPaths.temporaryFolder("rolesh-tls")
        certificate = "\(folder)/cert.pem"
        key = "\(folder)/key.pem"
        let result = try runProcess("openssl", [
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", certificate,
        ])
        guard result.status == 0 else { throw TestSupportError("openssl req failed: \(result.stderr)") }
    }
}

@testable import RoleshCore
import Testing

@Test(arguments: [
    ("https://sts.amazonaws.com/", nil),
    ("http://127.0.0.1:5000/", nil), ("http://127.1.2.3/", nil), ("http://localhost:8080", nil),
    ("http://LOCALHOST/", nil), ("http://sts.localhost/", nil), ("http://[::1]:5000/", nil),
    ("http://[::ffff:127.0.0.1]/", nil), ("http://user@127.0.0.1/", nil),
    ("http://sts.invalid:8080/", "sts.invalid"), ("http://10.0.0.1/", "10.0.0.1"),
    ("http://127.0.0.1.example.com/", "127.0.0.1.example.com"), ("http://[2001:db8::1]/", "2001:db8::1"),
    ("http://localhost.example.com/", "localhost.example.com"), ("HTTP://sts.example.com", "sts.example.com"),
    // The metadata services' link-local addresses are answered by the host itself.
    ("http://169.254.169.254/latest/api/token", nil), ("http://[fd00:ec2::254]/", nil), ("http://169.254.170.2/v2/credentials/x", nil),
    ("http://169.254.170.23/v1/credentials", nil), ("http://[FD00:EC2::23]/", nil), ("http://169.254.169.253/", "169.254.169.253"),
] as [(String, String?)])
func only_plain_http_to_another_host_is_cleartext(url: String, host: String?) {
    #expect(CleartextWarningTransport.cleartextRemoteHost(url) == host)
}

/// Records requests; answers 200 with an empty body.
private final class Recorder: HTTPTransport, @unchecked Sendable {
    var urls: [String] = []
    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse {
        urls.append(request.url)
        return HTTPResponse(status: 200, body: [])
    }
}

private final class Lines: @unchecked Sendable {
    var lines: [String] = []
}

@Test func the_warning_comes_once_per_host_before_the_first_request() throws {
    let recorder = Recorder()
    let said = Lines()
    let transport = CleartextWarningTransport(base: recorder) { line in
        said.lines.append(line + " after \(recorder.urls.count) requests")
    }
    for url in ["http://sts.example.com/", "http://sts.example.com/", "http://127.0.0.1/", "http://other.example/"] {
        _ = try transport.send(HTTPRequest(method: "POST", url: url), timeouts: HTTPTimeouts())
    }
    #expect(said.lines.count == 2)
    #expect(said.lines.first?.hasPrefix("rolesh: warning: sts.example.com is reached over plain http://") == true)
    #expect(said.lines.first?.hasSuffix("\n after 0 requests") == true)
    #expect(said.lines.last?.hasSuffix("\n after 3 requests") == true)
}

// libFuzzer target: arbitrary bytes as the body of an STS answer, read by the XML reader
// and by all three STS calls behind a fake transport. Errors are expected, but each must
// be one line; a crash is a finding.
import FoundationEssentials
import FuzzDriver
import RoleshCore

/// Answers every request with the same canned response.
private struct CannedTransport: HTTPTransport {
    let response: HTTPResponse

    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse { response }
}

/// The statuses the client treats differently: success, client errors (throttling among
/// them) and server errors, which it retries.
private let statuses = [200, 400, 403, 404, 429, 500, 503]

private let source = Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
private let endpoint = STSEndpoint(url: "https://sts.eu-west-1.amazonaws.com", signingRegion: "eu-west-1")
private let request = AssumeRoleRequest(roleARN: "arn:aws:iam::123456789012:role/Prod", sessionName: "fuzz")

/// One fuzz input; see the file header for what must hold.
func fuzzSTS(_ bytes: [UInt8]) {
    _ = try? XMLReader.parse(bytes)
    // The first byte picks the status, the rest is the body: most inputs are answered 200,
    // so the body reaches the response readers rather than only the error path.
    let status = bytes.first.map { $0 < 128 ? 200 : statuses[Int($0) % statuses.count] } ?? 200
    let body = Array(bytes.dropFirst())
    let client = STSClient(transport: CannedTransport(response: HTTPResponse(status: status, body: body)),
                           endpoint: endpoint, maxAttempts: 2, sleep: { _ in },
                           now: { Date(timeIntervalSince1970: 1_700_000_000) }, jitter: { 0 })
    do { _ = try client.assumeRole(request, credentials: source) } catch { requireOneLine(error) }
    do { _ = try client.getSessionToken(SessionTokenRequest(), credentials: source) } catch { requireOneLine(error) }
    do { _ = try client.getCallerIdentity(credentials: source) } catch { requireOneLine(error) }
}

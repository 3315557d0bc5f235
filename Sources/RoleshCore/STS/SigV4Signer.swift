// AWS Signature Version 4, as STS (and every non-S3 service) expects it:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
import FoundationEssentials

/// Signs HTTP requests for one AWS service in one region with SigV4.
///
/// A pure function of request, credentials and time: no clock, no environment.
struct SigV4Signer: Sendable {
    let service: String
    let region: String

    init(service: String, region: String) {
        self.service = service
        self.region = region
    }

    /// `request` with `Host` (when absent), `X-Amz-Date`, `X-Amz-Security-Token` (when the
    /// credentials carry a session token) and `Authorization` headers added.
    func sign(_ request: HTTPRequest, credentials: Credentials, date: Date) -> HTTPRequest {
        let signature = signature(for: request, credentials: credentials, date: date)
        var signed = signature.request
        signed.headers.append((name: "Authorization", value: signature.authorization))
        return signed
    }

    /// Every intermediate value of one signing, so tests can check each step against AWS's
    /// published canonical requests and strings to sign.
    struct Signature {
        /// The request with the headers that get signed added, but no `Authorization` yet.
        var request: HTTPRequest
        var canonicalRequest: String
        var stringToSign: String
        var authorization: String
    }

    func signature(for request: HTTPRequest, credentials: Credentials, date: Date) -> Signature {
        let time = AmzTimestamp(date)
        let url = SigV4URL(request.url)
        var prepared = request
        // A request signed twice must not carry the first signature's headers into the second.
        prepared.headers.removeAll { Self.replacedHeaders.contains($0.name.lowercased()) }
        if !prepared.headers.contains(where: { $0.name.lowercased() == "host" }) {
            prepared.headers.append((name: "Host", value: url.host))
        }
        prepared.headers.append((name: "X-Amz-Date", value: time.dateTime))
        if let token = credentials.sessionToken {
            prepared.headers.append((name: "X-Amz-Security-Token", value: token))
        }

        let headers = CanonicalHeaders(prepared.headers)
        let canonicalRequest = [
            prepared.method.uppercased(),
            url.canonicalPath,
            url.canonicalQuery,
            headers.block,
            headers.signedNames,
            Hex.encode(SHA256.hash(prepared.body)),
        ].joined(separator: "\n")

        let scope = "\(time.date)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256",
            time.dateTime,
            scope,
            Hex.encode(SHA256.hash(Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")

        let key = signingKey(secret: credentials.secretAccessKey, date: time.date)
        let signature = Hex.encode(HMACSHA256.authenticate(Array(stringToSign.utf8), key: key))
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), "
            + "SignedHeaders=\(headers.signedNames), Signature=\(signature)"
        return Signature(
            request: prepared, canonicalRequest: canonicalRequest,
            stringToSign: stringToSign, authorization: authorization)
    }

    /// The key for one day, region and service: a chain of HMACs rooted in the secret.
    private func signingKey(secret: String, date: String) -> [UInt8] {
        var key = Array("AWS4\(secret)".utf8)
        for part in [date, region, service, "aws4_request"] {
            key = HMACSHA256.authenticate(Array(part.utf8), key: key)
        }
        return key
    }

    private static let replacedHeaders: Set<String> = ["authorization", "x-amz-date", "x-amz-security-token"]
}

/// The canonical headers block and the signed-headers list.
private struct CanonicalHeaders {
    var block: String
    var signedNames: String

    /// Headers that proxies and HTTP stacks may add or rewrite on the way; botocore leaves
    /// them unsigned for the same reason.
    private static let unsigned: Set<String> = ["expect", "transfer-encoding", "user-agent", "x-amzn-trace-id"]

    init(_ headers: [(name: String, value: String)]) {
        var values: [String: [String]] = [:]
        for header in headers {
            let name = header.name.lowercased()
            if Self.unsigned.contains(name) { continue }
            values[name, default: []].append(Self.trimmed(header.value))
        }
        let names = values.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        block = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        signedNames = names.joined(separator: ";")
    }

    /// The value without surrounding white space, each run of inner white space one space.
    private static func trimmed(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .joined(separator: " ")
    }
}

/// The parts of an absolute URL that SigV4 signs.
private struct SigV4URL {
    /// Host as the `Host` header carries it: lower-cased, with the port unless it is the
    /// scheme's default.
    var host: String
    var canonicalPath: String
    var canonicalQuery: String

    init(_ url: String) {
        var rest = Substring(url)
        var scheme = ""
        if let separator = rest.firstRange(of: "://") {
            scheme = rest[..<separator.lowerBound].lowercased()
            rest = rest[separator.upperBound...]
        }
        if let fragment = rest.firstIndex(of: "#") { rest = rest[..<fragment] }
        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        if let userInfo = authority.lastIndex(of: "@") { authority = authority[authority.index(after: userInfo)...] }
        host = Self.host(authority.lowercased(), scheme: scheme)

        let queryStart = rest.firstIndex(of: "?")
        let path = queryStart.map { rest[..<$0] } ?? rest
        let query = queryStart.map { rest[rest.index(after: $0)...] } ?? ""
        canonicalPath = PercentEncoding.encode(Self.removingDotSegments(String(path)).utf8, keepingSlash: true)
        canonicalQuery = Self.canonicalQuery(query)
    }

    private static func host(_ authority: String, scheme: String) -> String {
        let defaultPort = scheme == "http" ? ":80" : scheme == "https" ? ":443" : nil
        if let defaultPort, authority.hasSuffix(defaultPort) {
            return String(authority.dropLast(defaultPort.count))
        }
        return authority
    }

    /// RFC 3986 §5.2.4, plus empty segments dropped: the path normalisation of every
    /// service but S3.
    private static func removingDotSegments(_ path: String) -> String {
        guard !path.isEmpty else { return "/" }
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) where segment != "." {
            if segment == ".." {
                if !segments.isEmpty { segments.removeLast() }
            } else {
                segments.append(segment)
            }
        }
        let leading = path.hasPrefix("/") ? "/" : ""
        let trailing = path.hasSuffix("/") && !segments.isEmpty ? "/" : ""
        return leading + segments.joined(separator: "/") + trailing
    }

    /// Each parameter decoded, then encoded the one way SigV4 allows, sorted by name and value.
    private static func canonicalQuery(_ query: Substring) -> String {
        guard !query.isEmpty else { return "" }
        let parameters: [Substring] = query.split(separator: "&")
        let pairs = parameters.map { pair in
            let equals = pair.firstIndex(of: "=")
            let name: Substring = equals.map { pair[..<$0] } ?? pair
            let value: Substring = equals.map { pair[pair.index(after: $0)...] } ?? ""
            return (
                name: PercentEncoding.encode(PercentEncoding.decode(name), keepingSlash: false),
                value: PercentEncoding.encode(PercentEncoding.decode(value), keepingSlash: false))
        }
        return pairs.sorted { lhs, rhs in
            lhs.name == rhs.name
                ? lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
                : lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8)
        }
        .map { "\($0.name)=\($0.value)" }
        .joined(separator: "&")
    }
}

/// The signing time in SigV4's two UTC forms: `20150830T123600Z` and `20150830`.
private struct AmzTimestamp {
    var dateTime: String
    var date: String

    init(_ instant: Date) {
        let time = civilTime(secondsSinceEpoch: Int(instant.timeIntervalSince1970.rounded(.down)))
        date = zeroPadded(time.year, 4) + zeroPadded(time.month, 2) + zeroPadded(time.day, 2)
        dateTime = date + "T" + zeroPadded(time.secondOfDay / 3600, 2) + zeroPadded(time.secondOfDay / 60 % 60, 2)
            + zeroPadded(time.secondOfDay % 60, 2) + "Z"
    }
}

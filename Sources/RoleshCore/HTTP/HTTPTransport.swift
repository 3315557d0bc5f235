// The seam between the STS client and the network: a request in, a response out.
// CurlTransport is the real one; tests substitute their own.

/// An HTTP request as the STS client builds it and the signer signs it.
package struct HTTPRequest: Equatable, Sendable {
    var method: String
    /// Absolute URL, e.g. `https://sts.eu-west-1.amazonaws.com/`.
    var url: String
    /// Header fields in the order they are sent. Names keep their case.
    var headers: [(name: String, value: String)]
    var body: [UInt8]
    /// Sent straight to the host, never through a proxy the environment names: the container
    /// credentials endpoint is on this machine or its task's link, as botocore reaches it.
    var direct: Bool

    init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
         direct: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.direct = direct
    }

    package static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body && lhs.direct == rhs.direct
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }
}

/// What came back: the status code and the body. STS needs no response headers.
package struct HTTPResponse: Equatable, Sendable {
    var status: Int
    var body: [UInt8]

    package init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// How long a transport waits, in seconds.
package struct HTTPTimeouts: Equatable, Sendable {
    var connect: Double
    var total: Double

    init(connect: Double = 5, total: Double = 30) {
        self.connect = connect
        self.total = total
    }
}

/// A transport-level failure: no HTTP response was received at all.
struct HTTPTransportError: Error, Equatable, Sendable {
    enum Kind: Equatable, Sendable {
        /// The connection could not be made, or dropped before a response; worth retrying.
        case connection
        /// Connect or total timeout reached.
        case timeout
        /// TLS failed (certificate, handshake); never retried.
        case tls
        /// libcurl could not be loaded or configured.
        case unavailable
    }

    var kind: Kind
    var message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Sends one request and returns its response, or throws `HTTPTransportError`.
package protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse
}

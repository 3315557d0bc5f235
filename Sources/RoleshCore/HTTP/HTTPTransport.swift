// The seam between the STS client and the network: a request in, a response out.
// CurlTransport is the real one; tests substitute their own.

/// An HTTP request as the STS client builds it and the signer signs it.
public struct HTTPRequest: Equatable, Sendable {
    public var method: String
    /// Absolute URL, e.g. `https://sts.eu-west-1.amazonaws.com/`.
    public var url: String
    /// Header fields in the order they are sent. Names keep their case.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    /// Sent straight to the host, never through a proxy the environment names: the container
    /// credentials endpoint is on this machine or its task's link, as botocore reaches it.
    public var direct: Bool

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8] = [],
                direct: Bool = false) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.direct = direct
    }

    public static func == (lhs: HTTPRequest, rhs: HTTPRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body && lhs.direct == rhs.direct
            && lhs.headers.map { [$0.name, $0.value] } == rhs.headers.map { [$0.name, $0.value] }
    }
}

/// What came back: the status code and the body. STS needs no response headers.
public struct HTTPResponse: Equatable, Sendable {
    public var status: Int
    public var body: [UInt8]

    public init(status: Int, body: [UInt8]) {
        self.status = status
        self.body = body
    }
}

/// How long a transport waits, in seconds.
public struct HTTPTimeouts: Equatable, Sendable {
    public var connect: Double
    public var total: Double

    public init(connect: Double = 5, total: Double = 30) {
        self.connect = connect
        self.total = total
    }
}

/// A transport-level failure: no HTTP response was received at all.
public struct HTTPTransportError: Error, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The connection could not be made, or dropped before a response; worth retrying.
        case connection
        /// Connect or total timeout reached.
        case timeout
        /// TLS failed (certificate, handshake); never retried.
        case tls
        /// libcurl could not be loaded or configured.
        case unavailable
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// Sends one request and returns its response, or throws `HTTPTransportError`.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse
}

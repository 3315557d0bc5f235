// The credentials endpoint of `rolesh exec --server`: the AWS SDKs' container credentials
// provider (AWS_CONTAINER_CREDENTIALS_FULL_URI + AWS_CONTAINER_AUTHORIZATION_TOKEN) asks it
// for the role's keys, and asks again before they expire. It listens on 127.0.0.1 only, on a
// port the system picks, and answers one path to requests that carry this run's token. Any
// local user can connect to a loopback port: the token is what keeps them out.

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the endpoint hands out at one moment.
enum EndpointAnswer: Equatable, Sendable {
    case credentials(Credentials)
    /// No usable credentials: why, and what to do, for the SDK to report.
    case unavailable(String)
}

/// The request line and the one header the endpoint reads.
struct EndpointRequest: Equatable {
    var method: String
    var path: String
    var authorization: String?

    /// The request head (up to the blank line), or nil when it is not HTTP/1.x or names
    /// the Authorization header twice (which of two tokens would count is no question to answer).
    init?(head: [UInt8]) {
        // Split as bytes: as Characters, CR LF is one, and no line would end in LF.
        let lines = head.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .map { Substring(String(decoding: $0.last == UInt8(ascii: "\r") ? $0.dropLast() : $0, as: UTF8.self)) }
        let words = lines.first?.split(separator: " ", omittingEmptySubsequences: false) ?? []
        guard words.count == 3, words[2].hasPrefix("HTTP/1."), words[1].hasPrefix("/") else { return nil }
        method = String(words[0])
        path = String(words[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)[0])
        authorization = nil
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            guard line[..<colon].lowercased() == "authorization" else { continue }
            if authorization != nil { return nil }
            authorization = String(line[line.index(after: colon)...].trimmingSpaceAndTab)
        }
    }
}

/// The status and JSON body the endpoint answers `request` with (nil: a request it could
/// not read). Pure: the socket code only carries bytes.
func endpointResponse(to request: EndpointRequest?, path: String, token: String, now: Date,
                      answer: () -> EndpointAnswer) -> (status: Int, body: String) {
    func error(_ status: Int, _ code: String, _ message: String) -> (status: Int, body: String) {
        // `code` and `message` are what the Go and Java SDKs read from an error; botocore
        // shows the body as it is.
        (status, JSONValue.object(["code": .string(code), "message": .string(message)]).text + "\n")
    }
    guard let request else { return error(400, "BadRequest", "not an HTTP/1.x request rolesh can read") }
    guard request.path == path else { return error(404, "NotFound", "rolesh serves credentials at one path only") }
    guard request.method == "GET" else { return error(405, "MethodNotAllowed", "only GET is answered") }
    guard let given = request.authorization, constantTimeEqual(given, token) else {
        return error(403, "AccessDenied", "invalid or missing Authorization token")
    }
    switch answer() {
    case .unavailable(let message):
        return error(500, "CredentialsUnavailable", message)
    case .credentials(let credentials):
        // Keys without an expiry (a credential_process's long-term keys) are as good in
        // an hour: the SDKs need a time to ask again, and it is that one.
        let expiration = credentials.expiration ?? now.addingTimeInterval(3600)
        let fields: [String: JSONValue] = [
            "AccessKeyId": .string(credentials.accessKeyID), "SecretAccessKey": .string(credentials.secretAccessKey),
            "Token": .optional(credentials.sessionToken), "Expiration": .string(isoTimestamp(expiration)),
        ]
        return (200, JSONValue.object(fields).text + "\n")
    }
}

/// Whether `given` is `expected`, in a time that depends on their lengths only: a local
/// process timing the answers learns nothing of the token byte by byte.
func constantTimeEqual(_ given: String, _ expected: String) -> Bool {
    let left = Array(given.utf8), right = Array(expected.utf8)
    guard left.count == right.count else { return false }
    var difference: UInt8 = 0
    for index in left.indices {
        difference |= left[index] ^ right[index]
    }
    return difference == 0
}

/// Why the endpoint could not start.
struct EndpointError: Error, LocalizedError {
    var reason: String
    var errorDescription: String? { "cannot start the credentials endpoint on 127.0.0.1: \(reason)" }
}

/// A listening socket on 127.0.0.1 and a port of the system's choosing, served on a thread of
/// its own. The socket is close-on-exec: the child never holds it, so it ends with rolesh.
final class CredentialsEndpoint: @unchecked Sendable {
    static let path = "/rolesh/credentials"

    let port: Int
    /// This run's token: 32 random bytes, hex.
    let token: String
    private let listener: Int32
    private let answer: @Sendable () -> EndpointAnswer
    private let now: @Sendable () -> Date

    init(now: @escaping @Sendable () -> Date, answer: @escaping @Sendable () -> EndpointAnswer) throws(EndpointError) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw EndpointError(reason: String(cString: strerror(errno))) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        guard bound == 0, listen(descriptor, 16) == 0,
              withUnsafeMutablePointer(to: &address, {
                  $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
              }) == 0
        else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw EndpointError(reason: reason)
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        token = Hex.encode(SecureRandom.bytes(32))
        self.answer = answer
        self.now = now
    }

    deinit {
        close(listener)
    }

    /// `http://127.0.0.1:PORT/rolesh/credentials`, for AWS_CONTAINER_CREDENTIALS_FULL_URI.
    var url: String { "http://127.0.0.1:\(port)\(Self.path)" }

    /// Serves requests one after another on a new thread, until `stop`.
    func start() throws(SpawnError) {
        try startThread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 {
                    if errno == EINTR || errno == ECONNABORTED { continue }
                    return
                }
                serve(connection)
                close(connection)
            }
        }
    }

    /// Stops listening: the port is closed from here on (accept then fails on the thread).
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
    }

    private func serve(_ connection: Int32) {
        // A client that connects and says nothing holds the (single) server for 2 s at most.
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let head = Self.readHead(connection)
        let (status, body) = endpointResponse(to: head.flatMap(EndpointRequest.init(head:)), path: Self.path,
                                              token: token, now: now(), answer: answer)
        let response = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n" + body
        let bytes = Array(response.utf8)
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { return }
            sent += count
        }
    }

    /// The bytes up to the blank line that ends a request head; nil when the client stops,
    /// waits too long, or sends more than 16 KiB of head.
    private static func readHead(_ connection: Int32) -> [UInt8]? {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 16_384 {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            bytes += buffer[..<count]
            if let end = headEnd(bytes) { return Array(bytes[..<end]) }
        }
        return nil
    }

    /// Where the head ends: after the first empty line (CRLF CRLF, or bare LF LF).
    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) {
            let next = newline + 1
            if next < bytes.count, bytes[next] == UInt8(ascii: "\n") { return next }
            if next + 1 < bytes.count, bytes[next] == UInt8(ascii: "\r"), bytes[next + 1] == UInt8(ascii: "\n") { return next }
            index = next
        }
        return nil
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 400: "Bad Request"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        default: "Internal Server Error"
        }
    }
}

extension Substring {
    fileprivate var trimmingSpaceAndTab: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}

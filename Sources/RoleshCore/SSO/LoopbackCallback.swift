// The one-shot HTTP server the browser is sent back to at the end of an authorization code
// sign-in (RFC 8252 §7.3). It listens on 127.0.0.1 only, never on every interface as the aws
// CLI's does: the code it receives is worth a token to whoever holds the verifier, and nobody
// off this machine has any business reaching it. It answers one callback and closes.

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the browser brought back.
enum CallbackOutcome: Equatable, Sendable {
    case code(String)
    /// The portal sent `error=…` (the user declined, or the client was refused).
    case refused(String)
}

/// Why no code came back.
enum CallbackError: Error, Equatable, LocalizedError {
    case listen(String)
    /// The callback's `state` is not the one this sign-in sent: answered 400 and refused.
    case stateMismatch
    case timedOut(seconds: Int)

    var errorDescription: String? {
        switch self {
        case .listen(let reason): "cannot listen on 127.0.0.1 for the sign-in's callback: \(reason)"
        case .stateMismatch:
            "the sign-in's callback came back with another state than this sign-in sent, and was refused; run the sign-in again"
        case .timedOut(let seconds):
            "no sign-in came back within \(seconds / 60) minutes; run the sign-in again (or add --use-device-code to sign in on another device)"
        }
    }
}

/// A listening socket on 127.0.0.1 and an ephemeral port, closed in deinit.
final class LoopbackCallback {
    let port: Int
    private let listener: Int32

    /// The path the registered redirect URI names.
    static let path = "/oauth/callback"

    init() throws(CallbackError) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw .listen(String(cString: strerror(errno))) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(descriptor, 4) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .listen(reason)
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard named == 0 else {
            close(descriptor)
            throw .listen(String(cString: strerror(errno)))
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    deinit {
        close(listener)
    }

    /// `http://127.0.0.1/oauth/callback`: what the client registers (a loopback redirect URI
    /// matches any port, RFC 8252 §7.3).
    static let registeredRedirectURI = "http://127.0.0.1\(path)"

    /// `http://127.0.0.1:PORT/oauth/callback`: where the browser is sent back.
    var redirectURI: String { "http://127.0.0.1:\(port)\(Self.path)" }

    /// Waits up to `timeout` seconds for the callback whose `state` is `expectedState`.
    /// Requests for other paths (a browser's favicon) get 404 and the wait goes on; a
    /// callback with another state ends the sign-in (`stateMismatch`), as in the aws CLI.
    func await(expectedState: String, timeout: Int) throws(CallbackError) -> CallbackOutcome {
        let deadline = monotonicSeconds() + Double(timeout)
        while true {
            let left = deadline - monotonicSeconds()
            guard left > 0 else { throw .timedOut(seconds: timeout) }
            var listening = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            let ready = poll(&listening, 1, Int32(min(left, 1) * 1000))
            if ready <= 0 { continue }
            let connection = accept(listener, nil, nil)
            if connection < 0 { continue }
            defer { close(connection) }
            guard let target = Self.readRequestTarget(connection) else { continue }
            let request = CallbackRequest(target: target)
            guard request.path == Self.path else {
                Self.respond(connection, status: "404 Not Found", message: "Not found.")
                continue
            }
            guard request.query["state"] == expectedState else {
                Self.respond(connection, status: "400 Bad Request",
                             message: "This sign-in was not started here. Close this tab and sign in again.")
                throw .stateMismatch
            }
            if let error = request.query["error"] {
                Self.respond(connection, status: "200 OK", message: "The sign-in was refused. You can close this tab.")
                return .refused(error)
            }
            guard let code = request.query["code"], !code.isEmpty else {
                Self.respond(connection, status: "400 Bad Request", message: "The callback has no code.")
                continue
            }
            Self.respond(connection, status: "200 OK", message: "Signed in. You can close this tab and return to the terminal.")
            return .code(code)
        }
    }

    /// The request target of the request line (`/oauth/callback?code=…`), read within 10
    /// seconds; nil for anything that is not a GET.
    private static func readRequestTarget(_ connection: Int32) -> String? {
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 16_384, !bytes.contains(UInt8(ascii: "\n")) {
            let count = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return nil }
            bytes += buffer[..<count]
        }
        guard let end = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let words = bytes[..<end].split(separator: UInt8(ascii: " "))
        guard words.count == 3, words[0].elementsEqual("GET".utf8) else { return nil }
        return String(decoding: words[1], as: UTF8.self)
    }

    private static func respond(_ connection: Int32, status: String, message: String) {
        let body = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>rolesh</title></head><body><p>\(message)</p></body></html>\n"
        let response = "HTTP/1.1 \(status)\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: \(body.utf8.count)\r\n"
            + "Cache-Control: no-store\r\nConnection: close\r\n\r\n" + body
        let bytes = Array(response.utf8)
        _ = bytes.withUnsafeBytes { send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    private func monotonicSeconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}

/// A request target split into its path and decoded query parameters (pure, for tests).
struct CallbackRequest: Equatable {
    var path: String
    var query: [String: String]

    init(target: String) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        path = String(parts[0])
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let halves = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let name = Self.decoded(halves[0])
                // The first of a repeated parameter counts: a second `state` cannot override it.
                if query[name] == nil { query[name] = halves.count == 2 ? Self.decoded(halves[1]) : "" }
            }
        }
        self.query = query
    }

    /// `%XX` decoded and `+` as a space (form encoding); a malformed escape kept as written.
    static func decoded(_ text: Substring) -> String {
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "%"), index + 2 < source.count,
               let value = UInt8(String(decoding: source[index + 1...index + 2], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

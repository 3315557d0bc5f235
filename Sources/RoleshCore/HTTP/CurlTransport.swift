// HTTPS through libcurl, loaded with dlopen on the first request (DESIGN §8), so commands
// that never reach the network never pay for loading it.
import CCurl

/// The real transport: one libcurl easy handle per request.
///
/// A struct that makes a fresh handle for each `send` rather than a class that keeps one:
/// rolesh sends a handful of requests per run, so connection reuse saves nothing worth
/// having, and a handle that is never shared needs no lock to be `Sendable`.
struct CurlTransport: HTTPTransport {
    /// Largest response body accepted; STS answers are a few KiB.
    static let maximumResponseSize = 1 << 20

    private let environment: [String: String]

    /// `environment` supplies `AWS_CA_BUNDLE` and the proxy variables; libcurl itself is
    /// kept from reading the process environment, so what a caller passes is what applies.
    init(environment: [String: String]) {
        self.environment = environment
    }

    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse {
        try CurlLibrary.load()
        let handle = try CurlEasyHandle()
        try handle.configure(for: request, timeouts: timeouts, environment: environment)
        return try handle.perform(host: Self.host(of: request.url))
    }

    /// The host part of `url`, the only part of a request that error messages name.
    private static func host(of url: String) -> String {
        let afterScheme = url.firstRange(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return String(authority.split(separator: "@").last ?? authority)
    }
}

/// The one-time dlopen of libcurl.
private enum CurlLibrary {
    static func load() throws {
        var reason = [CChar](repeating: 0, count: 256)
        guard rolesh_curl_load(&reason, reason.count) == 0 else {
            let message = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw HTTPTransportError(.unavailable, message)
        }
    }
}

/// Owns one CURL easy handle, its header list, its error buffer and the response it collects.
private final class CurlEasyHandle {
    private let handle: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let response = ResponseBuffer(limit: CurlTransport.maximumResponseSize)

    init() throws {
        guard let handle = rolesh_curl_easy_init() else {
            throw HTTPTransportError(.unavailable, "libcurl could not create a request handle")
        }
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        rolesh_curl_easy_cleanup(handle)
        if let headerList { rolesh_curl_slist_free_all(headerList) }
        errorBuffer.deallocate()
    }

    func configure(for request: HTTPRequest, timeouts: HTTPTimeouts, environment: [String: String]) throws {
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
        try set(CURLOPT_URL, request.url)
        try check(rolesh_curl_limit_protocols_to_http(handle))
        try set(CURLOPT_FOLLOWLOCATION, 0)
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        try set(CURLOPT_CONNECTTIMEOUT_MS, Int(timeouts.connect * 1000))
        try set(CURLOPT_TIMEOUT_MS, Int(timeouts.total * 1000))
        if let bundle = environment["AWS_CA_BUNDLE"], !bundle.isEmpty {
            try set(CURLOPT_CAINFO, bundle)
        }
        let proxy = ProxySettings(url: request.url, environment: request.direct ? [:] : environment)
        // An explicit (even empty) CURLOPT_PROXY stops libcurl reading the process environment.
        try set(CURLOPT_PROXY, proxy.proxy)
        if let noProxy = proxy.noProxy { try set(CURLOPT_NOPROXY, noProxy) }

        try setMethodAndBody(request)
        try setHeaders(request)

        try check(rolesh_curl_setopt_write_function(handle, collectResponse))
        try set(CURLOPT_WRITEDATA, pointer: Unmanaged.passUnretained(response).toOpaque())
    }

    /// Runs the request; `host` names the server in error messages.
    func perform(host: String) throws -> HTTPResponse {
        let code = withExtendedLifetime(response) { rolesh_curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            throw response.exceeded
                ? HTTPTransportError(.connection, "the response from \(host) is larger than \(CurlTransport.maximumResponseSize >> 20) MiB")
                : CurlFailure(code: code, detail: errorDetail(code)).error(host: host)
        }
        var status = 0
        try check(rolesh_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status))
        return HTTPResponse(status: status, body: response.bytes)
    }

    private func setMethodAndBody(_ request: HTTPRequest) throws {
        let method = request.method.uppercased()
        if method == "GET" && request.body.isEmpty {
            try set(CURLOPT_HTTPGET, 1)
            return
        }
        // COPYPOSTFIELDS: libcurl keeps its own copy of the body for as long as the handle
        // lives, so no Swift buffer has to outlive perform. The size goes first, so a body
        // with NUL bytes is copied whole.
        try set(CURLOPT_POSTFIELDSIZE, request.body.count)
        if request.body.isEmpty {
            try set(CURLOPT_COPYPOSTFIELDS, "")
        } else {
            try request.body.withUnsafeBytes { body in
                try set(CURLOPT_COPYPOSTFIELDS, pointer: UnsafeMutableRawPointer(mutating: body.baseAddress!))
            }
        }
        if method != "POST" { try set(CURLOPT_CUSTOMREQUEST, method) }
    }

    private func setHeaders(_ request: HTTPRequest) throws {
        var lines = [String]()
        for header in request.headers {
            let text = header.name + header.value
            guard !text.utf8.contains(where: { $0 == 0x0d || $0 == 0x0a || $0 == 0 }) else {
                throw HTTPTransportError(.unavailable, "request header \(header.name) contains a line break")
            }
            // "Name;" is libcurl's spelling of a header with an empty value.
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        let names = Set(request.headers.map { $0.name.lowercased() })
        // libcurl would add these on its own; every header sent should be one the caller chose.
        if !names.contains("content-type") { lines.append("Content-Type:") }
        if !names.contains("expect") { lines.append("Expect:") }
        for line in lines {
            guard let extended = rolesh_curl_slist_append(headerList, line) else {
                throw HTTPTransportError(.unavailable, "libcurl could not store the request headers")
            }
            headerList = extended
        }
        try check(rolesh_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))
    }

    private func errorDetail(_ code: CURLcode) -> String {
        let detail = String(cString: errorBuffer)
        let text = detail.isEmpty ? String(cString: rolesh_curl_easy_strerror(code)) : detail
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    private func set(_ option: CURLoption, _ value: Int) throws {
        try check(rolesh_curl_setopt_long(handle, option, value))
    }

    private func set(_ option: CURLoption, _ value: String) throws {
        try check(rolesh_curl_setopt_string(handle, option, value))
    }

    private func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer) throws {
        try check(rolesh_curl_setopt_pointer(handle, option, pointer))
    }

    private func check(_ code: CURLcode) throws {
        guard code == CURLE_OK else {
            throw HTTPTransportError(.unavailable, "libcurl refused an option: \(String(cString: rolesh_curl_easy_strerror(code)))")
        }
    }
}

/// Where the write callback puts the response body, up to a limit.
private final class ResponseBuffer {
    let limit: Int
    var bytes: [UInt8] = []
    var exceeded = false

    init(limit: Int) { self.limit = limit }
}

/// libcurl's write callback: appends to the `ResponseBuffer` passed as WRITEDATA. Returning
/// fewer bytes than offered makes libcurl abort the transfer, which is how the limit holds.
private let collectResponse: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data, size, count, context in
    guard let context else { return 0 }
    let buffer = Unmanaged<ResponseBuffer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    guard buffer.bytes.count + length <= buffer.limit else {
        buffer.exceeded = true
        return 0
    }
    if let data, length > 0 {
        buffer.bytes.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length))
    }
    return length
}

/// The proxy for one URL, from the variables libcurl and botocore read: the scheme's own
/// (`https_proxy`, `HTTPS_PROXY`; `http_proxy`, `HTTP_PROXY`), then `all_proxy`/`ALL_PROXY`,
/// lower case first; `no_proxy`/`NO_PROXY` lists hosts to reach directly.
struct ProxySettings: Equatable {
    /// The proxy URL, or "" for a direct connection.
    var proxy: String
    var noProxy: String?

    init(url: String, environment: [String: String]) {
        let scheme = url.lowercased().hasPrefix("https://") ? "https" : "http"
        let names = ["\(scheme)_proxy", "\(scheme.uppercased())_PROXY", "all_proxy", "ALL_PROXY"]
        proxy = names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? ""
        noProxy = ["no_proxy", "NO_PROXY"].lazy.compactMap { environment[$0] }.first
    }
}

/// A failed transfer's CURLcode, sorted into the kinds callers act on.
private struct CurlFailure {
    var code: CURLcode
    var detail: String

    func error(host: String) -> HTTPTransportError {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return HTTPTransportError(.timeout, "request to \(host) timed out: \(detail)")
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY,
             CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_GOT_NOTHING, CURLE_PARTIAL_FILE,
             CURLE_HTTP2, CURLE_HTTP2_STREAM, CURLE_PROXY:
            return HTTPTransportError(.connection, "cannot reach \(host): \(detail)")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return HTTPTransportError(.tls, "TLS with \(host) failed: \(detail)")
        default:
            return HTTPTransportError(.unavailable, "request to \(host) failed: \(detail)")
        }
    }
}

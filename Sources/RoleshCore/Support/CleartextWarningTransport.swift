// Credentials sent over plain http:// cross the network readable by anyone on the path: an
// STS request carries a signature and, in its answer, new keys; the federation request
// carries the keys themselves. An endpoint override (AWS_ENDPOINT_URL_STS, a profile's
// endpoint_url, ROLESH_FEDERATION_ENDPOINT) can ask for that, and is honoured, since a local
// STS for tests is legitimate: a host other than this machine gets a warning first.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Forwards every request to `base`, after one warning on stderr per host reached over
/// http:// that is not a loopback address.
final class CleartextWarningTransport: HTTPTransport, @unchecked Sendable {
    private let base: any HTTPTransport
    private let warn: @Sendable (String) -> Void
    /// Hosts already warned about: retries of the same request go to the same host and are
    /// not worth a second line.
    private let warned = WarnedHosts()

    init(base: any HTTPTransport, warn: @escaping @Sendable (String) -> Void) {
        self.base = base
        self.warn = warn
    }

    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse {
        if let host = Self.cleartextRemoteHost(request.url), warned.insert(host) {
            warn("rolesh: warning: \(host) is reached over plain http://, so credentials cross the network "
                 + "in clear text; use an https:// endpoint\n")
        }
        return try base.send(request, timeouts: timeouts)
    }

    /// The host of an `http://` URL that does not name this machine; nil for https:// and loopback.
    static func cleartextRemoteHost(_ url: String) -> String? {
        guard url.lowercased().hasPrefix("http://") else { return nil }
        var authority = Substring(url.dropFirst("http://".count))
        authority = authority.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host: Substring
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            host = authority[authority.index(after: authority.startIndex)..<close]
        } else {
            host = authority.prefix { $0 != ":" }
        }
        let name = host.lowercased()
        return isLoopback(name) || metadataAddresses.contains(name) ? nil : String(host)
    }

    /// The EC2 instance metadata service's and the ECS and EKS container endpoints' link-local
    /// addresses: answered by the host the instance or task runs on, never routed beyond it,
    /// and reached over http:// by every SDK.
    static let metadataAddresses: Set<String> = ["169.254.169.254", "fd00:ec2::254", "169.254.170.2", "169.254.170.23", "fd00:ec2::23"]

    /// `localhost` and its subdomains (RFC 6761 keeps them on this machine), 127.0.0.0/8,
    /// `::1` and IPv4-mapped loopback. Names are not resolved: a name's address is DNS's to
    /// change, and a lookup here would cost a round trip before every request.
    static func isLoopback(_ host: String) -> Bool {
        let name = host.hasSuffix(".") ? String(host.dropLast()) : host
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        if name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let v4 = name.hasPrefix("::ffff:") ? String(name.dropFirst("::ffff:".count)) : name
        let octets = v4.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { UInt8($0) != nil } && octets[0] == "127"
    }
}

/// A set of host names behind a lock (`sso roles` sends from several threads). Not
/// `Locked<Set<String>>`: a generic class's metadata is built from its mangled name when
/// the first one is made, which every command building the live context paid
/// (Benchmarks/ANALYSIS.md, "One context for every command").
private final class WarnedHosts: @unchecked Sendable {
    private var hosts: Set<String> = []
    private var mutex = pthread_mutex_t()

    init() {
        pthread_mutex_init(&mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(&mutex)
    }

    /// Whether `host` is new; it is remembered from now on.
    func insert(_ host: String) -> Bool {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return hosts.insert(host).inserted
    }
}

// `credential_source = EcsContainer`: the task's or pod's role, from the container
// credentials endpoint, as botocore's ContainerProvider and ContainerMetadataFetcher reach it.
// `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (ECS) is a path on 169.254.170.2 and wins over
// `AWS_CONTAINER_CREDENTIALS_FULL_URI` (EKS Pod Identity, local endpoints such as
// `rolesh exec --server`), which may name only hosts that cannot be someone else's over
// plain http: https anywhere, a loopback address, or the ECS and EKS link-local addresses.
// The `Authorization` header comes from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read at
// every fetch: EKS rotates it) or else `AWS_CONTAINER_AUTHORIZATION_TOKEN`. Two seconds per
// attempt, three attempts a second apart, never through a proxy, as in botocore.

import FoundationEssentials

/// The role of the container rolesh runs in.
struct ContainerCredentials: CredentialSource {
    static let service = "container credentials endpoint"
    /// ECS's endpoint, the host of every relative URI.
    static let relativeHost = "169.254.170.2"
    /// Hosts a full URI may name over http besides loopback addresses (botocore's list).
    static let allowedHosts = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost"]
    static let timeout = 2.0
    static let attempts = 3
    static let pause = 1.0

    /// The profile whose credential_source this is, for errors.
    var profile: String
    /// The variables above, from the environment rolesh runs in.
    var environment: [String: String]
    var sleep: @Sendable (Double) -> Void = STSClient.sleepSeconds

    init(profile: String, environment: [String: String]) {
        self.profile = profile
        self.environment = environment
    }

    var kind: CredentialKind { .role }

    /// The endpoint's URL (a task's relative URI is its own); never the token.
    func identity() throws -> String { "container:\(try url())" }

    func validate() throws {
        let url = try url()
        if environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] == nil, !Self.mayFetch(from: url) {
            throw MetadataServiceError.containerHostNotAllowed(url: url)
        }
    }

    /// The URL the variables name: the relative URI on ECS's host, else the full URI.
    func url() throws(MetadataServiceError) -> String {
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            return "http://\(Self.relativeHost)\(relative)"
        }
        guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] else {
            throw .containerNotConfigured(profile: profile)
        }
        return full
    }

    func credentials(_ retrieval: Retrieval) throws -> Obtained {
        try validate()
        let url = try url()
        var headers = [(name: "Accept", value: "application/json")]
        if let token = try authorization() { headers.append((name: "Authorization", value: token)) }
        // No proxy, as botocore's container fetcher: a proxy would get the token, and could
        // not reach a link-local or loopback endpoint anyway.
        let request = HTTPRequest(method: "GET", url: url, headers: headers, direct: true)
        let requests = MetadataRequests(transport: retrieval.context.transport, timeout: Self.timeout, attempts: Self.attempts,
                                        budget: retrieval.interaction.networkBudget, now: retrieval.context.now)
        var last: Result<HTTPResponse, HTTPTransportError>?
        for attempt in 1...Self.attempts {
            if attempt > 1 {
                // No pause that would leave the budget nothing to try with.
                guard let left = requests.attemptTimeouts(), left.total > Self.pause else { break }
                sleep(Self.pause)
            }
            let result = requests.send(request)
            if case .success(let response) = result, response.status == 200 {
                return Obtained(try MetadataCredentials.parse(response.body, service: Self.service))
            }
            last = result
        }
        switch last {
        case .success(let response):
            let excerpt = String(decoding: response.body.prefix(200), as: UTF8.self)
            throw MetadataServiceError.refused(service: Self.service, url: url, status: response.status,
                                               hint: excerpt.isEmpty ? "" : "it said: \(excerpt)")
        case .failure(let failure):
            throw MetadataServiceError.unreachable(
                service: Self.service, url: url, waited: requests.waited, attempts: Self.attempts, reason: failure.message,
                settings: "rolesh is not in the container the variables were set for, or its agent is down; "
                    + "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI or AWS_CONTAINER_CREDENTIALS_FULL_URI point elsewhere")
        case nil:
            throw MetadataServiceError.unreachable(
                service: Self.service, url: url, waited: requests.waited, attempts: 0, reason: "the refresh's network budget is spent",
                settings: "try again with `rolesh refresh`")
        }
    }

    /// The `Authorization` value: the token file's content, else the token variable.
    func authorization() throws(MetadataServiceError) -> String? {
        let token: String, origin: String
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            origin = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE = \(file)"
            do {
                token = String(decoding: try readForeignFile(file), as: UTF8.self)
            } catch {
                throw .containerTokenUnusable(origin: origin, reason: error.reason)
            }
        } else if let value = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
            (token, origin) = (value, "AWS_CONTAINER_AUTHORIZATION_TOKEN")
        } else {
            return nil
        }
        guard !token.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
            throw .containerTokenUnusable(origin: origin, reason: "it holds a line break, which no header value may")
        }
        return token
    }

    // MARK: botocore's host rule

    /// Whether botocore fetches credentials from `url`: https anywhere; over http only a
    /// loopback address or one of `allowedHosts`.
    static func mayFetch(from url: String) -> Bool {
        let lowered = url.lowercased()
        if lowered.hasPrefix("https://") { return true }
        guard let host = host(of: url) else { return false }
        return allowedHosts.contains(host) || isLoopbackAddress(host)
    }

    /// The host as Python's `urlparse(url).hostname` gives it: lower-cased, without user
    /// information, port or IPv6 brackets; nil when there is none.
    static func host(of url: String) -> String? {
        guard let schemeEnd = url.firstRange(of: "://") else { return nil }
        var authority = url[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        let host: Substring
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
        } else {
            host = authority.prefix { $0 != ":" }
        }
        return host.isEmpty ? nil : host.lowercased()
    }

    /// An address (not a name) in 127.0.0.0/8 or `::1`, written as Python's `ip_address` takes it.
    static func isLoopbackAddress(_ host: String) -> Bool {
        if let octets = ipv4Octets(host) { return octets[0] == 127 }
        if let groups = ipv6Groups(host) { return groups == [0, 0, 0, 0, 0, 0, 0, 1] }
        return false
    }

    /// Dotted decimal, four parts of 1–3 digits up to 255, no leading zeros.
    private static func ipv4Octets(_ text: Substring) -> [Int]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var octets: [Int] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy({ ("0"..."9").contains($0) }),
                  part.count == 1 || part.first != "0", let value = Int(part), value <= 255 else { return nil }
            octets.append(value)
        }
        return octets
    }

    private static func ipv4Octets(_ text: String) -> [Int]? { ipv4Octets(Substring(text)) }

    /// The eight 16-bit groups of an IPv6 address (`::` and a trailing dotted IPv4 allowed).
    private static func ipv6Groups(_ text: String) -> [Int]? {
        guard text.contains(":"), !text.contains("%") else { return nil }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false).map(String.init)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [Int]? {
            if part.isEmpty { return [] }
            var result: [Int] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let octets = ipv4Octets(piece) {
                    result += [octets[0] << 8 | octets[1], octets[2] << 8 | octets[3]]
                    continue
                }
                guard (1...4).contains(piece.count), let value = Int(piece, radix: 16) else { return nil }
                result.append(value)
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 8 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
        return head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
    }
}

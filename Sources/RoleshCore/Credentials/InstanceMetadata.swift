// `credential_source = Ec2InstanceMetadata`: the instance profile's role, from the EC2
// instance metadata service, as botocore's InstanceMetadataFetcher asks it: IMDSv2 (PUT a
// session token, then GET the role's name and its credentials with it), falling back to
// IMDSv1 (the GETs without a token) only where botocore does: the token PUT answered 403, 404
// or 405, timed out, or failed on every attempt with an answer other than 400 — and never
// when IMDSv1 is disabled. One attempt of one second each by default, as in the SDKs.

import FoundationEssentials

/// How to reach the instance metadata service: botocore's settings, each variable over the
/// selected profile's key.
struct InstanceMetadataSettings: Equatable, Sendable {
    static let ipv4Endpoint = "http://169.254.169.254/"
    static let ipv6Endpoint = "http://[fd00:ec2::254]/"

    /// The base URL every path is put after.
    var endpoint: String
    var timeout: Double
    var attempts: Int
    var disabled: Bool
    var v1Disabled: Bool

    /// `environment` over `profile` (the selected profile's keys): `AWS_EC2_METADATA_SERVICE_ENDPOINT`
    /// / `ec2_metadata_service_endpoint`, `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` /
    /// `ec2_metadata_service_endpoint_mode` (`IPv4`, `IPv6`; the older `AWS_IMDS_USE_IPV6` /
    /// `imds_use_ipv6` where it is unset), `AWS_METADATA_SERVICE_TIMEOUT` / `metadata_service_timeout`,
    /// `AWS_METADATA_SERVICE_NUM_ATTEMPTS` / `metadata_service_num_attempts`,
    /// `AWS_EC2_METADATA_V1_DISABLED` / `ec2_metadata_v1_disabled`, and `AWS_EC2_METADATA_DISABLED`
    /// (a variable only).
    init(environment: [String: String], profile: [String: String]) throws(MetadataServiceError) {
        func setting(_ variable: String, _ key: String) -> (name: String, value: String)? {
            if let value = environment[variable] { return (variable, value) }
            return profile[key].map { (key, $0) }
        }
        let mode = setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode")
        if let mode, !["ipv4", "ipv6"].contains(mode.value.lowercased()) {
            throw .invalidSetting(name: mode.name, value: mode.value, expected: "IPv4 or IPv6")
        }
        let ipv6 = mode.map { $0.value.lowercased() == "ipv6" }
            ?? (setting("AWS_IMDS_USE_IPV6", "imds_use_ipv6")?.value.lowercased() == "true")
        if let custom = setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint") {
            guard Self.isHTTPURL(custom.value) else {
                throw .invalidSetting(name: custom.name, value: custom.value, expected: "an http:// or https:// URL with a host")
            }
            endpoint = custom.value
        } else {
            endpoint = ipv6 ? Self.ipv6Endpoint : Self.ipv4Endpoint
        }
        timeout = 1
        if let text = setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout") {
            guard let seconds = Double(text.value), seconds.isFinite, seconds > 0 else {
                throw .invalidSetting(name: text.name, value: text.value, expected: "a number of seconds, e.g. 1")
            }
            timeout = seconds
        }
        attempts = 1
        if let text = setting("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts") {
            guard let count = pythonInteger(text.value), count > 0 else {
                throw .invalidSetting(name: text.name, value: text.value, expected: "a whole number of attempts, e.g. 1")
            }
            attempts = count
        }
        disabled = environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true"
        v1Disabled = setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")?.value.lowercased() == "true"
    }

    /// `path` after the endpoint, with one `/` between them.
    func url(_ path: String) -> String {
        endpoint.hasSuffix("/") ? endpoint + path : endpoint + "/" + path
    }

    private static func isHTTPURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        guard let scheme = ["http://", "https://"].first(where: lowered.hasPrefix) else { return false }
        let authority = lowered.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !authority.isEmpty && !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } == true })
    }
}

/// The role of the EC2 instance rolesh runs on.
struct InstanceMetadata: CredentialSource {
    static let service = "EC2 instance metadata service"
    static let tokenPath = "latest/api/token"
    static let rolesPath = "latest/meta-data/iam/security-credentials/"
    /// The token's life the SDKs ask for (six hours); rolesh uses it for one retrieval.
    static let tokenLifetime = "21600"

    /// The profile whose credential_source this is, for errors.
    var profile: String
    /// The variables the settings come from.
    var environment: [String: String]
    /// The selected profile's keys (botocore reads these settings from the session's profile).
    var profileSettings: [String: String]

    init(profile: String, environment: [String: String], profileSettings: [String: String]) {
        self.profile = profile
        self.environment = environment
        self.profileSettings = profileSettings
    }

    var kind: CredentialKind { .role }

    var settings: InstanceMetadataSettings {
        get throws { try InstanceMetadataSettings(environment: environment, profile: profileSettings) }
    }

    /// The endpoint: one machine has one instance behind it, and its keyring one cache. The
    /// role's name would take a request to learn, which a cache lookup must not make.
    func identity() throws -> String { "ec2-instance-metadata:\(try settings.endpoint)" }

    func validate() throws { _ = try settings }

    func credentials(_ retrieval: Retrieval) throws -> Obtained {
        let settings = try settings
        guard !settings.disabled else { throw MetadataServiceError.instanceMetadataDisabled(profile: profile) }
        let requests = MetadataRequests(transport: retrieval.context.transport, timeout: settings.timeout,
                                        attempts: settings.attempts, budget: retrieval.interaction.networkBudget,
                                        now: retrieval.context.now)
        let token = try sessionToken(requests, settings)
        if token == nil && settings.v1Disabled {
            throw MetadataServiceError.instanceMetadataV1Disabled(url: settings.url(Self.tokenPath))
        }
        let role = String(decoding: try get(Self.rolesPath, token: token, requests, settings), as: UTF8.self)
        guard !role.isEmpty, role.unicodeScalars.allSatisfy(Self.isRoleNameScalar) else {
            throw MetadataServiceError.badAnswer(service: Self.service, reason: "the role name \"\(role)\" is not an IAM role name")
        }
        let document = try get(Self.rolesPath + role, token: token, requests, settings)
        return Obtained(try MetadataCredentials.parse(document, service: Self.service))
    }

    /// IMDSv2's session token, or nil where botocore falls back to IMDSv1.
    func sessionToken(_ requests: MetadataRequests, _ settings: InstanceMetadataSettings) throws -> String? {
        let url = settings.url(Self.tokenPath)
        let request = HTTPRequest(method: "PUT", url: url,
                                  headers: [(name: "x-aws-ec2-metadata-token-ttl-seconds", value: Self.tokenLifetime)])
        var lastFailure: HTTPTransportError?
        for _ in 0..<requests.attempts {
            switch requests.send(request) {
            case .success(let response) where response.status == 200:
                return String(decoding: response.body, as: UTF8.self)
            case .success(let response) where [403, 404, 405].contains(response.status):
                return nil
            case .success(let response) where response.status == 400:
                throw MetadataServiceError.refused(service: Self.service, url: url, status: 400,
                                                   hint: "it refused the token request as malformed; check AWS_EC2_METADATA_SERVICE_ENDPOINT")
            case .success:
                lastFailure = nil
            case .failure(let failure) where failure.kind == .timeout:
                // A PUT whose answer never comes back: a container behind a hop limit of one.
                return nil
            case .failure(let failure):
                lastFailure = failure
            }
        }
        // Refused connections on every attempt: the GETs would go to the same closed port.
        if let lastFailure, lastFailure.kind == .connection {
            throw unreachable(url, requests, lastFailure)
        }
        return nil
    }

    /// The body of a GET of `path`, retried on errors, HTTP failures and empty answers.
    func get(_ path: String, token: String?, _ requests: MetadataRequests, _ settings: InstanceMetadataSettings) throws -> [UInt8] {
        let url = settings.url(path)
        let headers = token.map { [(name: "x-aws-ec2-metadata-token", value: $0)] } ?? []
        let request = HTTPRequest(method: "GET", url: url, headers: headers)
        var last: Result<HTTPResponse, HTTPTransportError>?
        for _ in 0..<requests.attempts {
            let result = requests.send(request)
            if case .success(let response) = result, response.status == 200, !response.body.isEmpty {
                return response.body
            }
            last = result
        }
        switch last {
        case .success(let response) where response.status == 200:
            throw MetadataServiceError.badAnswer(service: Self.service, reason: "\(url) answered with nothing")
        case .success(let response):
            throw MetadataServiceError.refused(service: Self.service, url: url, status: response.status,
                                               hint: Self.hint(status: response.status, path: path, token: token != nil))
        case .failure(let failure):
            throw unreachable(url, requests, failure)
        case nil:
            preconditionFailure("at least one attempt is made")
        }
    }

    private func unreachable(_ url: String, _ requests: MetadataRequests, _ failure: HTTPTransportError) -> MetadataServiceError {
        .unreachable(service: Self.service, url: url, waited: requests.waited, attempts: requests.attempts,
                     reason: failure.message,
                     settings: "rolesh is not on an EC2 instance, or cannot reach its metadata service; "
                        + "AWS_METADATA_SERVICE_TIMEOUT and AWS_METADATA_SERVICE_NUM_ATTEMPTS wait longer, "
                        + "AWS_EC2_METADATA_SERVICE_ENDPOINT points elsewhere")
    }

    private static func hint(status: Int, path: String, token: Bool) -> String {
        switch status {
        case 401: token ? "it refused the session token (expired, or from another instance)" : "it requires IMDSv2 and gave no token"
        case 404 where path == rolesPath: "no IAM role is attached to this instance; attach an instance profile"
        case 404: "the instance's role was detached or replaced meanwhile; try again"
        default: ""
        }
    }

    /// IAM's role name characters: letters, digits and `+=,.@_-`.
    private static func isRoleNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "+=,.@_-".unicodeScalars.contains(scalar))
    }
}

// The STS Query API (Version 2011-06-15): AssumeRole, GetSessionToken and GetCallerIdentity
// as signed form POSTs, AssumeRoleWithWebIdentity as an unsigned one (the token is the proof), their XML answers read into values, their failures into STSError.
//
// Retries: up to `maxAttempts` attempts with full-jitter exponential backoff on throttling,
// 5xx answers and dropped connections; never on other 4xx answers or TLS failures. The
// total timeout bounds the whole call, retries and backoff included, so `ROLESH_TIMEOUT`
// is the longest a user waits. A timed-out attempt is retried once at most, and only when
// at least `minimumAttemptTime` of that budget is left: after a total timeout nothing is
// left, so in practice only a connect timeout (a dropped SYN) earns a second try.
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A client for the STS calls rolesh makes.
package struct STSClient: Sendable {
    static let apiVersion = "2011-06-15"
    /// Backoff before the second attempt is drawn from [0, base), then doubles up to the cap.
    static let backoffBase = 0.2
    static let backoffCap = 2.0
    /// An attempt is not started with less of the total time left than this.
    static let minimumAttemptTime = 0.5

    private let transport: any HTTPTransport
    private let endpoint: STSEndpoint
    private let timeouts: HTTPTimeouts
    private let maxAttempts: Int
    private let sleep: @Sendable (Double) -> Void
    private let now: @Sendable () -> Date
    private let jitter: @Sendable () -> Double

    /// - Parameters:
    ///   - sleep: waits that many seconds between attempts.
    ///   - now: the clock requests are signed with (each attempt is signed afresh) and the
    ///     total timeout is measured by.
    ///   - jitter: a number in [0, 1) that scales each backoff (full jitter).
    package init(
        transport: any HTTPTransport, endpoint: STSEndpoint, timeouts: HTTPTimeouts = HTTPTimeouts(),
        maxAttempts: Int = 3,
        sleep: @escaping @Sendable (Double) -> Void = STSClient.sleepSeconds,
        now: @escaping @Sendable () -> Date = { Date() },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.transport = transport
        self.endpoint = endpoint
        self.timeouts = timeouts
        self.maxAttempts = max(1, maxAttempts)
        self.sleep = sleep
        self.now = now
        self.jitter = jitter
    }

    /// AssumeRole: temporary credentials for `request.roleARN`. The request is validated
    /// first (`isRoleChain`: the source credentials are a role's, so at most one hour).
    package func assumeRole(_ request: AssumeRoleRequest, credentials: Credentials, isRoleChain: Bool = false) throws -> AssumedRole {
        try STSLimits.validate(request, isRoleChain: isRoleChain)
        let action = "AssumeRole"
        let answer = try call(action, request.queryParameters, credentials: credentials)
        let result = "AssumeRoleResponse/AssumeRoleResult"
        return AssumedRole(
            credentials: try Self.credentials(in: answer, at: "\(result)/Credentials", action: action),
            assumedRoleARN: try Self.value(in: answer, at: "\(result)/AssumedRoleUser/Arn", action: action),
            assumedRoleID: try Self.value(in: answer, at: "\(result)/AssumedRoleUser/AssumedRoleId", action: action))
    }

    /// AssumeRoleWithWebIdentity: temporary credentials for `request.roleARN`, proved by the
    /// web identity token alone. The request is not signed, as botocore sends it.
    func assumeRoleWithWebIdentity(_ request: WebIdentityRequest) throws -> AssumedRole {
        try STSLimits.validateRoleARN(request.roleARN)
        try STSLimits.validateSessionName(request.sessionName)
        let action = "AssumeRoleWithWebIdentity"
        let answer = try call(action, request.queryParameters, signedWith: nil, secrets: [request.webIdentityToken])
        let result = "AssumeRoleWithWebIdentityResponse/AssumeRoleWithWebIdentityResult"
        return AssumedRole(
            credentials: try Self.credentials(in: answer, at: "\(result)/Credentials", action: action),
            assumedRoleARN: try Self.value(in: answer, at: "\(result)/AssumedRoleUser/Arn", action: action),
            assumedRoleID: try Self.value(in: answer, at: "\(result)/AssumedRoleUser/AssumedRoleId", action: action))
    }

    /// GetSessionToken: temporary credentials for the long-term keys in `credentials`.
    package func getSessionToken(_ request: SessionTokenRequest, credentials: Credentials) throws -> Credentials {
        try STSLimits.validate(request)
        let action = "GetSessionToken"
        let answer = try call(action, request.queryParameters, credentials: credentials)
        return try Self.credentials(in: answer, at: "GetSessionTokenResponse/GetSessionTokenResult/Credentials", action: action)
    }

    /// GetCallerIdentity: who `credentials` belong to.
    package func getCallerIdentity(credentials: Credentials) throws -> CallerIdentity {
        let action = "GetCallerIdentity"
        let answer = try call(action, [], credentials: credentials)
        let result = "GetCallerIdentityResponse/GetCallerIdentityResult"
        return CallerIdentity(
            account: try Self.value(in: answer, at: "\(result)/Account", action: action),
            arn: try Self.value(in: answer, at: "\(result)/Arn", action: action),
            userID: try Self.value(in: answer, at: "\(result)/UserId", action: action))
    }

    /// The default `sleep`: blocks the thread for `seconds`.
    @Sendable static func sleepSeconds(_ seconds: Double) {
        guard seconds > 0 else { return }
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR {
            request = remaining
        }
    }

    // MARK: One call, with retries

    private func call(_ action: String, _ parameters: [(String, String)], credentials: Credentials) throws -> XMLReader.Element {
        try call(action, parameters, signedWith: credentials,
                 secrets: [credentials.secretAccessKey, credentials.sessionToken ?? ""])
    }

    /// One call, signed with `credentials` or, when nil, sent unsigned; `secrets` are blanked
    /// out of whatever the answer quotes.
    private func call(_ action: String, _ parameters: [(String, String)], signedWith credentials: Credentials?,
                      secrets: [String]) throws -> XMLReader.Element {
        let form = [("Action", action), ("Version", Self.apiVersion)] + parameters
        let unsigned = HTTPRequest(
            method: "POST", url: Self.requestURL(endpoint.url),
            headers: [(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(PercentEncoding.form(form).utf8))
        let signer = SigV4Signer(service: "sts", region: endpoint.signingRegion)
        let started = now()
        var timeoutRetried = false
        var attempt = 1
        while true {
            let remaining = timeouts.total - now().timeIntervalSince(started)
            let attemptTimeouts = HTTPTimeouts(connect: min(timeouts.connect, remaining), total: remaining)
            do {
                let request = credentials.map { signer.sign(unsigned, credentials: $0, date: now()) } ?? unsigned
                return try answer(to: request, action: action, timeouts: attemptTimeouts, secrets: secrets)
            } catch let error as STSError {
                guard attempt < maxAttempts, isRetryable(error, timeoutRetried: &timeoutRetried) else { throw error }
                let delay = backoff(beforeAttempt: attempt + 1)
                let left = timeouts.total - now().timeIntervalSince(started) - delay
                guard left >= Self.minimumAttemptTime else { throw error }
                sleep(delay)
                attempt += 1
            }
        }
    }

    /// Full jitter: uniform in [0, min(cap, base × 2^(attempt−2))).
    private func backoff(beforeAttempt attempt: Int) -> Double {
        let ceiling = min(Self.backoffCap, Self.backoffBase * Double(1 << min(attempt - 2, 16)))
        return ceiling * min(max(jitter(), 0), 1)
    }

    private func isRetryable(_ error: STSError, timeoutRetried: inout Bool) -> Bool {
        switch error {
        case .service(_, let status, _, _):
            return error.isThrottling || status >= 500
        case .unexpectedResponse(_, let status, _):
            return status >= 500
        case .transport(_, let failure) where failure.kind == .connection:
            return true
        case .transport(_, let failure) where failure.kind == .timeout && !timeoutRetried:
            timeoutRetried = true
            return true
        case .transport, .invalidInput, .tokenCodeRequired:
            return false
        }
    }

    /// Sends one signed request and reads its answer: the document of a 2xx, else an error.
    private func answer(to request: HTTPRequest, action: String, timeouts: HTTPTimeouts, secrets: [String]) throws -> XMLReader.Element {
        let response: HTTPResponse
        do {
            response = try transport.send(request, timeouts: timeouts)
        } catch let failure as HTTPTransportError {
            throw STSError.transport(action: action, failure: failure)
        }
        let document: XMLReader.Element
        do {
            document = try XMLReader.parse(response.body)
        } catch let error as XMLReaderError {
            // The reader's message may quote a name from the body; a server that echoes the
            // request back could put a secret there.
            let reason = response.body.isEmpty ? "the body is empty" : "the body is not XML: \(error)"
            throw STSError.unexpectedResponse(action: action, status: response.status, reason: Self.redacting(secrets, from: reason))
        }
        if (200..<300).contains(response.status), document.name == "\(action)Response" { return document }
        let errorPaths = ["ErrorResponse/Error", "ErrorResponse/Errors/Error", "Response/Errors/Error"]
        guard let error = errorPaths.lazy.compactMap(document.element(at:)).first, let code = error.text(at: "Error/Code") else {
            let reason = "an XML document <\(document.name)> where <\(action)Response> was expected"
            throw STSError.unexpectedResponse(action: action, status: response.status, reason: Self.redacting(secrets, from: reason))
        }
        let message = Self.redacting(secrets, from: error.text(at: "Error/Message") ?? "no message")
        throw STSError.service(action: action, status: response.status, code: Self.oneLine(code), message: Self.oneLine(message))
    }

    // MARK: Reading answers

    private static func value(in document: XMLReader.Element, at path: String, action: String) throws -> String {
        guard let text = document.text(at: path) else {
            throw STSError.unexpectedResponse(action: action, status: 200, reason: "the answer lacks \(path)")
        }
        return text.trimmingXMLWhitespace()
    }

    private static func credentials(in document: XMLReader.Element, at path: String, action: String) throws -> Credentials {
        let expiration = try value(in: document, at: "\(path)/Expiration", action: action)
        guard let date = RoleshCore.parseTimestamp(expiration) else {
            throw STSError.unexpectedResponse(action: action, status: 200, reason: "the expiration \"\(expiration)\" is not an ISO-8601 time")
        }
        return Credentials(
            accessKeyID: try value(in: document, at: "\(path)/AccessKeyId", action: action),
            secretAccessKey: try value(in: document, at: "\(path)/SecretAccessKey", action: action),
            sessionToken: try value(in: document, at: "\(path)/SessionToken", action: action),
            expiration: date)
    }

    // MARK: Building requests

    /// The endpoint with a path, so that `https://host` posts (and is signed) as `https://host/`.
    static func requestURL(_ endpoint: String) -> String {
        guard let schemeEnd = endpoint.firstRange(of: "://") else { return endpoint }
        return endpoint[schemeEnd.upperBound...].contains("/") ? endpoint : endpoint + "/"
    }

    /// `message` with the caller's secrets blanked out. Matched byte for byte: a match
    /// by Characters would miss a secret that a combining mark in the answer follows.
    static func redacting(_ credentials: Credentials, from message: String) -> String {
        redacting([credentials.secretAccessKey, credentials.sessionToken ?? ""], from: message)
    }

    /// `message` with each of `secrets` (of 8 bytes or more) blanked out.
    static func redacting(_ secrets: [String], from message: String) -> String {
        var bytes = Array(message.utf8)
        for secret in secrets where secret.utf8.count >= 8 {
            let needle = Array(secret.utf8)
            var result: [UInt8] = []
            var index = 0
            while index < bytes.count {
                if bytes[index] == needle[0], bytes.count - index >= needle.count,
                   bytes[index..<index + needle.count].elementsEqual(needle) {
                    result += Array("[redacted]".utf8)
                    index += needle.count
                } else {
                    result.append(bytes[index])
                    index += 1
                }
            }
            bytes = result
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }
}

extension AssumeRoleRequest {
    /// AssumeRole's Query API parameters, in the order of the API's documentation.
    var queryParameters: [(String, String)] {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        for (index, arn) in policyARNs.enumerated() {
            parameters.append(("PolicyArns.member.\(index + 1).arn", arn))
        }
        if let policy { parameters.append(("Policy", policy)) }
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        for (index, tag) in tags.enumerated() {
            parameters.append(("Tags.member.\(index + 1).Key", tag.key))
            parameters.append(("Tags.member.\(index + 1).Value", tag.value))
        }
        for (index, key) in transitiveTagKeys.enumerated() {
            parameters.append(("TransitiveTagKeys.member.\(index + 1)", key))
        }
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let serialNumber { parameters.append(("SerialNumber", serialNumber)) }
        if let tokenCode { parameters.append(("TokenCode", tokenCode)) }
        if let sourceIdentity { parameters.append(("SourceIdentity", sourceIdentity)) }
        return parameters
    }
}

extension WebIdentityRequest {
    /// AssumeRoleWithWebIdentity's Query API parameters.
    var queryParameters: [(String, String)] {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", webIdentityToken)]
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        return parameters
    }
}

extension SessionTokenRequest {
    /// GetSessionToken's Query API parameters.
    var queryParameters: [(String, String)] {
        var parameters: [(String, String)] = []
        if let durationSeconds { parameters.append(("DurationSeconds", String(durationSeconds))) }
        if let serialNumber { parameters.append(("SerialNumber", serialNumber)) }
        if let tokenCode { parameters.append(("TokenCode", tokenCode)) }
        return parameters
    }
}

private extension String {
    func trimmingXMLWhitespace() -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isWhitespace).reversed().drop(while: isWhitespace).reversed())
    }
}

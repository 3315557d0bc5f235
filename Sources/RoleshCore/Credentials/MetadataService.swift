// What the two metadata sources share: the credentials document both services answer with
// (`AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`), the waiting (a few short
// attempts, bounded by the prompt hook's network budget), and the errors, each one line that
// says how long rolesh waited and which setting changes that.

import FoundationEssentials

/// A metadata service's requests, timed: per attempt, at most the configured timeout and what
/// is left of the retrieval's budget.
struct MetadataRequests {
    var transport: any HTTPTransport
    /// One attempt's time (connect and answer).
    var timeout: Double
    var attempts: Int
    /// The whole retrieval's budget (the prompt hook's refresh), or nil.
    var budget: HTTPTimeouts?
    let started: Date
    let now: @Sendable () -> Date

    init(transport: any HTTPTransport, timeout: Double, attempts: Int, budget: HTTPTimeouts?, now: @escaping @Sendable () -> Date) {
        self.transport = transport
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.budget = budget
        self.now = now
        started = now()
    }

    /// Seconds since the first request.
    var waited: Double { now().timeIntervalSince(started) }

    /// One attempt's timeouts, or nil when the budget is spent.
    func attemptTimeouts() -> HTTPTimeouts? {
        var total = timeout
        if let budget {
            total = min(total, budget.total - waited)
            guard total > 0 else { return nil }
            return HTTPTimeouts(connect: min(total, budget.connect), total: total)
        }
        return HTTPTimeouts(connect: total, total: total)
    }

    /// Sends `request` once; a transport failure comes back as the failure.
    func send(_ request: HTTPRequest) -> Result<HTTPResponse, HTTPTransportError> {
        guard let timeouts = attemptTimeouts() else {
            return .failure(HTTPTransportError(.timeout, "the refresh's network budget is spent"))
        }
        do {
            return .success(try transport.send(request, timeouts: timeouts))
        } catch let failure as HTTPTransportError {
            return .failure(failure)
        } catch {
            return .failure(HTTPTransportError(.unavailable, "\(error)"))
        }
    }
}

/// The credentials document of the instance metadata service and of the container endpoint.
enum MetadataCredentials {
    /// Reads `body`; `service` names the answerer in errors. Every field is required, as
    /// botocore requires them; an IMDS error document (`Code`, `Message`) is quoted.
    static func parse(_ body: [UInt8], service: String) throws(MetadataServiceError) -> Credentials {
        guard let document = JSONValue(parsing: body), case .object = document else {
            throw .badAnswer(service: service, reason: "the answer is not a JSON object")
        }
        if let code = document["Code"]?.string, code != "Success" {
            throw .badAnswer(service: service, reason: "it answered \(code): \(document["Message"]?.string ?? "no message")")
        }
        func field(_ name: String) throws(MetadataServiceError) -> String {
            guard let value = document[name]?.string, !value.isEmpty else {
                throw .badAnswer(service: service, reason: "the answer has no \(name)")
            }
            return value
        }
        let expiration = try field("Expiration")
        guard let date = parseTimestamp(expiration) else {
            throw .badAnswer(service: service, reason: "the expiration \"\(expiration)\" is not an ISO-8601 time")
        }
        return Credentials(accessKeyID: try field("AccessKeyId"), secretAccessKey: try field("SecretAccessKey"),
                           sessionToken: try field("Token"), expiration: date)
    }
}

/// A metadata source that could not hand out credentials.
enum MetadataServiceError: LocalizedError, Equatable {
    /// No answer: `url` did not answer within `waited` seconds over `attempts` attempts.
    /// `settings` says which variables wait longer or point elsewhere.
    case unreachable(service: String, url: String, waited: Double, attempts: Int, reason: String, settings: String)
    /// The service answered with an HTTP error.
    case refused(service: String, url: String, status: Int, hint: String)
    case badAnswer(service: String, reason: String)
    /// A setting that is not what the SDKs take: its name, value and what is expected.
    case invalidSetting(name: String, value: String, expected: String)
    /// `AWS_EC2_METADATA_DISABLED=true`.
    case instanceMetadataDisabled(profile: String)
    /// No IMDSv2 token, and IMDSv1 disabled (botocore's words first).
    case instanceMetadataV1Disabled(url: String)
    /// `credential_source = EcsContainer` without either container variable.
    case containerNotConfigured(profile: String)
    /// A full URI whose host botocore would not fetch credentials from.
    case containerHostNotAllowed(url: String)
    case containerTokenUnusable(origin: String, reason: String)

    var errorDescription: String? {
        line.escapingControlCharacters
    }

    private var line: String {
        switch self {
        case .unreachable(let service, let url, let waited, let attempts, let reason, let settings):
            let seconds = "\((waited * 10).rounded() / 10)"
            return "no answer from the \(service) at \(url) after \(seconds) s (\(attempts) attempt\(attempts == 1 ? "" : "s"): \(reason)); "
                + settings
        case .refused(let service, let url, let status, let hint):
            return "the \(service) at \(url) answered HTTP \(status)" + (hint.isEmpty ? "" : "; \(hint)")
        case .badAnswer(let service, let reason):
            return "the \(service) answered with no usable credentials: \(reason)"
        case .invalidSetting(let name, let value, let expected):
            return "\(name) = \"\(value)\" is not valid: \(expected)"
        case .instanceMetadataDisabled(let profile):
            return "profile \"\(profile)\" takes its credentials from the EC2 instance metadata service, "
                + "and AWS_EC2_METADATA_DISABLED=true turns it off; unset it, or use another credential_source"
        case .instanceMetadataV1Disabled(let url):
            return "Unable to retrieve token for use in IMDSv2 call and IMDSv1 has been disabled (\(url) gave no token); "
                + "check the instance's metadata options (its hop limit, for a container), or unset AWS_EC2_METADATA_V1_DISABLED "
                + "and ec2_metadata_v1_disabled"
        case .containerNotConfigured(let profile):
            return "profile \"\(profile)\" has credential_source = EcsContainer, but neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI "
                + "nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set; run it in the container, or set one"
        case .containerHostNotAllowed(let url):
            return "AWS_CONTAINER_CREDENTIALS_FULL_URI = \(url) names a host credentials are not fetched from over http: "
                + "use https, a loopback address, or one of \(ContainerCredentials.allowedHosts.joined(separator: ", "))"
        case .containerTokenUnusable(let origin, let reason):
            return "the container authorization token (\(origin)) is unusable: \(reason)"
        }
    }
}

// Everything that can go wrong on the way to STS and back, each said in one line with what
// failed and what to do (DESIGN §3). No case carries a secret: the client redacts the
// caller's secret key and token out of AWS's messages before they land here, and request
// headers and bodies are never quoted.
import FoundationEssentials

/// A failed STS call, or a call refused before anything was sent.
enum STSError: Error, LocalizedError, Equatable, Sendable {
    /// STS answered with an error document: AWS's own code and message.
    case service(action: String, status: Int, code: String, message: String)
    /// No HTTP answer arrived; the transport's message names the host and the cause.
    case transport(action: String, failure: HTTPTransportError)
    /// An answer arrived that is not what STS sends (an HTML page from a proxy, a truncated body).
    case unexpectedResponse(action: String, status: Int, reason: String)
    /// A parameter, flag or setting is invalid; nothing was sent.
    case invalidInput(String)
    /// An MFA code is needed, none was given and there is no terminal to ask for one.
    case tokenCodeRequired(serialNumber: String)

    /// AWS's error code, when STS answered with one.
    var code: String? {
        if case .service(_, _, let code, _) = self { return code }
        return nil
    }

    /// Whether this is STS asking the caller to slow down.
    var isThrottling: Bool {
        code.map(Self.throttlingCodes.contains) ?? false
    }

    static let throttlingCodes: Set<String> = ["Throttling", "ThrottlingException", "RequestLimitExceeded"]

    var errorDescription: String? {
        let line: String
        switch self {
        case .service(let action, _, let code, let message):
            line = "STS \(action) failed: \(code): \(message)"
        case .transport(let action, let failure):
            line = "STS \(action) failed: \(failure.message)"
        case .unexpectedResponse(let action, let status, let reason):
            line = "STS \(action) failed: HTTP \(status) with an answer that is not STS's (\(reason))"
        case .invalidInput(let message):
            line = message
        case .tokenCodeRequired(let serialNumber):
            line = "an MFA code for \(serialNumber) is needed and none was given"
        }
        // STS's message and whatever a non-STS server answered are quoted as they came;
        // escaping keeps them on one line and out of control of the terminal.
        return (hint.map { "\(line) (\($0))" } ?? line).escapingControlCharacters
    }

    /// What to do about it, where something helps.
    var hint: String? {
        switch self {
        case .service(let action, _, let code, let message):
            return Self.serviceHint(action: action, code: code, message: message)
        case .transport(_, let failure):
            return Self.transportHint(failure.kind)
        case .unexpectedResponse:
            return "check AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL, the profile's endpoint_url and any proxy"
        case .invalidInput:
            return nil
        case .tokenCodeRequired:
            return "pass it with --token-code, or run rolesh where it can ask on a terminal"
        }
    }

    private static func transportHint(_ kind: HTTPTransportError.Kind) -> String {
        switch kind {
        case .connection: "check the network and any proxy set in HTTPS_PROXY or NO_PROXY"
        case .timeout: "raise ROLESH_TIMEOUT or ROLESH_CONNECT_TIMEOUT, or check any proxy set in HTTPS_PROXY"
        case .tls: "check AWS_CA_BUNDLE and any proxy that intercepts TLS"
        case .unavailable: "install libcurl, e.g. apt install libcurl4"
        }
    }

    private static func serviceHint(action: String, code: String, message: String) -> String? {
        switch code {
        case "AccessDenied" where message.contains("Roles may not be assumed by root accounts"):
            return "use an IAM user or role as the source identity, not the account's root user"
        case "AccessDenied" where action == "AssumeRole":
            return "check that the role's trust policy allows the source identity to assume it"
        case "AccessDenied" where action == "AssumeRoleWithWebIdentity", "InvalidIdentityToken", "IDPRejectedClaim":
            return "check the token in the web identity token file and that the role's trust policy allows its issuer, audience and subject"
        case "ExpiredTokenException" where action == "AssumeRoleWithWebIdentity":
            return "the web identity token has expired: whatever writes the token file has not renewed it"
        case "RegionDisabledException":
            return "enable the region for the account, or use another with --region or AWS_REGION"
        case "SignatureDoesNotMatch" where message.lowercased().contains("expired"), "RequestExpired":
            return "this machine's clock may be off: synchronise it"
        case "SignatureDoesNotMatch":
            return "check the secret access key; if it is right, this machine's clock may be off"
        case "ExpiredToken", "ExpiredTokenException":
            return "the source credentials have expired: refresh them"
        case "InvalidClientTokenId":
            return "the access key is not valid: check the source credentials"
        case _ where throttlingCodes.contains(code):
            return "STS is throttling requests: wait a little and try again"
        default:
            return nil
        }
    }
}

import FoundationEssentials

/// What can go wrong with IAM Identity Center, said so that the user knows what to do.
enum SSOError: Error, Equatable, LocalizedError {
    /// The cached token file exists but does not hold a token, even after re-reading.
    case damagedToken(path: String)
    /// The portal refused the token (HTTP 401): signed out, expired or revoked.
    case signInNeeded(session: String)
    /// The portal answered 403: the role is not assigned to the signed-in user.
    case roleNotAssigned(account: String, role: String)
    /// The service answered an error: its code (or HTTP status) and message.
    case service(operation: String, code: String, message: String)
    /// The service answered something that is not what its API says.
    case badAnswer(operation: String, reason: String)
    /// No answer at all (connection, timeout, TLS).
    case unreachable(operation: String, reason: String)
    /// No usable token and no sign-in may start here: `why`, and the command that signs in.
    case signInRequired(why: String, command: String)
    /// Another rolesh is signing in for this token and did not finish in time.
    case signInInProgress(command: String)
    /// The sign-in ended without a token: the user declined, the code expired, the service refused.
    case signInFailed(String)

    var errorDescription: String? {
        switch self {
        case .damagedToken(let path):
            "the IAM Identity Center token file \(path.escapingControlCharacters) is not a token; remove it and sign in again"
        case .signInNeeded(let session):
            "the IAM Identity Center sign-in for \(session.escapingControlCharacters) has expired or was revoked; run `rolesh sso login`"
        case .roleNotAssigned(let account, let role):
            "IAM Identity Center refused role \(role.escapingControlCharacters) in account \(account.escapingControlCharacters): it is not assigned to you"
        case .service(let operation, let code, let message):
            "IAM Identity Center \(operation) failed: \(code.escapingControlCharacters): \(message.escapingControlCharacters)"
        case .badAnswer(let operation, let reason):
            "IAM Identity Center \(operation) answered badly: \(reason)"
        case .unreachable(let operation, let reason):
            "IAM Identity Center \(operation) failed: \(reason.escapingControlCharacters); check the network and the sso_region"
        case .signInRequired(let why, let command):
            "\(why); run `\(command.escapingControlCharacters)`"
        case .signInInProgress(let command):
            "another rolesh is signing in to IAM Identity Center for this token; finish that sign-in, or run `\(command.escapingControlCharacters)`"
        case .signInFailed(let reason):
            "IAM Identity Center sign-in failed: \(reason.escapingControlCharacters)"
        }
    }
}

import FoundationEssentials

/// Failures of the session stack. Each message says what to do next.
package enum SessionError: LocalizedError, Equatable {
    /// `exit` with no role active.
    case nothingToExit
    /// A frame could not be read back: missing, truncated, tampered, or sealed with another key.
    case damaged(frame: String, reason: String)
    /// ROLESH_SESSION or ROLESH_SESSION_KEY is present but malformed.
    case malformedSession(variable: String)
    /// `refresh` or `status` with no role active.
    case noActiveRole

    package var errorDescription: String? {
        switch self {
        case .nothingToExit:
            return "no role is active in this shell, nothing to exit (rolesh status shows the stack)"
        case .damaged(let frame, let reason):
            return "the session stack is damaged (frame \(frame): \(reason)); run `rolesh exit --reset` to start clean"
        case .malformedSession(let variable):
            return "\(variable) is malformed; run `rolesh exit --reset` to start clean"
        case .noActiveRole:
            return "no role is active in this shell; run `rolesh assume PROFILE` first"
        }
    }
}

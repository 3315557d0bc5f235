// Where each MFA code of one request for credentials comes from: `--token-code` for the first
// device asked, else the device's profile's `mfa_process`, else a question on the terminal
// that names the profile and the device. AWS accepts a code once, so a given code never
// serves two calls: a chain with two MFA hops asks twice.

import FoundationEssentials

/// An MFA device a call must prove, and the profile that names it (nil for a bare ARN).
struct MFADevice: Equatable, Sendable {
    var serialNumber: String
    var profile: String?
    /// The profile's `mfa_process`.
    var process: String?
}

/// Hands out the codes of one assume, refresh, exec, export or console; shared by every
/// source of the retrieval, since a code serves one call.
final class MFACodes {
    /// `--token-code`, until a call has used it.
    private var given: String?
    /// The device whose call used `--token-code`, for the message when a second code is needed.
    private var givenTo: MFADevice?
    let context: RoleshContext
    /// False for the prompt hook's refresh: never ask, never run an mfa_process (it may wait
    /// for a touch), fail with `needsMFA` for `role`.
    let interactive: Bool
    let role: String

    init(given: String?, context: RoleshContext, interactive: Bool, role: String) {
        self.given = given
        self.context = context
        self.interactive = interactive
        self.role = role
    }

    /// The code for one call that `device` must prove.
    func code(for device: MFADevice) throws -> String {
        if let code = given {
            given = nil
            givenTo = device
            return try MFAPrompt.tokenCode(for: device.serialNumber, given: code, terminal: context.terminal)
        }
        guard interactive else { throw AssumeError.needsMFA(role: role) }
        if let process = device.process {
            return try MFAProcess(commandLine: process, profile: device.profile ?? role).run(environment: context.environment)
        }
        do {
            return try MFAPrompt.tokenCode(for: device.serialNumber, profile: device.profile, given: nil, terminal: context.terminal)
        } catch STSError.tokenCodeRequired {
            guard let first = givenTo else { throw MFAError.codeNeeded(profile: device.profile, serialNumber: device.serialNumber) }
            throw MFAError.anotherCodeNeeded(profile: device.profile, serialNumber: device.serialNumber, givenTo: first.profile)
        }
    }
}

/// MFA failures that are not STS's nor an mfa_process's.
enum MFAError: Error, Equatable, Sendable {
    /// A code is needed, none was given, the profile has no mfa_process and there is no terminal.
    case codeNeeded(profile: String?, serialNumber: String)
    /// A chain needs a second code, `--token-code` went to the first, and there is no terminal.
    case anotherCodeNeeded(profile: String?, serialNumber: String, givenTo: String?)
}

extension MFAError: LocalizedError {
    var errorDescription: String? {
        switch self {
        case .codeNeeded(let profile, let serialNumber):
            let named = profile.map { " (profile \"\($0)\")" } ?? ""
            return "an MFA code for \(serialNumber)\(named) is needed and there is no terminal to ask on: pass it with --token-code, set mfa_process in the profile, or run rolesh in a terminal"
        case .anotherCodeNeeded(let profile, let serialNumber, let givenTo):
            let hop = profile.map { "profile \"\($0)\"" } ?? "the role"
            let first = givenTo.map { "profile \"\($0)\"" } ?? "the first MFA call"
            return "\(hop) needs a second MFA code, for \(serialNumber): --token-code went to \(first) and AWS accepts a code once; run rolesh where it can ask on a terminal, or set mfa_process"
        }
    }
}

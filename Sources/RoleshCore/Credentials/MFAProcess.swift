// aws-vault's `mfa_process` profile key: a command whose output is the MFA code, e.g.
// `ykman oath accounts code --single arn:aws:iam::123456789012:mfa/alice` for a YubiKey.
// Split like shlex and run without a shell, as credential_process is; its stderr reaches
// the user (a "touch your key" cue), its stdout is the code.

import FoundationEssentials

/// A profile's mfa_process command line, ready to run.
struct MFAProcess {
    var commandLine: String
    /// The profile that names the command, for error messages.
    var profile: String
    /// Long enough to find and touch a key.
    var timeout: Duration = .seconds(60)

    /// Runs the command with `environment` and returns the 6-digit code it printed
    /// (surrounding whitespace ignored).
    func run(environment: [String: String]) throws(MFAProcessError) -> String {
        var output: [UInt8]
        do {
            output = try ProfileCommand(commandLine: commandLine, timeout: timeout).output(environment: environment)
        } catch {
            switch error {
            case .badCommandLine: throw .badCommandLine(profile: profile)
            case .cannotStart(let program, let reason): throw .cannotStart(profile: profile, program: program, reason: reason)
            case .failed(let status): throw .failed(profile: profile, status: status)
            case .killed(let signal): throw .killed(profile: profile, signal: signal)
            case .timedOut: throw .timedOut(profile: profile, after: timeout)
            }
        }
        defer { output.wipe() }
        let words = String(decoding: output, as: UTF8.self).split(whereSeparator: \.isWhitespace)
        guard words.count == 1, (try? STSLimits.validateTokenCode(String(words[0]))) != nil else {
            throw .notACode(profile: profile)
        }
        return String(words[0])
    }
}

/// An mfa_process that could not be run or did not print a code.
enum MFAProcessError: Error, Equatable, Sendable {
    case badCommandLine(profile: String)
    case cannotStart(profile: String, program: String, reason: String)
    case failed(profile: String, status: Int32)
    case killed(profile: String, signal: Int32)
    case timedOut(profile: String, after: Duration)
    case notACode(profile: String)
}

extension MFAProcessError: LocalizedError {
    var errorDescription: String? {
        switch self {
        case .badCommandLine(let profile):
            return "mfa_process of profile \"\(profile)\" is empty or has an unclosed quote; fix it in the AWS config"
        case .cannotStart(let profile, let program, let reason):
            return "mfa_process of profile \"\(profile)\" could not start \(program): \(reason)"
        case .failed(let profile, let status):
            return "mfa_process of profile \"\(profile)\" exited with status \(status); see its messages above, or pass the code with --token-code"
        case .killed(let profile, let signal):
            return "mfa_process of profile \"\(profile)\" was killed by signal \(signal)"
        case .timedOut(let profile, let after):
            return "mfa_process of profile \"\(profile)\" did not print a code within \(after); pass the code with --token-code"
        case .notACode(let profile):
            return "mfa_process of profile \"\(profile)\" did not print a 6-digit MFA code; check the command, or pass the code with --token-code"
        }
    }
}

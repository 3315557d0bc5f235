// `credential_process`: run the profile's command (split like shlex, no shell) and read the
// AWS SDKs' Version 1 JSON from its stdout, as botocore's ProcessProvider does.

import FoundationEssentials

/// A profile's credential_process command line, ready to run.
struct CredentialProcess: Sendable {
    var commandLine: String
    /// The profile that names the command, for error messages.
    var profile: String
    var timeout: Duration

    init(commandLine: String, profile: String, timeout: Duration = .seconds(60)) {
        self.commandLine = commandLine
        self.profile = profile
        self.timeout = timeout
    }

    /// `ROLESH_CREDENTIAL_PROCESS_TIMEOUT` seconds (fractions allowed), else 60.
    static func timeout(environment: [String: String]) -> Duration {
        guard let text = environment["ROLESH_CREDENTIAL_PROCESS_TIMEOUT"], let seconds = Double(text), seconds > 0 else {
            return .seconds(60)
        }
        return .milliseconds(Int(seconds * 1000))
    }

    /// Runs the command with `environment`, stdin from /dev/null and stderr passed through,
    /// and returns the credentials it printed.
    func run(environment: [String: String]) throws(CredentialProcessError) -> Credentials {
        do {
            var output = try ProfileCommand(commandLine: commandLine, timeout: timeout).output(environment: environment)
            defer { output.wipe() }
            return try Self.credentials(fromOutput: output, profile: profile)
        } catch let failure as ProfileCommand.Failure {
            switch failure {
            case .badCommandLine: throw .badCommandLine(profile: profile)
            case .cannotStart(let program, let reason): throw .cannotStart(profile: profile, program: program, reason: reason)
            case .failed(let status): throw .failed(profile: profile, status: status)
            case .killed(let signal): throw .killed(profile: profile, signal: signal)
            case .timedOut: throw .timedOut(profile: profile, after: timeout)
            }
        } catch let error as CredentialProcessError {
            throw error
        } catch {
            preconditionFailure("ProfileCommand and the JSON reader throw only their own errors")
        }
    }

    /// Parses the Version 1 JSON a credential process prints, as botocore's ProcessProvider
    /// reads it: an object whose `Version` is 1, with string keys and an optional ISO-8601
    /// `Expiration`.
    static func credentials(fromOutput output: [UInt8], profile: String) throws(CredentialProcessError) -> Credentials {
        guard let parsed = JSONValue(parsing: output), case .object = parsed else {
            throw .badOutput(profile: profile, reason: "its output is not the credential_process JSON object")
        }
        guard let version = parsed["Version"]?.double, version == 1 else {
            let shown = parsed["Version"].map { $0.double.map { Int(exactly: $0).map(String.init) ?? "\($0)" } ?? $0.text } ?? "none"
            throw .unsupportedVersion(profile: profile, version: shown)
        }
        func text(_ key: String) throws(CredentialProcessError) -> String? {
            guard let value = parsed[key], value != .null else { return nil }
            guard let text = value.string else { throw .badOutput(profile: profile, reason: "\(key) is not a string") }
            return text
        }
        guard let accessKeyID = try text("AccessKeyId") else { throw .badOutput(profile: profile, reason: "AccessKeyId is missing") }
        guard let secret = try text("SecretAccessKey") else { throw .badOutput(profile: profile, reason: "SecretAccessKey is missing") }
        var expiration: Date?
        if let text = try text("Expiration") {
            guard let date = parseTimestamp(text) else {
                throw .badOutput(profile: profile, reason: "Expiration \"\(text.escapingControlCharacters)\" is not an ISO-8601 time")
            }
            expiration = date
        }
        return Credentials(accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: try text("SessionToken"), expiration: expiration)
    }
}

/// A credential_process that could not be run or did not answer as the SDKs expect.
enum CredentialProcessError: Error, Equatable, Sendable {
    case badCommandLine(profile: String)
    case cannotStart(profile: String, program: String, reason: String)
    case failed(profile: String, status: Int32)
    case killed(profile: String, signal: Int32)
    case timedOut(profile: String, after: Duration)
    case badOutput(profile: String, reason: String)
    case unsupportedVersion(profile: String, version: String)
}

extension CredentialProcessError: LocalizedError {
    var errorDescription: String? {
        switch self {
        case .badCommandLine(let profile):
            return "credential_process of profile \"\(profile)\" is empty or has an unclosed quote; fix it in the AWS config"
        case .cannotStart(let profile, let program, let reason):
            return "credential_process of profile \"\(profile)\" could not start \(program): \(reason)"
        case .failed(let profile, let status):
            return "credential_process of profile \"\(profile)\" exited with status \(status); see its messages above"
        case .killed(let profile, let signal):
            return "credential_process of profile \"\(profile)\" was killed by signal \(signal)"
        case .timedOut(let profile, let after):
            return "credential_process of profile \"\(profile)\" did not finish within \(after); raise ROLESH_CREDENTIAL_PROCESS_TIMEOUT or fix the command"
        case .badOutput(let profile, let reason):
            return "credential_process of profile \"\(profile)\" answered badly: \(reason)"
        case .unsupportedVersion(let profile, let version):
            return "credential_process of profile \"\(profile)\" printed Version \(version); only Version 1 is supported"
        }
    }
}

extension CredentialProcess: CredentialSource {
    var kind: CredentialKind { .processOutput }

    func identity() -> String { "process:\(profile):\(commandLine)" }

    func credentials(_ retrieval: Retrieval) throws -> Obtained {
        Obtained(try run(environment: retrieval.context.environment))
    }
}

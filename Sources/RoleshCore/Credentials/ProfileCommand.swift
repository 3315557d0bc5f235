// A command line a profile names (credential_process, mfa_process), run the way botocore
// runs credential_process: split like shlex, no shell, stdin from /dev/null, stderr passed
// through to the user, stdout collected, killed at a deadline.

import FoundationEssentials

/// One profile's command line, ready to run.
struct ProfileCommand {
    var commandLine: String
    var timeout: Duration

    /// Why a command gave no output to read.
    enum Failure: Error, Equatable {
        case badCommandLine
        case cannotStart(program: String, reason: String)
        case failed(status: Int32)
        case killed(signal: Int32)
        case timedOut
    }

    /// The command's stdout once it has exited with status 0. The caller wipes it when it
    /// holds a secret.
    func output(environment: [String: String]) throws(Failure) -> [UInt8] {
        let arguments: [String]
        do {
            arguments = try ShellWords.split(commandLine)
        } catch {
            throw .badCommandLine
        }
        guard let program = arguments.first else { throw .badCommandLine }
        let child: ChildProcess
        do {
            child = try ChildProcess(arguments: arguments, environment: environment)
        } catch {
            throw .cannotStart(program: program, reason: error.description)
        }
        var (outcome, output) = child.finish(by: .now + timeout)
        switch outcome {
        case .exited(0): return output
        case .exited(let status): output.wipe(); throw .failed(status: status)
        case .signalled(let signal): output.wipe(); throw .killed(signal: signal)
        case .timedOut: output.wipe(); throw .timedOut
        }
    }
}

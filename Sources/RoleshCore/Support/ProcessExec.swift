import FoundationEssentials

// Replaces the rolesh process with another program (`rolesh exec`): the program gets
// rolesh's pid, terminal and signals, and its exit status is the command's own.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum ProcessExec {
    /// execve of `command[0]`, looked up in the environment's PATH when it has no slash.
    /// Returns only by throwing.
    static func replace(with command: [String], environment: [String: String]) throws -> Never {
        guard let name = command.first, !name.isEmpty else { throw ExecError.noCommand }
        let candidates = name.contains("/")
            ? [name]
            : (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":", omittingEmptySubsequences: false)
                .map { ($0.isEmpty ? "." : String($0)) + "/" + name }
        let lastError = withExecArrays(arguments: command, environment: environment) { argv, envp in
            var lastError = ENOENT
            for path in candidates {
                _ = execve(path, argv, envp)
                // Keep the most telling failure: a found but unrunnable file beats "not found".
                if errno != ENOENT || lastError == ENOENT { lastError = errno }
            }
            return lastError
        }
        if lastError == ENOENT { throw ExecError.notFound(name: name) }
        throw ExecError.failed(name: name, reason: String(cString: strerror(lastError)))
    }
}

package enum ExecError: LocalizedError, Equatable {
    case noCommand
    case notFound(name: String)
    case failed(name: String, reason: String)

    package var errorDescription: String? {
        switch self {
        case .noCommand: return "name a command to run, e.g. rolesh exec prod aws s3 ls"
        case .notFound(let name): return "cannot run \(name): command not found; check its name and PATH"
        case .failed(let name, let reason): return "cannot run \(name): \(reason)"
        }
    }

    /// The status a shell gives the same failure: 127 for a command not found, 126 for one
    /// found but not runnable (no permission, not an executable); 2 when none was named.
    package var exitStatus: Int32 {
        switch self {
        case .noCommand: 2
        case .notFound: 127
        case .failed: 126
        }
    }
}

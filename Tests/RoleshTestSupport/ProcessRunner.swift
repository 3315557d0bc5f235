// Runs real programs (the built rolesh, shells, python, the aws CLI) for tests,
// with an exact environment and stdout and stderr captured separately.
import Foundation

/// What a finished process left behind.
package struct ProcessResult: Sendable {
    package var status: Int32
    package var stdout: String
    package var stderr: String

    package init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs `executable` (a path, or a name looked up in PATH) with exactly `environment`.
/// Waits at most `timeout` seconds, then kills the process and reports status 137.
@discardableResult
package func runProcess(
    _ executable: String,
    _ arguments: [String] = [],
    environment: [String: String]? = nil,
    input: String? = nil,
    currentDirectory: String? = nil,
    timeout: TimeInterval = 120
) throws -> ProcessResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: try resolveExecutable(executable, environment: environment))
    process.arguments = arguments
    process.environment = environment ?? ProcessInfo.processInfo.environment
    if let currentDirectory { process.currentDirectoryURL = URL(fileURLWithPath: currentDirectory) }
    let stdoutPipe = Pipe(), stderrPipe = Pipe(), stdinPipe = Pipe()
    process.standardOutput = stdoutPipe
    process.standardError = stderrPipe
    process.standardInput = stdinPipe
    try process.run()
    // Drain both pipes concurrently so a chatty child never blocks on a full pipe.
    let collected = CollectedOutput()
    let group = DispatchGroup()
    for (pipe, isOut) in [(stdoutPipe, true), (stderrPipe, false)] {
        group.enter()
        DispatchQueue.global().async {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            collected.store(data, isOut: isOut)
            group.leave()
        }
    }
    if let input { stdinPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try? stdinPipe.fileHandleForWriting.close()
    if group.wait(timeout: .now() + timeout) == .timedOut {
        process.terminate()
        kill(process.processIdentifier, SIGKILL)
    }
    process.waitUntilExit()
    group.wait()
    return ProcessResult(
        status: process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus,
        stdout: String(decoding: collected.out, as: UTF8.self),
        stderr: String(decoding: collected.err, as: UTF8.self))
}

private final class CollectedOutput: @unchecked Sendable {
    private let lock = NSLock()
    private(set) var out = Data()
    private(set) var err = Data()

    func store(_ data: Data, isOut: Bool) {
        lock.lock()
        defer { lock.unlock() }
        if isOut { out = data } else { err = data }
    }
}

/// A path for `name`: as given when it contains a slash, else the first match in PATH.
package func resolveExecutable(_ name: String, environment: [String: String]? = nil) throws -> String {
    if name.contains("/") { return name }
    let path = (environment ?? ProcessInfo.processInfo.environment)["PATH"]
        ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
        let candidate = "\(folder)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw TestSupportError("\(name) not found in PATH; run scripts/bootstrap")
}

package struct TestSupportError: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}

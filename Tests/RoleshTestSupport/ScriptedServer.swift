// A fake service of the tests' own: a Python script under Tests/Scripts that serves on a
// loopback port and says `ready PORT` on its first line. Its state is a JSON file the test
// reads and changes between steps, and the script appends every request it sees to the
// state's `log`.
import Foundation

package class ScriptedServer: @unchecked Sendable {
    package let port: Int
    package let statePath: String
    private let process: Process

    /// Starts `Tests/Scripts/SCRIPT STATE_FILE` with `state` written to a new folder named `label`.
    init(script: String, label: String, state: [String: Any]) throws {
        statePath = try TestPaths.temporaryFolder(label) + "/state.json"
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: statePath))
        process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.python)
        process.arguments = ["\(TestPaths.packageRoot)/Tests/Scripts/\(script)", statePath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while let byte = try? output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            line.append(first)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("ready "), let port = Int(text.dropFirst(6).trimmingCharacters(in: .whitespaces)) else {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw TestSupportError("\(script) did not start: \(text)")
        }
        self.port = port
    }

    /// SIGKILL: the test runner's children inherit SIGTERM blocked (see PickerTests).
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// The state as the fake last wrote it.
    package func state() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statePath))) as? [String: Any] ?? [:]
    }

    /// Changes the state between requests.
    package func update(_ change: (inout [String: Any]) -> Void) throws {
        var current = try state()
        change(&current)
        try JSONSerialization.data(withJSONObject: current).write(to: URL(fileURLWithPath: statePath), options: .atomic)
    }

    /// The requests the fake has seen, oldest first.
    package func log() throws -> [[String: Any]] {
        try state()["log"] as? [[String: Any]] ?? []
    }
}

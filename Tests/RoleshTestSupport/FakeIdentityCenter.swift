// The tests' own IAM Identity Center (Tests/Scripts/fake_identity_center.py): OIDC and
// portal on one loopback port, minting real credentials from a local moto STS. Its state is
// a JSON file the test reads and changes between steps.
import Foundation

package final class FakeIdentityCenter: @unchecked Sendable {
    package let endpoint: String
    package let statePath: String
    private let process: Process

    /// Starts the fake with `state` (see the script's header for its keys); `sts` is moto's URL.
    package init(sts: String, state: [String: Any]) throws {
        statePath = try TestPaths.temporaryFolder("rolesh-idc") + "/state.json"
        var initial = state
        initial["sts_endpoint"] = sts
        initial["user"] = initial["user"] ?? "alice@example.com"
        try JSONSerialization.data(withJSONObject: initial).write(to: URL(fileURLWithPath: statePath))
        process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.python)
        process.arguments = ["\(TestPaths.packageRoot)/Tests/Scripts/fake_identity_center.py", statePath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let line = String(decoding: output.fileHandleForReading.availableLine(), as: UTF8.self)
        guard line.hasPrefix("ready "), let port = Int(line.dropFirst(6).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw TestSupportError("fake_identity_center.py did not start: \(line)")
        }
        endpoint = "http://127.0.0.1:\(port)"
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

extension FileHandle {
    /// Bytes up to and including the first newline (or the end).
    fileprivate func availableLine() -> [UInt8] {
        var line: [UInt8] = []
        while let byte = try? read(upToCount: 1), let first = byte.first {
            line.append(first)
            if first == UInt8(ascii: "\n") { break }
        }
        return line
    }
}

// The tests' own EC2 instance metadata service and container credentials endpoint
// (Tests/Scripts/fake_metadata.py) on one loopback port. moto's server has an IMDS too, but
// it hands out a fixed token it never checks: refused tokens, the IMDSv1 fallback and the
// container's Authorization need this one. Its state is a JSON file the test reads and
// changes between steps.
import Foundation

package final class FakeMetadataService: @unchecked Sendable {
    /// `http://127.0.0.1:PORT/`, for AWS_EC2_METADATA_SERVICE_ENDPOINT.
    package let endpoint: String
    package let statePath: String
    private let process: Process

    /// Starts the fake with `state` (see the script's header for its keys).
    package init(state: [String: Any]) throws {
        statePath = try TestPaths.temporaryFolder("rolesh-metadata") + "/state.json"
        try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: statePath))
        process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.python)
        process.arguments = ["\(TestPaths.packageRoot)/Tests/Scripts/fake_metadata.py", statePath]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line: [UInt8] = []
        while let byte = try? output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != UInt8(ascii: "\n") {
            line.append(first)
        }
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("ready "), let port = Int(text.dropFirst(6)) else {
            kill(process.processIdentifier, SIGKILL)
            throw TestSupportError("fake_metadata.py did not start: \(text)")
        }
        endpoint = "http://127.0.0.1:\(port)/"
    }

    /// SIGKILL: the test runner's children inherit SIGTERM blocked.
    deinit {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    package func state() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: statePath))) as? [String: Any] ?? [:]
    }

    package func update(_ change: (inout [String: Any]) -> Void) throws {
        var current = try state()
        change(&current)
        try JSONSerialization.data(withJSONObject: current).write(to: URL(fileURLWithPath: statePath), options: .atomic)
    }

    /// The requests seen, oldest first: method, path, headers (lower-cased names).
    package func log() throws -> [[String: Any]] {
        try state()["log"] as? [[String: Any]] ?? []
    }

    /// "METHOD path" of each request, oldest first.
    package func requestLines() throws -> [String] {
        try log().map { "\($0["method"] as? String ?? "") \($0["path"] as? String ?? "")" }
    }
}

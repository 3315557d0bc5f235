// Where the things the tests drive live.
import Foundation

package enum TestPaths {
    /// The package's root folder.
    package static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The rolesh binary under test: ROLESH_BINARY (scripts/test sets it to the release
    /// build), else the debug build that `swift build` leaves.
    package static var rolesh: String {
        ProcessInfo.processInfo.environment["ROLESH_BINARY"] ?? "\(packageRoot)/.build/debug/rolesh"
    }

    /// The project's Python (.venv, made by scripts/bootstrap), with botocore, PyNaCl and moto.
    package static var python: String {
        ProcessInfo.processInfo.environment["ROLESH_TEST_PYTHON"] ?? "\(packageRoot)/.venv/bin/python"
    }

    /// A program installed into .venv/bin (moto_server, aws).
    package static func venvTool(_ name: String) -> String {
        "\(packageRoot)/.venv/bin/\(name)"
    }

    /// A new empty folder under the system's temporary folder.
    package static func temporaryFolder(_ label: String = "rolesh-test") throws -> String {
        let path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

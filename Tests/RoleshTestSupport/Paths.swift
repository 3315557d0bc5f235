// Where the things the tests drive live.
import Foundation

public enum TestPaths {
    /// The package's root folder.
    public static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// The rolesh binary under test: ROLESH_BINARY (scripts/test sets it to the release
    /// build), else the debug build that `swift build` leaves.
    public static var rolesh: String {
        ProcessInfo.processInfo.environment["ROLESH_BINARY"] ?? "\(packageRoot)/.build/debug/rolesh"
    }

    /// The project's Python (.venv, made by scripts/bootstrap), with botocore, PyNaCl and moto.
    public static var python: String {
        ProcessInfo.processInfo.environment["ROLESH_TEST_PYTHON"] ?? "\(packageRoot)/.venv/bin/python"
    }

    /// A program installed into .venv/bin (moto_server, aws).
    public static func venvTool(_ name: String) -> String {
        "\(packageRoot)/.venv/bin/\(name)"
    }

    /// A new empty folder under the system's temporary folder.
    public static func temporaryFolder(_ label: String = "rolesh-test") throws -> String {
        let path = NSTemporaryDirectory() + "\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}

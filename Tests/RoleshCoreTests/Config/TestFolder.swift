// A temporary folder for one test, removed when the test lets go of it.
import Foundation
import RoleshTestSupport

final class TestFolder {
    let path: String

    init() throws {
        path = try TestPaths.temporaryFolder("rolesh-config")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func write(_ relative: String, _ text: String) throws {
        try write(relative, Array(text.utf8))
    }

    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: "\(path)/\(relative)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }
}

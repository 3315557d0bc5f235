// moto's server on 127.0.0.1 at a free port: the real STS implementation tests talk to.
import Foundation

package final class MotoServer: @unchecked Sendable {
    package let port: Int
    private let process: Process

    /// `http://127.0.0.1:PORT`, for AWS_ENDPOINT_URL_STS.
    package var endpoint: String { "http://127.0.0.1:\(port)" }

    /// Starts moto_server and waits until it answers.
    package init() throws {
        port = try freeLocalPort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.venvTool("moto_server"))
        process.arguments = ["-H", "127.0.0.1", "-p", "\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Generous: on a loaded 2-core machine moto's Python start can take many seconds.
        let deadline = Date().addingTimeInterval(90)
        while Date() < deadline {
            if canConnect(port: port) { return }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process.terminate()
        throw TestSupportError("moto_server did not start on port \(port)")
    }

    deinit {
        stop()
    }

    /// Kills the server and waits for it. A server held in a static lives until the test
    /// process exits, where no deinit runs: call this from an `atexit` handler.
    package func stop() {
        // moto's werkzeug server does not always stop on SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now.
package func freeLocalPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { throw TestSupportError("no free port") }
    return Int(UInt16(bigEndian: address.sin_port))
}

func canConnect(port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        }
    }
}

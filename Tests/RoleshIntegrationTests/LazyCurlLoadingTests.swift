// DESIGN §8: libcurl is loaded by the commands that talk to STS, never at start-up.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

struct LazyCurlLoadingTests {
    @Test func rolesh_version_does_not_load_libcurl() throws {
        var environment = ProcessInfo.processInfo.environment
        environment["LD_DEBUG"] = "libs"

        let result = try runProcess(TestPaths.rolesh, ["--version"], environment: environment)

        #expect(result.status == 0)
        #expect(result.stdout == "\(RoleshVersion.current)\n")
        // The dynamic loader's trace is on stderr; it must list what was loaded, and libcurl
        // must not be among it.
        #expect(result.stderr.contains("find library=libc.so.6"))
        #expect(!result.stderr.contains("libcurl"))
    }

    @Test func sending_a_request_loads_libcurl() throws {
        _ = try? CurlTransport(environment: [:]).send(
            HTTPRequest(method: "GET", url: "http://127.0.0.1:\(try freeLocalPort())/"), timeouts: HTTPTimeouts(connect: 1, total: 1))

        // /proc files report size 0, so read to the end rather than by size.
        let maps = String(decoding: try FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps")).readToEnd() ?? Data(), as: UTF8.self)
        #expect(maps.contains("libcurl"))
    }
}

// rolesh reads its environment from `environ` itself (ProcessInfo's reading was slow): it
// must see what ProcessInfo sees. (Values with `=`, UTF-8 and hostile bytes reach the
// binary in the integration tests: HostileValueTests.)
import Foundation
import Testing
@testable import RoleshCore

@Test func the_environment_is_what_processinfo_reads() {
    let environment = ProcessEnvironment.current()
    #expect(!environment.isEmpty)
    #expect(environment == ProcessInfo.processInfo.environment)
}

// Many assume/exit cycles at once, in one session (sharing its key and its frame) and in
// separate sessions: each exit restores its own start, and every frame left behind opens.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()
private let cycles = 32

enum Sessions: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Every cycle inherits the parent's session and stands on its prod frame (integration),
    /// and takes a session of its own holding that frame (issue 13 §2).
    case shared
    /// Every cycle starts without a session and makes its own (plain eval).
    case separate

    var description: String { rawValue }
    var driving: Driving { self == .shared ? .integration : .plainEval }
}

@Test(arguments: TestShell.allCases, Sessions.allCases)
func parallel_assume_exit_cycles_each_restore_their_own_start(shell: TestShell, sessions: Sessions) throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    let driving = sessions.driving
    let cycle = try scenario.writeScript("cycle.\(shell)", for: shell, driving.setup(shell) + [
        "dump start-\(shell.firstArgument)",
        driving.rolesh("assume dev", in: shell), "dump dev-\(shell.firstArgument)",
        driving.rolesh("exit", in: shell), "dump end-\(shell.firstArgument)",
    ])
    let parent = sessions == .shared ? [shell.integration, "rolesh assume prod"] : []
    // A copy of the store, taken before the parent exits: the shell that created a session
    // removes it when it exits.
    let result = try scenario.run(shell, parent + [
        "dump parent", shell.inParallel(cycles, cycle), "cp -a \"$XDG_RUNTIME_DIR/rolesh\" '\(scenario.output)/store'",
    ])
    #expect(result.stderr == "")
    #expect(result.status == 0)

    let parentDump = try scenario.dump("parent")
    var frames: Set<String> = []
    var keys: [String: String] = [:]
    for index in 1...cycles {
        let start = try scenario.dump("start-\(index)"), dev = try scenario.dump("dev-\(index)")
        #expect(start.without("ROLESH_SESSION", "ROLESH_SESSION_KEY") == parentDump.without("ROLESH_SESSION", "ROLESH_SESSION_KEY"))
        if sessions == .shared {
            #expect(start["ROLESH_SESSION"] != parentDump["ROLESH_SESSION"], "cycle \(index) took a session of its own")
        }
        #expect(dev["ROLESH_ROLE"] == "dev")
        #expect(dev["ROLESH_DEPTH"] == (sessions == .shared ? "2" : "1"))
        #expect(dev["AWS_ACCESS_KEY_ID"] != nil && dev["AWS_ACCESS_KEY_ID"] != start["AWS_ACCESS_KEY_ID"])
        #expect(try scenario.dump("end-\(index)") == start, "cycle \(index)")
        frames.insert(dev["ROLESH_FRAME"] ?? "")
        keys[dev["ROLESH_SESSION"] ?? ""] = dev["ROLESH_SESSION_KEY"]
    }
    #expect(frames.count == cycles)
    #expect(keys.count == cycles)

    let live = SessionStore(root: "\(scenario.runtime)/rolesh")
    #expect(try live.sessionIDs() == (sessions == .shared ? [] : keys.keys.sorted()))

    // Every frame file in the store opens with its session's key and says where it belongs.
    // A cycle that took a session of its own removed it when it ended (its exit hook):
    // then only the parent's session, with its prod frame, is left.
    let store = SessionStore(root: "\(scenario.output)/store")
    let expected = sessions == .shared ? [parentDump["ROLESH_SESSION"] ?? ""] : keys.keys.sorted()
    #expect(try store.sessionIDs() == expected)
    var opened = 0
    let sessionKeys = sessions == .shared ? [expected[0]: parentDump["ROLESH_SESSION_KEY"] ?? ""] : keys
    for (id, key) in sessionKeys {
        let session = SessionIdentity(id: id, key: try SymmetricKey(hex: key))
        for file in try FileManager.default.contentsOfDirectory(atPath: store.folder(of: id)) where file.hasSuffix(".frame") {
            let frame = try store.read(String(file.dropLast(".frame".count)), session: session)
            #expect(frame.session == id)
            opened += 1
        }
    }
    #expect(opened == (sessions == .shared ? 1 : cycles))
}

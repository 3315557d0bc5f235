// A damaged stack is refused, never half-restored: `rolesh exit` prints nothing to eval,
// one line that names `rolesh exit --reset`, and fails; `--reset` then leaves a clean shell
// that keeps what the bottom frame would restore, where that frame still opens.
import Foundation
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

enum Damage: String, CaseIterable, Sendable, CustomStringConvertible {
    case flippedBit, truncated, frameOfAnotherSession, wrongSessionKey

    var description: String { rawValue }

    /// The line that damages the frame the shell stands on (or its key).
    func line(in shell: TestShell) -> String {
        let script = "python3 '\(TestPaths.packageRoot)/Tests/Scripts/damage_frame.py'"
        switch self {
        case .flippedBit: return "\(script) flip"
        case .truncated: return "\(script) truncate"
        case .frameOfAnotherSession: return "\(script) foreign"
        case .wrongSessionKey: return shell.export("ROLESH_SESSION_KEY", String(repeating: "0f", count: 32))
        }
    }
}

@Test(arguments: TestShell.allCases, Damage.allCases)
func exit_refuses_a_damaged_stack_and_reset_starts_clean(shell: TestShell, damage: Damage) throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    // Another session in the same store, whose frame the `foreign` damage copies.
    let other = try runProcess(TestPaths.rolesh, ["assume", "dev", "--shell", "bash"], environment: scenario.environment)
    try #require(other.status == 0, "\(other.stderr)")

    let result = try scenario.run(shell, [
        shell.integration, "dump start",
        "rolesh assume dev", "dump dev",
        "rolesh assume prod", "dump prod",
        damage.line(in: shell),
        "capture exit rolesh exit",
        "capture exit-all rolesh exit --all",
        // Through the integration: its one line is the script's only stderr.
        "rolesh exit", "echo \(shell.lastStatus) >'\(scenario.output)/exit-function.status'",
        "dump after-refusal",
        "rolesh exit --reset", "dump reset",
    ])
    #expect(result.stderr == scenario.captured("exit").stderr)
    #expect(result.status == 0)

    for name in ["exit", "exit-all"] {
        let refused = scenario.captured(name)
        #expect(refused.status != 0)
        #expect(refused.stdout == "")
        #expect(refused.stderr.hasSuffix("\n") && refused.stderr.dropLast().split(separator: "\n", omittingEmptySubsequences: false).count == 1,
                "\(refused.stderr)")
        #expect(refused.stderr.contains("rolesh exit --reset"))
    }
    #expect(scenario.text("exit-function.status") != "0\n")
    let prod = try scenario.dump("prod")
    #expect(try scenario.dump("after-refusal").without("ROLESH_SESSION_KEY") == prod.without("ROLESH_SESSION_KEY"))

    let reset = try scenario.dump("reset")
    if damage == .wrongSessionKey {
        // No frame opens with that key: nothing of the base can be known.
        #expect(reset.keys.filter { $0.hasPrefix("ROLESH_") && $0 != "ROLESH_QUIET" } == [])
        #expect(reset["AWS_PROFILE"] == nil)
    } else {
        // The bottom frame (dev's) still opens: the shell is back where it started, its
        // AWS_PROFILE and its own session included (issue 13 §2).
        #expect(reset == (try scenario.dump("start")))
    }
    for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION"] {
        #expect(reset[name] == nil)
    }
    let roleValues = Set([try scenario.dump("dev"), prod].flatMap { dump in
        ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"].compactMap { dump[$0] }
    })
    #expect(roleValues.count == 6)
    #expect(Set(reset.values).isDisjoint(with: roleValues))
    let session = try #require(prod["ROLESH_SESSION"])
    #expect(!FileManager.default.fileExists(atPath: "\(scenario.runtime)/rolesh/sessions/\(session)"))
}

// The dialect follows the shell that evaluates the output: each of bash, zsh, fish and sh,
// started from each of them (the outer one with the integration loaded, which used to export
// ROLESH_SHELL), does a plain eval of `rolesh assume prod` and `rolesh exit` and gets code in
// its own language. SHELL names fish throughout, as for a fish user: only the shell that
// runs rolesh (its parent process) may decide.
import Foundation
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

/// A shell of the nesting matrix: the three with an integration, and POSIX sh (dash).
enum NestedShell: String, CaseIterable, Sendable, CustomStringConvertible {
    case bash, zsh, fish, sh

    var description: String { rawValue }
    /// The scenario shell whose helper functions and syntax this one shares (dash reads bash's).
    var scriptShell: TestShell { self == .sh ? .bash : TestShell(rawValue: rawValue)! }
    var command: [String] { self == .sh ? ["/bin/sh"] : scriptShell.command }
}

@Test(arguments: NestedShell.allCases)
func a_shell_started_from_another_gets_its_own_dialect_from_a_plain_eval(outer: NestedShell) throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    scenario.environment.merge(["SHELL": "/usr/bin/fish", "ROLESH_QUIET": "1"]) { $1 }
    var lines = outer == .sh ? [] : [outer.scriptShell.integration]
    for inner in NestedShell.allCases {
        let name = "\(outer)-\(inner)"
        let script = try scenario.writeScript("\(name).script", for: inner.scriptShell, [
            inner.scriptShell.plainEval("assume prod"), "witness \(name)", "dump \(name)",
            inner.scriptShell.plainEval("exit"), "dump \(name)-exit",
        ])
        lines.append((inner.command + ["'\(script)'"]).joined(separator: " "))
    }
    let outerScript = try scenario.writeScript("\(outer).script", for: outer.scriptShell, lines)
    let result = try runProcess(outer.command[0], Array(outer.command.dropFirst()) + [outerScript],
                                environment: scenario.environment, currentDirectory: scenario.output, timeout: 240)
    #expect(result.stderr == "", "\(outer)")
    for inner in NestedShell.allCases {
        let name = "\(outer)-\(inner)"
        #expect(scenario.witness(name).hasPrefix("arn:aws:sts::123456789012:assumed-role/Prod/"), "\(name): \(scenario.witness(name))")
        #expect(try scenario.dump(name)["ROLESH_ROLE"] == "prod", "\(name)")
        let exited = try scenario.dump("\(name)-exit")
        #expect(exited["ROLESH_ROLE"] == nil && exited["AWS_PROFILE"] == "base", "\(name): \(exited)")
    }
}

// bash's exit hook is an EXIT trap, set at the shell's first switch rather than at start-up
// (reading the trap already set costs a fork). These run the real binary against moto: the
// user's own EXIT trap, set before init or after it, still runs, the session folder goes
// when the owning shell exits, and a switch in a subshell never takes its parent's session.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

@Test(arguments: ["before init", "after init"])
func bash_keeps_the_users_exit_trap_and_removes_the_session_after_a_switch(trapSet: String) throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    let trap = #"trap 'echo "user trap, status $?" >user-trap' EXIT"#
    let load = TestShell.bash.integration
    let result = try scenario.run(.bash, (trapSet == "before init" ? [trap, load] : [load, trap]) + [
        "rolesh assume prod", "dump prod", #"ls "$__rolesh_session_dir" >frames"#, "exit 3",
    ])
    #expect(result.stdout == "")
    #expect(result.stderr == "")
    #expect(result.status == 3)
    #expect(try scenario.dump("prod")["ROLESH_ROLE"] == "prod")
    #expect(scenario.text("frames").contains(".frame\n"), "the switch wrote a frame into the session folder")
    #expect(scenario.text("user-trap") == "user trap, status 3\n")
    #expect(try SessionStore(root: "\(scenario.runtime)/rolesh").sessionIDs() == [])
}

@Test func bash_a_switch_in_a_subshell_leaves_the_parents_session_and_the_parent_removes_it() throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    // The parent's first switch is a plain eval, so it has no exit hook yet when the subshell
    // makes the function's first switch: only the subshell could set one, and must not.
    let result = try scenario.run(.bash, [
        TestShell.bash.integration, #"eval "$(command rolesh assume prod)""#, "dump prod",
        "(rolesh assume dev; dump dev)",
        "rolesh exit", "dump base",
    ])
    #expect(result.stdout == "")
    #expect(result.stderr == "")
    #expect(result.status == 0)
    #expect(try scenario.dump("dev")["ROLESH_ROLE"] == "dev")
    #expect(try scenario.dump("base")["ROLESH_ROLE"] == nil, "the parent's frame was still there to pop")
    #expect(try SessionStore(root: "\(scenario.runtime)/rolesh").sessionIDs() == [])
}

@Test func bash_a_child_shell_switches_in_a_session_of_its_own_and_removes_it_when_it_exits() throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    // The child inherits the session but takes its own (issue 13 §2) and switches in that;
    // the parent never switches, so neither leaves a session folder once both have exited.
    let child = "bash --norc --noprofile -c '\(TestShell.bash.integration); rolesh assume dev'"
    let result = try scenario.run(.bash, [
        TestShell.bash.integration, child, #"ls "$(dirname "$__rolesh_session_dir")" >sessions"#,
        #"for c in "${PROMPT_COMMAND[@]}"; do eval "$c"; done"#,
    ])
    #expect(result.stderr == "")
    #expect(result.status == 0)
    #expect(scenario.text("sessions") == "", "the child's session went with the child: \(scenario.text("sessions"))")
    #expect(try SessionStore(root: "\(scenario.runtime)/rolesh").sessionIDs() == [])
}

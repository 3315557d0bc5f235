// A child shell inherits its parent's role and may push and pop on its own, even below the
// frame it started on; the parent stands where it stood (frames are read by id, never popped
// off a shared top).
import Foundation
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

@Test(arguments: TestShell.allCases)
func a_child_bash_that_pushes_and_pops_leaves_its_parent_where_it_was(parent: TestShell) throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    let child = try scenario.writeScript("child.bash", for: .bash, [
        TestShell.bash.integration,
        "dump child-start",
        "rolesh assume prod", "witness child-prod",
        "rolesh exit", "dump child-exit-1",
        "rolesh exit", "dump child-exit-2", "witness child-base",
        "rolesh assume prod", "witness child-prod-again",
    ])

    let result = try scenario.run(parent, [
        parent.integration,
        "dump start",
        "rolesh assume dev", "dump parent-dev",
        "bash --norc --noprofile '\(child)'",
        "dump parent-after-child", "witness parent-after-child",
        "rolesh exit", "dump end", "witness end",
    ])
    #expect(result.stderr == "")
    #expect(result.status == 0)

    let start = try scenario.dump("start"), dev = try scenario.dump("parent-dev")
    // The child took a session of its own (issue 13 §2), standing on the same frame.
    let childStart = try scenario.dump("child-start")
    #expect(childStart.without("ROLESH_SESSION", "ROLESH_SESSION_KEY")
            == dev.without("ROLESH_SESSION", "ROLESH_SESSION_KEY"))
    #expect(childStart["ROLESH_SESSION"] != dev["ROLESH_SESSION"])
    #expect(scenario.witness("child-prod").hasPrefix("arn:aws:sts::123456789012:assumed-role/Prod/"))
    #expect(try scenario.dump("child-exit-1") == scenario.dump("child-start"))
    #expect(scenario.witness("child-base") == Fixture.baseARN)
    #expect(try scenario.dump("child-exit-2")["AWS_PROFILE"] == "base")
    #expect(scenario.witness("child-prod-again").hasPrefix("arn:aws:sts::123456789012:assumed-role/Prod/"))

    #expect(try scenario.dump("parent-after-child") == dev)
    #expect(scenario.witness("parent-after-child").hasPrefix("arn:aws:sts::123456789012:assumed-role/Dev/"))
    #expect(try scenario.dump("end") == start)
    #expect(scenario.witness("end") == Fixture.baseARN)
}

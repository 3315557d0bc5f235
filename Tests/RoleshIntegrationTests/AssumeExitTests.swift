// Issue 4, the heart: assume and exit nest and restore, in real bash, zsh and fish, through
// the integration and through plain eval, with the aws CLI as the witness of the identity.
import Foundation
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

/// The listing of rolesh's state folder, with sizes and times, to a file of the output folder.
private func listState(to name: String, in scenario: ShellScenario) -> String {
    "find '\(scenario.runtime)/rolesh' -printf '%p %s %T@\\n' | sort >'\(scenario.output)/\(name)'"
}

@Test(arguments: TestShell.allCases, [
    (BaseIdentity.profile, Driving.integration), (.environment, .integration),
    (.profile, .plainEval), (.environment, .plainEval),
])
func assume_and_exit_nest_and_restore_the_start_exactly(shell: TestShell, setup: (BaseIdentity, Driving)) throws {
    let (base, driving) = setup
    let scenario = try base.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    let rolesh = { driving.rolesh($0, in: shell) }

    let result = try scenario.run(shell, driving.setup(shell) + [
        "dump start", "witness start",
        rolesh("assume dev"), "dump dev", "witness dev",
        rolesh("assume prod"), "dump prod", "witness prod",
        listState(to: "before-unknown", in: scenario),
        "capture unknown rolesh assume nosuchprofile",
        listState(to: "after-unknown", in: scenario),
        "dump after-unknown",
        rolesh("exit"), "dump dev-again", "witness dev-again",
        rolesh("exit"), "dump end", "witness end",
        rolesh("assume dev"), rolesh("assume prod"), "dump depth-2",
        rolesh("exit --all"), "dump all", "witness all",
    ])
    #expect(result.stderr == "")
    #expect(result.status == 0)

    #expect(scenario.witness("start") == Fixture.baseARN)
    #expect(scenario.witness("dev").hasPrefix("arn:aws:sts::123456789012:assumed-role/Dev/"))
    #expect(scenario.witness("prod").hasPrefix("arn:aws:sts::123456789012:assumed-role/Prod/"))
    #expect(scenario.witness("dev-again") == scenario.witness("dev"))
    #expect(scenario.witness("end") == Fixture.baseARN)
    #expect(scenario.witness("all") == Fixture.baseARN)

    let start = try scenario.dump("start"), dev = try scenario.dump("dev"), prod = try scenario.dump("prod")
    #expect(dev["ROLESH_ROLE"] == "dev" && dev["ROLESH_DEPTH"] == "1")
    #expect(prod["ROLESH_ROLE"] == "prod" && prod["ROLESH_DEPTH"] == "2")
    #expect(prod["AWS_REGION"] == "eu-central-1" && prod["AWS_DEFAULT_REGION"] == "eu-central-1")
    #expect(prod["AWS_PROFILE"] == nil)
    #expect(try scenario.dump("depth-2")["ROLESH_DEPTH"] == "2")
    let session = ["ROLESH_SESSION", "ROLESH_SESSION_KEY"]
    #expect(try scenario.dump("dev-again").filter { !session.contains($0.key) } == dev.filter { !session.contains($0.key) })
    #expect(try scenario.dump("end") == start)
    #expect(try scenario.dump("all") == start)

    // A failed assume: nothing to eval, one line to read, and the stack untouched.
    let unknown = scenario.captured("unknown")
    #expect(unknown.status != 0)
    #expect(unknown.stdout == "")
    #expect(unknown.stderr.hasSuffix("\n") && unknown.stderr.dropLast().split(separator: "\n", omittingEmptySubsequences: false).count == 1,
            "\(unknown.stderr)")
    #expect(unknown.stderr.contains("nosuchprofile"))
    #expect(scenario.text("before-unknown") == scenario.text("after-unknown"))
    #expect(!scenario.text("before-unknown").isEmpty)
    #expect(try scenario.dump("after-unknown") == prod)

    // No secret the shell held is left in plain text on disk (the credentials file is the
    // user's own, where the base secret is meant to be).
    let secrets = [Fixture.baseSecretKey] + Fixture.roleSecrets([dev, prod])
    #expect(secrets.count == 5)
    #expect(scenario.filesContaining(secrets, exempt: ["\(scenario.home)/.aws/credentials"]) == [])
}

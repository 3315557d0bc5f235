// `rolesh region`: the active role in another region as a frame of its own, with the same
// credentials and no STS call; `exit` puts the previous region back. Real bash, zsh and fish,
// the aws CLI as witness; the region list checked against botocore's partitions.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

@Test(arguments: TestShell.allCases)
func region_moves_the_active_role_without_sts_and_exit_moves_it_back(shell: TestShell) throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    let result = try scenario.run(shell, [
        shell.integration,
        "dump before",
        "rolesh assume prod", "dump prod", "witness prod",
        // No STS from here on: a call would fail on this endpoint.
        shell.export("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9"),
        "rolesh region ap-south-1", "dump south",
        "capture same rolesh region ap-south-1 --shell \(shell)",
        "rolesh assume prod --region us-west-2", "dump west",
        shell.export("AWS_ENDPOINT_URL_STS", try moto.endpoint()),
        "witness west",
        "rolesh exit", "dump back-south",
        "rolesh exit", "dump back-prod",
        "rolesh exit", "dump after",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    let prod = try scenario.dump("prod"), south = try scenario.dump("south"), west = try scenario.dump("west")
    #expect(prod["AWS_REGION"] == "eu-central-1")
    for (moved, region, depth) in [(south, "ap-south-1", "2"), (west, "us-west-2", "3")] {
        #expect(moved["AWS_REGION"] == region)
        #expect(moved["AWS_DEFAULT_REGION"] == region)
        #expect(moved["ROLESH_DEPTH"] == depth)
        for name in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
                     "ROLESH_ROLE", "ROLESH_ROLE_ARN", "ROLESH_EXPIRES"] {
            #expect(moved[name] == prod[name], "\(name)")
        }
    }
    #expect(scenario.witness("west") == scenario.witness("prod"))
    let same = scenario.captured("same")
    #expect(same.status == 0)
    #expect(same.stdout.isEmpty)
    #expect(same.stderr == "rolesh: prod is in ap-south-1 already; nothing was pushed\n")
    // The test moved the STS endpoint in between; exit restores what rolesh manages.
    func managed(_ name: String) throws -> [String: String] {
        try scenario.dump(name).filter { $0.key != "AWS_ENDPOINT_URL_STS" }
    }
    #expect(try managed("back-south") == managed("south"))
    #expect(try managed("back-prod") == managed("prod"))
    #expect(try scenario.dump("after") == scenario.dump("before"))
}

@Test func region_without_an_active_role_fails_with_one_line_and_prints_nothing() throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    let result = try runProcess(TestPaths.rolesh, ["region", "eu-west-1", "--shell", "bash"], environment: scenario.environment)
    #expect(result.status != 0)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr == "rolesh: no role is active: rolesh region moves the active role to another region; "
        + "assume one first (rolesh assume PROFILE --region REGION does both)\n")
    let bad = try runProcess(TestPaths.rolesh, ["region", "eu west", "--shell", "bash"], environment: scenario.environment)
    #expect(bad.status != 0)
    #expect(bad.stdout.isEmpty)
    #expect(bad.stderr.contains("is not a region name"))
}

@Test func an_opt_in_region_with_a_global_endpoint_token_says_so() throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    // moto's session tokens start as the global endpoint's version-1 tokens do (FQoG…).
    let result = try scenario.run(.bash, [
        TestShell.bash.integration, "rolesh assume prod", "dump prod",
        "rolesh region af-south-1 2>optin.err", "rolesh region eu-west-1 2>plain.err",
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try scenario.dump("prod")["AWS_SESSION_TOKEN"].map(Regions.isVersion1Token) == true)
    #expect(scenario.text("optin.err") == "rolesh: warning: af-south-1 is an opt-in region, and prod's session token is a "
        + "version-1 token from the global STS endpoint, which opt-in regions refuse unless the account issues "
        + "version-2 tokens everywhere; run `rolesh refresh` for credentials from af-south-1's own endpoint\n")
    #expect(scenario.text("plain.err").isEmpty)
}

@Test func the_region_list_is_botocores_and_opt_in_regions_are_those_after_march_2019() throws {
    let script = """
        import botocore, json, os
        data = json.load(open(os.path.join(os.path.dirname(botocore.__file__), "data", "partitions.json")))
        print("\\n".join(sorted(r for p in data["partitions"] for r in p["regions"] if not r.endswith("-global"))))
        """
    let listed = try runProcess(TestPaths.python, ["-c", script], environment: ["PATH": "/usr/bin:/bin"])
    #expect(listed.status == 0, "\(listed.stderr)")
    #expect(listed.stdout.split(separator: "\n").map(String.init) == Regions.names)
    #expect(Regions.isOptIn("af-south-1") && Regions.isOptIn("mx-central-1") && Regions.isOptIn("ap-southeast-7"))
    #expect(!Regions.isOptIn("us-east-1") && !Regions.isOptIn("eu-north-1") && !Regions.isOptIn("ap-northeast-3"))
    #expect(!Regions.isOptIn("cn-north-1") && !Regions.isOptIn("us-gov-west-1") && !Regions.isOptIn("aws-global"))
    #expect(!Regions.isVersion1Token("IQoJb3JpZ2luX2VjEXAMPLE") && Regions.isVersion1Token("FwoGZXIvYXdzEXAMPLE"))
}

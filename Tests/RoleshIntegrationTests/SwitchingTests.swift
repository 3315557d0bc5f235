// Switching does not pile up (issue 13 §4): the active role assumed again pushes nothing,
// --replace takes the active frame's place, every switch says where the shell stands, and
// `exit --all` at the base is quiet. Real bash, zsh and fish through the integration.
import Foundation
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

@Test(arguments: TestShell.allCases)
func switching_to_the_active_role_or_with_replace_does_not_grow_the_stack(shell: TestShell) throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    scenario.environment["ROLESH_QUIET"] = nil
    let out = scenario.output
    // stderr is the script's own (fish does not redirect a command substitution's stderr
    // with the function call's): each step's lines come in order, and only those.
    let result = try scenario.run(shell, [
        shell.integration,
        "rolesh assume dev", "dump dev",
        "rolesh assume dev", "dump same",
        "rolesh assume prod", "dump prod",
        "rolesh status >'\(out)/status.out'",
        "rolesh assume -r base", "dump replaced",
        // A bare ARN replacing base is assumed from what base stood on (dev), which its
        // frame keeps: refresh still works, and exit goes back to dev.
        "rolesh assume -r arn:aws:iam::123456789012:role/Prod", "dump arn",
        "rolesh refresh", "dump arn-refreshed",
        "rolesh exit", "dump back",
        "ROLESH_REFRESH_BEFORE=4000 rolesh assume dev", "dump renewed",
        "rolesh assume dev --refresh", "dump forced",
        // Replacing dev with a chained role: below dev are no keys to chain from.
        "rolesh assume -r --chain prod", "dump refused",
        "rolesh exit", "dump base",
        "rolesh exit --all", "echo \(shell.lastStatus) >'\(out)/exit-all.status'",
        "ROLESH_QUIET=1 rolesh assume prod", "dump quiet",
    ])
    #expect(result.status == 0)
    let said = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
    try #require(said.count == 11 && said.last == "\n", "\(result.stderr)")
    let dev = try scenario.dump("dev"), same = try scenario.dump("same"), prod = try scenario.dump("prod")
    let replaced = try scenario.dump("replaced"), back = try scenario.dump("back"), renewed = try scenario.dump("renewed")

    // One line per switch: role, account from the ARN, region, time left.
    let line = #/rolesh: (\S+) \(([^,]+), ([^)]+)\) for (\d+h\d\dm|\d+m)\n/#
    let devLine = try #require(try line.wholeMatch(in: said[0]), "\(said[0])")
    #expect(devLine.1 == "dev" && devLine.2 == "123456789012" && devLine.3 == "eu-west-1")
    #expect(devLine.4 == "1h00m" || devLine.4 == "59m")
    let prodLine = try #require(try line.wholeMatch(in: said[2]), "\(said[2])")
    #expect(prodLine.1 == "prod" && prodLine.2 == "123456789012" && prodLine.3 == "eu-central-1")
    let baseLine = try #require(try line.wholeMatch(in: said[3]), "\(said[3])")
    #expect(baseLine.1 == "base" && baseLine.2 == "no role ARN" && baseLine.3 == "eu-west-1")

    // The active role again: nothing pushed, nothing changed, a pointer at refresh.
    #expect(same == dev)
    let sameSaid = said[1]
    #expect(sameSaid.hasPrefix("rolesh: dev is already active (") && sameSaid.contains("`rolesh refresh`")
            && sameSaid.contains("nothing was pushed"), "\(sameSaid)")
    #expect(prod["ROLESH_DEPTH"] == "2")
    #expect(scenario.text("status.out").contains("depth    2 (prod > dev > AWS_PROFILE=base)"), "\(scenario.text("status.out"))")

    // --replace: same depth, a new frame, and exit goes to what prod was pushed on.
    #expect(replaced["ROLESH_DEPTH"] == "2" && replaced["ROLESH_ROLE"] == "base")
    #expect(replaced["ROLESH_FRAME"] != prod["ROLESH_FRAME"] && replaced["AWS_ACCESS_KEY_ID"] != prod["AWS_ACCESS_KEY_ID"])
    let arn = try scenario.dump("arn"), arnRefreshed = try scenario.dump("arn-refreshed")
    let arnLine = try #require(try line.wholeMatch(in: said[4]), "\(said[4])")
    #expect(arnLine.1 == "Prod" && arnLine.2 == "123456789012" && arnLine.3 == "eu-west-1")
    #expect(arn["ROLESH_DEPTH"] == "2" && arn["ROLESH_ROLE_ARN"] == "arn:aws:iam::123456789012:role/Prod")
    #expect(arnRefreshed["ROLESH_FRAME"] == arn["ROLESH_FRAME"] && arnRefreshed["AWS_ACCESS_KEY_ID"] != arn["AWS_ACCESS_KEY_ID"])
    #expect(back == dev)
    #expect(try #/rolesh: back to dev \(123456789012, eu-west-1\) for (1h00m|59m|58m)\n/#.wholeMatch(in: said[5]) != nil, "\(said[5])")
    #expect(said[9] == "rolesh: back to AWS_PROFILE=base\n", "\(said[9])")

    // The active role about to expire (within ROLESH_REFRESH_BEFORE): renewed in place.
    #expect(renewed["ROLESH_FRAME"] == dev["ROLESH_FRAME"] && renewed["ROLESH_DEPTH"] == "1")
    #expect(renewed["AWS_ACCESS_KEY_ID"] != dev["AWS_ACCESS_KEY_ID"])
    #expect(said[6] == "rolesh: dev is already active: its credentials were about to expire and are renewed in place\n", "\(said[6])")

    let forced = try scenario.dump("forced")
    #expect(forced["ROLESH_FRAME"] == dev["ROLESH_FRAME"] && forced["AWS_ACCESS_KEY_ID"] != renewed["AWS_ACCESS_KEY_ID"])
    #expect(said[7] == "rolesh: dev is already active: its credentials are renewed in place\n", "\(said[7])")
    #expect(said[8] == "rolesh: --replace assumes a bare role ARN or --chain from the credentials below dev, and there are none; "
            + "leave out --replace to assume it from dev's\n", "\(said[8])")
    #expect(try scenario.dump("refused") == forced)

    // At the base, exit --all has nothing to undo and says nothing.
    #expect(try scenario.dump("base")["AWS_PROFILE"] == "base")
    #expect(scenario.text("exit-all.status") == "0\n")
    let quiet = try scenario.dump("quiet")
    #expect(quiet["ROLESH_ROLE"] == "prod")
}

// Values no quoting mistake survives — quotes, command substitutions, backticks, newlines,
// UTF-8 — in AWS_PROFILE, AWS_DEFAULT_REGION and a profile's name: assume and exit carry
// them byte for byte, and none of them ever runs.
import Foundation
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

private let canary = "$(touch CANARY)`touch CANARY`"
/// A profile name the INI format can carry: anything but a newline. botocore reads the words
/// of a `[profile …]` header with shlex, so the header holds it in POSIX single quotes.
private let hostileProfileName = #"it's "q" \#(canary) $HOME ü中😀 \ \\'\'' ;x #y"#
private let hostileProfileHeader = "profile '" + hostileProfileName.replacingOccurrences(of: "'", with: #"'"'"'"#) + "'"
private let hostileAWSProfile = "it's\n\"\(canary)\" ${HOME} ü😀 \\ '\\''\n"
private let hostileRegion = "eu'west\n\(canary)\"\\ 😀\t$((1+1))"
private let hostileRole = "arn:aws:iam::123456789012:role/Hostile"

private let hostileConfig = """
    [profile dev]
    role_arn = \(Fixture.devRole)
    credential_source = Environment
    region = eu-west-1

    [\(hostileProfileHeader)]
    role_arn = \(hostileRole)
    credential_source = Environment
    region = eu-central-1

    """

@Test(arguments: TestShell.allCases, Driving.allCases)
func hostile_values_survive_assume_and_exit_byte_for_byte(shell: TestShell, driving: Driving) throws {
    // The profile name reaches the script through a variable, so the script needs no quoting
    // of its own; AWS_PROFILE is not used by these profiles and names no profile at all.
    let scenario = try ShellScenario(
        config: hostileConfig, stsEndpoint: try moto.endpoint(),
        environment: Fixture.environmentBase.without("AWS_REGION").merging([
            "AWS_PROFILE": hostileAWSProfile, "AWS_DEFAULT_REGION": hostileRegion, "HOSTILE_NAME": hostileProfileName,
        ]) { _, hostile in hostile })
    defer { scenario.remove() }
    let rolesh = { driving.rolesh($0, in: shell) }
    let prompt = driving == .integration ? ["rolesh_prompt >'\(scenario.output)/prompt'"] : []

    let result = try scenario.run(shell, driving.setup(shell) + [
        "dump start",
        rolesh(#"assume "$HOSTILE_NAME""#), "dump hostile", "witness hostile",
    ] + prompt + [
        rolesh("assume dev"), "dump dev", "witness dev",
        rolesh("exit"), "dump hostile-again",
        rolesh("exit"), "dump end",
        // A bare role ARN is assumed from the environment; AWS_PROFILE plays no part.
        rolesh("assume arn:aws:iam::123456789012:role/Bare --region eu-west-1"), "dump bare", "witness bare",
        rolesh("exit"), "dump end-bare",
    ])
    #expect(result.stderr == "")
    #expect(result.status == 0)

    let start = try scenario.dump("start")
    #expect(start["AWS_PROFILE"] == hostileAWSProfile)
    #expect(start["AWS_DEFAULT_REGION"] == hostileRegion)

    let hostile = try scenario.dump("hostile")
    #expect(hostile["ROLESH_ROLE"] == hostileProfileName)
    #expect(hostile["ROLESH_ROLE_ARN"] == hostileRole)
    #expect(hostile["AWS_PROFILE"] == nil)
    #expect(hostile["AWS_DEFAULT_REGION"] == "eu-central-1")
    #expect(scenario.witness("hostile").hasPrefix("arn:aws:sts::123456789012:assumed-role/Hostile/"))
    #expect(scenario.witness("dev").hasPrefix("arn:aws:sts::123456789012:assumed-role/Dev/"))
    #expect(scenario.witness("bare").hasPrefix("arn:aws:sts::123456789012:assumed-role/Bare/"))
    if driving == .integration {
        #expect(scenario.text("prompt").hasPrefix(hostileProfileName + " "))
    }

    let session = ["ROLESH_SESSION", "ROLESH_SESSION_KEY"]
    #expect(try scenario.dump("hostile-again").filter { !session.contains($0.key) } == hostile.filter { !session.contains($0.key) })
    #expect(try scenario.dump("end") == start)
    #expect(try scenario.dump("end-bare") == start)

    for folder in [scenario.output, scenario.home, scenario.folder] {
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/CANARY"))
    }
}

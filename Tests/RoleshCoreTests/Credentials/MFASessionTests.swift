// The MFA session in process, against an STS that answers from memory: a static-key
// profile's own MFA session serves the roles that name its device, and a refresh asks for a
// code only where nothing cached can renew the credentials.
import Foundation
import Testing
@testable import RoleshCore

@Suite struct MFASessionTests {
    static let serial = "arn:aws:iam::123456789012:mfa/me"
    static let config = """
        [profile base]
        mfa_serial = \(serial)
        [profile prod]
        role_arn = arn:aws:iam::123456789012:role/Prod
        source_profile = base
        mfa_serial = \(serial)
        """

    /// The assumer of `world`'s config and `environment`, asking `terminal` for codes.
    static func assumer(_ world: SessionWorld, _ environment: [String: String], terminal: ScriptedTerminal,
                        interaction: Interaction = .interactive) throws -> RoleAssumer {
        var context = world.context(environment)
        context.terminal = terminal
        return RoleAssumer(context: context, config: try AWSConfig.load(environment: environment),
                           baseEnvironment: environment, chainEnvironment: environment, interaction: interaction)
    }

    @Test func a_static_key_profiles_mfa_session_serves_its_roles_and_only_its_own_refresh_asks_again() throws {
        let world = try SessionWorld(config: Self.config)
        let environment = world.environment()
        let terminal = ScriptedTerminal(.success("654321"))
        let assumer = try Self.assumer(world, environment, terminal: terminal)
        let encodedSerial = "SerialNumber=arn%3Aaws%3Aiam%3A%3A123456789012%3Amfa%2Fme"

        let base = try assumer.assume(AssumeSpec(profile: "base"), tokenCode: "123456")
        try #require(world.sts.bodies.count == 1)
        #expect(world.sts.bodies[0].contains("Action=GetSessionToken"))
        #expect(world.sts.bodies[0].contains(encodedSerial) && world.sts.bodies[0].contains("TokenCode=123456"))

        // The role that names the same device is assumed from that session: no code, no question.
        let prod = try assumer.assume(AssumeSpec(profile: "prod"))
        try #require(world.sts.bodies.count == 2)
        #expect(world.sts.bodies[1].contains("Action=AssumeRole"))
        #expect(!world.sts.bodies[1].contains("SerialNumber") && !world.sts.bodies[1].contains("TokenCode"))

        // Refreshing the role renews it from the session, still without a question...
        let expiry = { (identity: ActiveIdentity) in Int(identity.credentials.expiration!.timeIntervalSince1970) }
        _ = try assumer.assume(AssumeSpec(profile: "prod"), useCache: false, outliving: expiry(prod))
        try #require(world.sts.bodies.count == 3)
        #expect(world.sts.bodies[2].contains("Action=AssumeRole"))
        #expect(terminal.prompts == [])

        // ...but the session itself cannot renew itself: refreshing base asks for a code.
        _ = try assumer.assume(AssumeSpec(profile: "base"), useCache: false, outliving: expiry(base))
        #expect(terminal.prompts == ["MFA code for \(Self.serial) (profile base): "])
        try #require(world.sts.bodies.count == 4)
        #expect(world.sts.bodies[3].contains("Action=GetSessionToken") && world.sts.bodies[3].contains("TokenCode=654321"))
    }

    @Test func a_cached_session_sts_refuses_is_replaced_once_with_a_new_code() throws {
        let world = try SessionWorld(config: Self.config)
        let environment = world.environment()
        let cache = CredentialCache(environment: environment)
        let stale = Credentials(accessKeyID: "ASIASTALE", secretAccessKey: "s", sessionToken: "t",
                                expiration: Date(timeIntervalSince1970: 1_900_000_000))
        try MFASession(cache: cache).store(stale, accessKeyID: "AKIABASE", serialNumber: Self.serial)
        // The role's trust policy wants a younger MFA than the cached session's.
        let transport = ScriptedSTSTransport([
            STSFixtures.status(403, STSFixtures.errorResponse("AccessDenied", "User is not authorized to perform: sts:AssumeRole")),
            STSFixtures.ok(STSFixtures.sessionTokenAnswer), STSFixtures.ok(STSFixtures.assumeRoleAnswer),
        ])
        let terminal = ScriptedTerminal(.success("777777"))
        let context = RoleshContext(environment: environment, transport: transport,
                                    now: { Date(timeIntervalSince1970: 1_720_656_000) }, // 2024-07-11, before the fixtures expire
                                    terminal: terminal, standardError: { _ in })
        let assumer = RoleAssumer(context: context, config: try AWSConfig.load(environment: environment),
                                  baseEnvironment: environment, chainEnvironment: environment)
        let identity = try assumer.assume(AssumeSpec(profile: "prod"))
        #expect(identity.credentials.accessKeyID == "ASIAJEXAMPLEXEG2JICEA")
        #expect(terminal.prompts == ["MFA code for \(Self.serial) (profile prod): "])
        let bodies = transport.bodies
        try #require(bodies.count == 3)
        #expect(bodies[0].contains("Action=AssumeRole") && !bodies[0].contains("TokenCode"))
        #expect(bodies[1].contains("Action=GetSessionToken") && bodies[1].contains("TokenCode=777777"))
        #expect(bodies[2].contains("Action=AssumeRole") && !bodies[2].contains("TokenCode"))
        // The new session replaced the refused one.
        #expect(MFASession(cache: cache).lookup(accessKeyID: "AKIABASE", serialNumber: Self.serial,
                                                now: Date(timeIntervalSince1970: 1_720_656_000))?.accessKeyID == "ASIAIOSFODNN7EXAMPLE")
    }

    @Test func the_prompt_hooks_refresh_never_asks_and_says_a_code_is_needed() throws {
        let world = try SessionWorld(config: Self.config)
        let environment = world.environment()
        let terminal = ScriptedTerminal(.success("654321"))
        let assumer = try Self.assumer(world, environment, terminal: terminal, interaction: .unattended)
        #expect(throws: AssumeError.needsMFA(role: "prod")) { try assumer.assume(AssumeSpec(profile: "prod")) }
        #expect(terminal.prompts == [])
        #expect(world.sts.bodies == [])
    }
}

// The FIPS and dual-stack settings reach the binary's STS calls, and a cached assume works
// out no endpoint at all (the cached path stays free of endpoint resolution). The region
// eu-isoe-west-1 has no dual-stack STS: botocore refuses the setting there even with an
// endpoint URL configured, and so does rolesh, which makes the resolution visible. The
// console of a partition rolesh knows no sign-in for is refused before any STS call.
import Foundation
import RoleshTestSupport
import Testing

@Test func dual_stack_settings_reach_sts_calls_and_a_cached_assume_resolves_no_endpoint_and_unknown_consoles_are_refused() throws {
    let server = try CannedSTSServer(scenario: "Success")
    let sandbox = try RoleshSandbox(
        config: """
            [profile prod]
            role_arn = arn:aws:iam::123456789012:role/Prod
            source_profile = base
            region = eu-isoe-west-1
            use_dualstack_endpoint = true
            [profile iso]
            role_arn = arn:aws:iam::123456789012:role/Iso
            source_profile = base
            region = us-iso-east-1

            """,
        credentials: "[base]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
        environment: ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:\(server.port)"])

    // The profile's use_dualstack_endpoint: refused in one line, before any request.
    let refused = try sandbox.rolesh(["export", "prod"])
    #expect(refused.status != 0)
    #expect(refused.stdout == "")
    #expect(refused.stderr == "rolesh: AWS offers no dual-stack endpoints in region eu-isoe-west-1 (partition aws-iso-e); "
        + "turn off AWS_USE_DUALSTACK_ENDPOINT or use_dualstack_endpoint, or pick another region\n")
    #expect(server.requestCount <= 0)

    let console = try sandbox.rolesh(["console", "iso", "--print"])
    #expect(console.status != 0)
    #expect(console.stdout == "")
    #expect(console.stderr == "rolesh: rolesh knows no AWS console sign-in for region us-iso-east-1 (partition aws-iso); "
        + "sign in to that partition's console its own way\n")
    #expect(server.requestCount <= 0)

    // AWS_USE_DUALSTACK_ENDPOINT beats the profile's key: one AssumeRole, cached.
    let fetched = try sandbox.rolesh(["export", "prod"], environment: ["AWS_USE_DUALSTACK_ENDPOINT": "false"])
    #expect(fetched.status == 0, "\(fetched.stderr)")
    #expect(fetched.stdout.contains("ASIACANNEDEXAMPLE"))
    #expect(server.requestCount == 1)

    // From the cache, the profile's setting is never looked at: no endpoint, no request.
    let cached = try sandbox.rolesh(["export", "prod"])
    #expect(cached.status == 0, "\(cached.stderr)")
    #expect(cached.stdout == fetched.stdout)
    #expect(server.requestCount == 1)
}

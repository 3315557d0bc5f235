// The AWS configs and base identities the session-stack scenarios share (issue 4).
import Foundation
import RoleshTestSupport

enum Fixture {
    static let baseAccessKeyID = "AKIAIOSFODNN7EXAMPLE"
    static let baseSecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    /// What moto's GetCallerIdentity says for long-term keys it does not know.
    static let baseARN = "arn:aws:sts::123456789012:user/moto"
    static let devRole = "arn:aws:iam::123456789012:role/Dev"
    static let prodRole = "arn:aws:iam::123456789012:role/Prod"

    /// dev and prod from `source_profile = base`, whose static keys are in the credentials file.
    static let profileConfig = """
        [profile base]
        region = eu-west-1

        [profile dev]
        role_arn = \(devRole)
        source_profile = base

        [profile prod]
        role_arn = \(prodRole)
        source_profile = base
        region = eu-central-1

        """

    static let baseCredentials = """
        [base]
        aws_access_key_id = \(baseAccessKeyID)
        aws_secret_access_key = \(baseSecretKey)

        """

    /// dev and prod assumed from the shell's own keys (`credential_source = Environment`).
    static let environmentConfig = """
        [profile dev]
        role_arn = \(devRole)
        credential_source = Environment

        [profile prod]
        role_arn = \(prodRole)
        credential_source = Environment
        region = eu-central-1

        """

    /// Static keys and a region in the environment. The aws CLI v1 reads only
    /// AWS_DEFAULT_REGION, so both region variables are set.
    static let environmentBase = [
        "AWS_ACCESS_KEY_ID": baseAccessKeyID, "AWS_SECRET_ACCESS_KEY": baseSecretKey,
        "AWS_REGION": "eu-west-1", "AWS_DEFAULT_REGION": "eu-west-1",
    ]

    /// The secrets a set of role dumps showed.
    static func roleSecrets(_ dumps: [[String: String]]) -> [String] {
        dumps.flatMap { [$0["AWS_SECRET_ACCESS_KEY"], $0["AWS_SESSION_TOKEN"]].compactMap { $0 } }
    }
}

/// How a scenario's shell gets its base identity.
enum BaseIdentity: String, CaseIterable, Sendable, CustomStringConvertible {
    /// `AWS_PROFILE=base`, with dev and prod chained from it.
    case profile
    /// Static keys and AWS_REGION in the environment.
    case environment

    var description: String { rawValue }

    func scenario(stsEndpoint: String) throws -> ShellScenario {
        switch self {
        case .profile:
            try ShellScenario(config: Fixture.profileConfig, credentials: Fixture.baseCredentials,
                              stsEndpoint: stsEndpoint, environment: ["AWS_PROFILE": "base"])
        case .environment:
            try ShellScenario(config: Fixture.environmentConfig, stsEndpoint: stsEndpoint,
                              environment: Fixture.environmentBase)
        }
    }
}

/// How a scenario drives rolesh: through the shell integration, or by eval'ing its output.
enum Driving: String, CaseIterable, Sendable, CustomStringConvertible {
    case integration
    case plainEval

    var description: String { rawValue }

    /// The lines that set the shell up.
    func setup(_ shell: TestShell) -> [String] {
        self == .integration ? [shell.integration] : []
    }

    /// The line that runs `rolesh ARGUMENTS` (assume, exit, refresh) and applies its output.
    func rolesh(_ arguments: String, in shell: TestShell) -> String {
        self == .integration ? "rolesh \(arguments)" : shell.plainEval(arguments)
    }
}

extension Dictionary where Key == String, Value == String {
    /// The environment without the named variables.
    func without(_ names: String...) -> [String: String] {
        filter { !names.contains($0.key) }
    }
}

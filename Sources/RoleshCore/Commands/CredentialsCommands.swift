import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `whoami`, `export` and `exec`: the commands that use a role's credentials without
/// switching the shell.
public enum CredentialsCommands {
    /// The identity of `profile` with the assume flags, through the cache.
    static func identity(of profile: String, options: AssumeOptions, context: RoleshContext) throws -> ActiveIdentity {
        let spec = try options.spec(target: profile)
        let assumer = RoleAssumer(
            context: context, config: try AWSConfig.load(environment: context.environment),
            baseEnvironment: try baseEnvironment(context), chainEnvironment: context.environment)
        return try assumer.assume(spec, tokenCode: options.tokenCode, useCache: !options.skipCache)
    }

    /// The shell's identity below its rolesh stack (what `credential_source = Environment` means).
    static func baseEnvironment(_ context: RoleshContext) throws -> [String: String] {
        let environment = context.environment
        guard let frame = environment[ManagedVariable.frame], let session = try SessionIdentity.current(in: environment) else {
            return environment
        }
        let stack = try SessionStore(root: StateRoot.locate(environment: environment)).stack(from: frame, session: session)
        return AssumeCommand.baseEnvironment(environment, below: stack)
    }

    /// `rolesh whoami [--json]`: GetCallerIdentity with the credentials in the environment,
    /// or, when there are none, with those of the profile the environment selects.
    public static func whoami(json: Bool, context: RoleshContext) throws -> String {
        let environment = context.environment
        let config = try AWSConfig.load(environment: environment)
        let assumer = RoleAssumer(context: context, config: config, baseEnvironment: environment, chainEnvironment: environment)
        let credentials: Credentials
        var profile: Profile?
        if environment[ManagedVariable.accessKeyID] != nil {
            credentials = try assumer.environmentCredentials(environment, why: "whoami")
        } else {
            let name = ProfileResolver.selectedProfileName(environment: environment)
            let chain = try ProfileResolver(config: config).resolve(profileNamed: name)
            profile = chain.profile
            if case .staticKeys(_, let keys) = chain.base, chain.hops.isEmpty {
                credentials = keys
            } else {
                credentials = try assumer.assume(AssumeSpec(profile: name)).credentials
            }
        }
        let identity = try assumer.stsClient(profile: profile, region: nil).getCallerIdentity(credentials: credentials)
        if json {
            return try jsonText(CallerIdentityJSON(Account: identity.account, Arn: identity.arn, UserId: identity.userID))
        }
        return [("arn     ", identity.arn), ("account ", identity.account), ("user id ", identity.userID)]
            .map { "\($0) \($1.escapingControlCharacters)\n" }.joined()
    }

    public enum ExportFormat: String, CaseIterable, Sendable {
        case env, json
        case credentialProcess = "credential-process"
    }

    /// `rolesh export PROFILE --format env|json|credential-process`.
    public static func export(profile: String, format: ExportFormat, options: AssumeOptions, shell: String?,
                              context: RoleshContext) throws -> String {
        let identity = try identity(of: profile, options: options, context: context)
        let credentials = identity.credentials
        switch format {
        case .env:
            let dialect = try ShellDetection.detect(
                flag: shell, environment: context.environment, parentProcessName: ShellDetection.parentProcessName())
            var changes: [String: String?] = [
                ManagedVariable.accessKeyID: credentials.accessKeyID,
                ManagedVariable.secretAccessKey: credentials.secretAccessKey,
                ManagedVariable.sessionToken: credentials.sessionToken,
                ManagedVariable.credentialExpiration: credentials.expiration.map(isoTimestamp),
            ]
            if let region = identity.region {
                changes[ManagedVariable.region] = region
                changes[ManagedVariable.defaultRegion] = region
            }
            return try ShellExport(changes).render(in: dialect)
        case .json, .credentialProcess:
            // The credential_process shape (Version 1) is what the AWS SDKs read; `json`
            // drops Version and adds what a script wants to know besides the keys.
            let isProcess = format == .credentialProcess
            return try jsonText(CredentialsJSON(
                Version: isProcess ? 1 : nil, AccessKeyId: credentials.accessKeyID,
                SecretAccessKey: credentials.secretAccessKey, SessionToken: credentials.sessionToken,
                Expiration: credentials.expiration.map(isoTimestamp),
                RoleArn: isProcess || identity.roleARN.isEmpty ? nil : identity.roleARN,
                Region: isProcess ? nil : identity.region))
        }
    }

    /// `rolesh exec PROFILE -- CMD…`: replaces rolesh with CMD, which runs with the role's
    /// variables set and rolesh's own session variables removed. Returns only on failure.
    public static func exec(profile: String, command: [String], options: AssumeOptions, context: RoleshContext) throws -> Never {
        let identity = try identity(of: profile, options: options, context: context)
        var environment = context.environment
        let changes = Transition.refresh(identity)
        for (name, value) in changes {
            environment[name] = value
        }
        // The child is not a shell on the stack: ProcessExec leaves out the session variables.
        try ProcessExec.replace(with: command, environment: environment)
    }

    static func jsonText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self) + "\n"
    }
}

/// `aws sts get-caller-identity`'s JSON shape, so scripts can switch tools.
private struct CallerIdentityJSON: Encodable {
    var Account: String
    var Arn: String
    var UserId: String
}

/// Credentials as the AWS SDKs' credential_process reads them (absent values omitted).
private struct CredentialsJSON: Encodable {
    var Version: Int?
    var AccessKeyId: String
    var SecretAccessKey: String
    var SessionToken: String?
    var Expiration: String?
    var RoleArn: String?
    var Region: String?
}

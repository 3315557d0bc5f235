import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `whoami`, `export` and `exec`: the commands that use a role's credentials without
/// switching the shell.
package enum CredentialsCommands {
    /// The identity `options` ask for, through the cache.
    static func identity(_ options: AssumeOptions, interaction: Interaction = .interactive,
                         context: RoleshContext) throws -> ActiveIdentity {
        let assumer = try CommandState(context).assumer(interaction: interaction)
        return try assumer.assume(options.spec, tokenCode: options.tokenCode, useCache: !options.skipCache)
    }

    /// `rolesh whoami [--json]`: GetCallerIdentity with the credentials in the environment,
    /// or, when there are none, with those of the profile the environment selects.
    package static func whoami(json: Bool, context: RoleshContext) throws -> String {
        let environment = context.environment
        let config = try CommandState(context).config()
        // whoami stands on nothing: the environment is its own base.
        let assumer = RoleAssumer(context: context, config: config, baseEnvironment: environment, chainEnvironment: environment)
        let credentials: Credentials
        var profile: Profile?
        let name = ProfileResolver.selectedProfileName(environment: environment)
        if environment[ManagedVariable.accessKeyID] != nil {
            credentials = try EnvironmentKeys(environment, why: "whoami").keys()
        } else if try !assumesRole(config, name), let web = try assumer.environmentWebIdentity(environment) {
            // botocore's chain without a named profile: after the environment's keys and the
            // selected profile's role, the web identity variables.
            profile = try config.profile(named: name)
            let sts = STSConnection { [profile] in try assumer.stsClient(profile: profile, region: nil) }
            credentials = try web.calling(sts).credentials(Retrieval(context: context, interaction: .interactive, role: name)).credentials
        } else {
            let chain = try assumer.chain(for: AssumeSpec(profile: name))
            profile = chain.profile
            // A profile's own keys say who they are themselves: no session is needed for that.
            if let session = chain.uncached as? SessionToken {
                credentials = session.keys.keys
            } else if let keys = chain.uncached as? StaticKeys {
                credentials = keys.keys
            } else {
                credentials = try chain.source.credentials(Retrieval(context: context, interaction: .interactive, role: name)).credentials
            }
        }
        let identity = try assumer.stsClient(profile: profile, region: nil).getCallerIdentity(credentials: credentials)
        if json {
            return JSONValue.object(["Account": .string(identity.account), "Arn": .string(identity.arn),
                                     "UserId": .string(identity.userID)]).prettyText + "\n"
        }
        return [("arn     ", identity.arn), ("account ", identity.account), ("user id ", identity.userID)]
            .map { "\($0) \($1.escapingControlCharacters)\n" }.joined()
    }

    /// Whether profile `name` exists and assumes a role botocore's AssumeRoleProvider takes
    /// (role_arn without web_identity_token_file): that provider comes before web identity.
    private static func assumesRole(_ config: AWSConfig, _ name: String) throws -> Bool {
        guard let profile = try config.profile(named: name), profile.roleARN != nil else { return false }
        return !config.sets("web_identity_token_file", inProfile: name)
    }

    package enum ExportFormat: String, CaseIterable, Sendable {
        case env, dotenv, json
        case credentialProcess = "credential-process"
    }

    /// `rolesh export PROFILE --format env|dotenv|json|credential-process`.
    package static func export(_ options: AssumeOptions, format: ExportFormat, shell: String?,
                              context: RoleshContext) throws -> String {
        // Resolved before any request: an unknown --shell fails with nothing asked of STS.
        let dialect = format == .env ? try CommandState(context, shell: shell).dialect() : nil
        // A program that runs rolesh as its credential_process waits for it: an MFA code may
        // be asked on the terminal, but no browser is opened for a sign-in.
        let interaction = format == .credentialProcess ? Interaction(mayAsk: true, maySignIn: false) : .interactive
        let identity = try identity(options, interaction: interaction, context: context)
        let credentials = identity.credentials
        switch format {
        case .env, .dotenv:
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
            guard let dialect else { return try dotenvLines(changes.compactMapValues { $0 }) }
            return try ShellExport(changes).render(in: dialect)
        case .json, .credentialProcess:
            // The credential_process shape (Version 1) is what the AWS SDKs read; `json`
            // drops Version and adds what a script wants to know besides the keys.
            let isProcess = format == .credentialProcess
            let fields: [String: String?] = [
                "AccessKeyId": credentials.accessKeyID, "SecretAccessKey": credentials.secretAccessKey,
                "SessionToken": credentials.sessionToken, "Expiration": credentials.expiration.map(isoTimestamp),
                "RoleArn": isProcess || identity.roleARN.isEmpty ? nil : identity.roleARN,
                "Region": isProcess ? nil : identity.region,
            ]
            var object = fields.compactMapValues { $0 }.mapValues(JSONValue.string)
            if isProcess { object["Version"] = .number(1) }
            return JSONValue.object(object).prettyText + "\n"
        }
    }

    /// `rolesh exec PROFILE -- CMD…`: replaces rolesh with CMD, which runs with the role's
    /// variables set and rolesh's own session variables removed. Returns only on failure.
    package static func exec(_ options: AssumeOptions, command: [String], context: RoleshContext) throws -> Never {
        let identity = try identity(options, context: context)
        var environment = context.environment
        let changes = Transition.refresh(identity)
        for (name, value) in changes {
            environment[name] = value
        }
        // The child is not a shell on the stack: ProcessExec leaves out the session variables.
        try ProcessExec.replace(with: command, environment: environment)
    }

    /// `NAME=value` lines, sorted by name, that `docker run --env-file` and `.env` readers
    /// (python-dotenv, Node's dotenv, docker compose) all read back as the same value. Docker
    /// takes the rest of the line literally while the others strip spaces, end the value at
    /// ` #`, remove quotes and expand `$`: only a value of printable ASCII without space,
    /// `"`, `'`, `` ` ``, `#`, `$` and `\` reads the same in all of them. Credentials,
    /// times and region names are such values; any other is refused.
    static func dotenvLines(_ variables: [String: String]) throws -> String {
        try variables.sorted { $0.key < $1.key }.map { name, value in
            if let bad = value.unicodeScalars.first(where: { !isDotenvSafe($0) }) {
                throw ExportError.notDotenvSafe(name: name, character: bad)
            }
            return "\(name)=\(value)\n"
        }.joined()
    }

    private static func isDotenvSafe(_ scalar: Unicode.Scalar) -> Bool {
        (0x21...0x7E).contains(scalar.value) && !"\"'`#$\\".unicodeScalars.contains(scalar)
    }
}

/// Failures of `rolesh export` itself.
enum ExportError: LocalizedError, Equatable {
    case notDotenvSafe(name: String, character: Unicode.Scalar)

    var errorDescription: String? {
        switch self {
        case .notDotenvSafe(let name, let character):
            return "cannot write \(name) as a dotenv line: its value holds \(String(character).debugDescription), "
                + "and dotenv lines can only hold printable ASCII without space, quotes, backquote, #, $ and \\; "
                + "use --format env or json"
        }
    }
}

import FoundationEssentials

/// `rolesh whoami [--json]`: who the shell is to AWS, asked of STS.
package enum WhoamiCommand {
    /// GetCallerIdentity with the credentials in the environment, or, when there are none,
    /// with those of the profile the environment selects.
    package static func run(json: Bool, context: RoleshContext) throws -> String {
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
            if let keys = chain.uncached.heldKeys {
                credentials = keys
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
        return !config.sets(ProfileKey.webIdentityTokenFile.name, inProfile: name)
    }
}

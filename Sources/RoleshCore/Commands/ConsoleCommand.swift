import FoundationEssentials

/// `rolesh console [PROFILE] [--destination URL] [--duration D]`: the AWS console sign-in
/// URL for a profile's role, or, without a PROFILE, for the credentials in the environment
/// (the active role's).
package enum ConsoleCommand {
    package struct Options: Sendable {
        var profile: String?
        var destination: String?
        var duration: String?
        var tokenCode: String?
        /// `--print`: the URL on stdout instead of a browser.
        var print: Bool

        package init(profile: String?, destination: String?, duration: String?, tokenCode: String?, print: Bool) {
            self.profile = profile
            self.destination = destination
            self.duration = duration
            self.tokenCode = tokenCode
            self.print = print
        }
    }

    /// Opens the browser on the login URL and returns nothing, or, with `print`, returns it.
    package static func run(_ options: Options, context: RoleshContext) throws -> String {
        // Checked before any request: without a browser the sign-in token would be wasted.
        if !options.print { try ConsoleBrowser.checkOpener(environment: context.environment) }
        let url = try loginURL(profile: options.profile, destination: options.destination, duration: options.duration,
                               tokenCode: options.tokenCode, context: context)
        if options.print { return url + "\n" }
        try ConsoleBrowser.open(url, environment: context.environment)
        return ""
    }

    /// Obtains the credentials, trades them for a sign-in token, and returns the login URL.
    static func loginURL(profile: String?, destination: String?, duration: String?, tokenCode: String? = nil,
                         context: RoleshContext) throws -> String {
        let environment = context.environment
        let seconds = try duration.map(STSLimits.parseDuration)
        if let seconds, !ConsoleSignIn.sessionDurationRange.contains(seconds) {
            throw ConsoleError.durationOutOfRange(seconds)
        }
        let assumer = try CommandState(context).assumer()
        let environmentRegion = environment[ManagedVariable.region] ?? environment[ManagedVariable.defaultRegion]
        let credentials: Credentials
        let region: String?
        let partition: ConsolePartition
        if let profile {
            let spec = profile.hasPrefix("arn:") ? AssumeSpec(roleARN: profile) : AssumeSpec(profile: profile)
            let chain = try assumer.chain(for: spec)
            let source = chain.uncached
            if source.kind == .longTermKeys || source.kind == .temporaryKeys { throw ConsoleError.needsRole(profile: profile) }
            if seconds != nil && !isRoleFromLongTermKeys(source) {
                throw ConsoleError.durationWithRoleChain(profile: profile)
            }
            region = chain.region ?? environmentRegion
            partition = try ConsolePartition(region: region)  // before any STS call
            credentials = try assumer.assume(spec, tokenCode: tokenCode).credentials
        } else {
            if seconds != nil { throw ConsoleError.durationNeedsProfile }
            credentials = try EnvironmentKeys(environment, why: "rolesh console without a PROFILE uses the active role").keys()
            guard credentials.sessionToken != nil else { throw ConsoleError.notTemporary }
            region = environmentRegion
            partition = try ConsolePartition(region: region)
        }
        let endpoint = environment["ROLESH_FEDERATION_ENDPOINT"].flatMap { $0.isEmpty ? nil : $0 }
            ?? partition.federationEndpoint
        let request = HTTPRequest(
            method: "GET",
            url: ConsoleSignIn.signinTokenURL(endpoint: endpoint, credentials: credentials, sessionDuration: seconds))
        let response: HTTPResponse
        do {
            response = try context.transport.send(request, timeouts: try HTTPTimeouts(environment: environment))
        } catch let failure as HTTPTransportError {
            throw ConsoleError.unreachable(failure.message)
        }
        let token = try ConsoleSignIn.signinToken(from: response)
        return ConsoleSignIn.loginURL(
            endpoint: endpoint, destination: destination ?? partition.consoleHome(region: region), signinToken: token)
    }

    /// Whether `source` is a role assumed with an IAM user's keys. Any other role is
    /// assumed with temporary credentials (another role's, a session token's, the
    /// environment's, or a credential process's, which may be temporary), and the console
    /// takes no session length for it; a duration left out is always accepted.
    static func isRoleFromLongTermKeys(_ source: any CredentialSource) -> Bool {
        source.assumedWith?.kind == .longTermKeys
    }
}

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns what was asked (an AssumeSpec) into an identity: resolves the profile's chain hop
/// by hop, obtains the base credentials, assumes each role in turn, and consults and
/// fills the credential cache. Shared by assume, refresh, exec, export and whoami.
public struct RoleAssumer {
    public var context: RoleshContext
    public var config: AWSConfig
    /// The identity below the whole stack: `credential_source = Environment` means the
    /// shell's own keys, not those of a role rolesh switched to.
    public var baseEnvironment: [String: String]
    /// The environment a bare ARN or `--chain` assumes from: the shell's at push time.
    public var chainEnvironment: [String: String]
    /// False for the auto-refresh hook: never ask for an MFA code, fail with `needsMFA`.
    public var interactive: Bool = true

    public init(context: RoleshContext, config: AWSConfig, baseEnvironment: [String: String],
                chainEnvironment: [String: String], interactive: Bool = true) {
        self.context = context
        self.config = config
        self.baseEnvironment = baseEnvironment
        self.chainEnvironment = chainEnvironment
        self.interactive = interactive
    }

    /// The identity for `spec`: from the cache when a good entry exists and `useCache`,
    /// otherwise from STS (and then cached). `tokenCode` answers an MFA device's question;
    /// it is never stored, and without it the terminal is asked. A refresh passes the expiry
    /// of the credentials it replaces (ROLESH_EXPIRES, whole epoch seconds) as `outliving`:
    /// a cache entry that expires no later is those very credentials, and handing them back
    /// would renew nothing.
    public func assume(_ spec: AssumeSpec, tokenCode: String? = nil, useCache: Bool = true,
                       outliving: Int? = nil) throws -> ActiveIdentity {
        let plan = try plan(for: spec)
        let cache = CredentialCache(environment: context.environment)
        let entry = CredentialCache.entryName(spec: spec, source: plan.cacheSource)
        if useCache, let cached = try cache.lookup(entry, now: context.now()), Self.renews(cached.credentials, outliving: outliving) {
            return ActiveIdentity(role: plan.role, roleARN: cached.roleARN, credentials: cached.credentials, region: plan.region)
        }
        let credentials = try obtain(plan, spec: spec, tokenCode: tokenCode, outliving: outliving)
        do {
            try cache.store(CachedRole(credentials: credentials, roleARN: plan.roleARN ?? ""), as: entry)
        } catch {
            // The cache only saves time; failing to fill it must not fail the switch.
            context.standardError("rolesh: warning: could not cache credentials (\(error.message))\n")
        }
        return ActiveIdentity(role: plan.role, roleARN: plan.roleARN ?? "", credentials: credentials, region: plan.region)
    }

    /// Whether handing out `credentials` renews those that expire at `outliving` (whole
    /// epoch seconds; nil when nothing is being renewed).
    static func renews(_ credentials: Credentials, outliving: Int?) -> Bool {
        guard let current = outliving else { return true }
        return credentials.expiration.map { Int($0.timeIntervalSince1970) > current } ?? false
    }

    /// How an identity is reached: where to start and which roles to assume.
    struct Plan {
        var role: String
        var roleARN: String?
        var profile: Profile?
        var base: Base
        var hops: [RoleHop]
        var region: String?
        /// Tells cache entries of different sources apart (never a secret).
        var cacheSource: String
    }

    enum Base {
        /// `static` for long-term keys; `mfa` is the device a static-key profile of its own names.
        case credentials(Credentials, static: Bool, mfa: MFADevice?)
        case process(profile: String, command: String)
    }

    func plan(for spec: AssumeSpec) throws -> Plan {
        if let arn = spec.roleARN {
            let source = try environmentCredentials(chainEnvironment, why: "a bare role ARN is assumed from the environment")
            return Plan(role: Self.roleName(of: arn), roleARN: arn, profile: nil,
                        base: .credentials(source, static: false, mfa: nil),
                        hops: [RoleHop(profile: "", roleARN: arn)], region: spec.region ?? regionOfUnsetProfile(),
                        cacheSource: "environment:\(source.accessKeyID)")
        }
        let name = spec.profile ?? ""
        let chain = try ProfileResolver(config: config).resolve(profileNamed: name)
        for warning in chain.warnings {
            // A value may run over several lines: escaped, the warning stays one.
            context.standardError("rolesh: warning: \(warning.escapingControlCharacters)\n")
        }
        let region = spec.region ?? chain.profile.region ?? regionOfUnsetProfile()
        if spec.chain {
            guard let last = chain.hops.last else { throw AssumeError.chainNeedsRole(profile: name) }
            let source = try environmentCredentials(chainEnvironment, why: "--chain assumes from the environment")
            return Plan(role: name, roleARN: last.roleARN, profile: chain.profile,
                        base: .credentials(source, static: false, mfa: nil), hops: [last], region: region,
                        cacheSource: "environment:\(source.accessKeyID)")
        }
        let base: Base
        let source: String
        switch chain.base {
        case .staticKeys(let profile, let credentials):
            let mfa = chain.hops.isEmpty ? (spec.mfaSerial ?? chain.profile.mfaSerial).map {
                MFADevice(serialNumber: $0, profile: profile, process: chain.profile.mfaProcess)
            } : nil
            base = .credentials(credentials, static: credentials.sessionToken == nil, mfa: mfa)
            source = "profile:\(profile):\(credentials.accessKeyID)"
        case .environment:
            let credentials = try environmentCredentials(baseEnvironment, why: "profile \(name) has credential_source = Environment")
            base = .credentials(credentials, static: false, mfa: nil)
            source = "environment:\(credentials.accessKeyID)"
        case .process(let profile, let command):
            base = .process(profile: profile, command: command)
            source = "process:\(profile):\(command)"
        }
        return Plan(role: name, roleARN: chain.hops.last?.roleARN, profile: chain.profile, base: base,
                    hops: chain.hops, region: region,
                    cacheSource: source + chain.hops.map { "|\($0.profile)>\($0.roleARN)" }.joined())
    }

    /// A push unsets AWS_PROFILE (environment credentials must win), and with it the
    /// region that profile gave the shell. When no AWS_REGION or AWS_DEFAULT_REGION says
    /// otherwise, that region is carried over explicitly, so the switch keeps it.
    func regionOfUnsetProfile() -> String? {
        let environment = context.environment
        guard environment[ManagedVariable.region] == nil, environment[ManagedVariable.defaultRegion] == nil,
              environment[ManagedVariable.profile] != nil || environment[ManagedVariable.defaultProfile] != nil
        else { return nil }
        return (try? config.profile(named: ProfileResolver.selectedProfileName(environment: environment)))??.region
    }

    func obtain(_ plan: Plan, spec: AssumeSpec, tokenCode given: String?, outliving: Int? = nil) throws -> Credentials {
        var requests = plan.hops.enumerated().map { index, hop in
            hopRequest(hop, last: index == plan.hops.count - 1, spec: spec)
        }
        let session = mfaSessionDevice(plan, firstRequest: requests.first)
        // Role credentials, a session token's or the environment's are temporary: what is
        // assumed from them is capped like a chained role.
        let chained = spec.chain || spec.roleARN != nil || session != nil
        // Every request is checked against STS's limits before the first call or question.
        for (index, request) in requests.enumerated() {
            try STSLimits.validate(request, isRoleChain: index > 0 || chained, codeToCome: true)
        }
        if case .credentials(_, true, let device) = plan.base, plan.hops.isEmpty {
            try STSLimits.validate(SessionTokenRequest(durationSeconds: spec.durationSeconds, serialNumber: device?.serialNumber),
                                   codeToCome: true)
        }
        let client = try stsClient(profile: plan.profile, region: plan.region)
        var codes = MFACodes(given: given, context: context, interactive: interactive, role: plan.role)
        var credentials: Credentials
        /// Where the first role comes from when a cached MFA session opened it.
        var cachedSession: (keys: Credentials, device: MFADevice)?
        switch plan.base {
        case .process(let profile, let command):
            let process = CredentialProcess(
                commandLine: command, profile: profile, timeout: CredentialProcess.timeout(environment: context.environment))
            credentials = try process.run(environment: context.environment)
        case .credentials(let source, let isStatic, let device):
            credentials = source
            if plan.hops.isEmpty && isStatic {
                // Long-term keys never enter a shell: hand out a session token instead. With
                // MFA it is the MFA session, reused unless a length was asked for or it is
                // the very session a refresh replaces.
                credentials = try sessionToken(from: source, device: device, durationSeconds: spec.durationSeconds,
                                               client: client, codes: &codes) { cached in
                    spec.durationSeconds == nil && Self.renews(cached, outliving: outliving)
                }.credentials
            } else if let session {
                let opened = try sessionToken(from: source, device: session, durationSeconds: nil, client: client, codes: &codes) { _ in true }
                credentials = opened.credentials
                if opened.fromCache { cachedSession = (source, session) }
                // The session already proved the device.
                requests[0].serialNumber = nil
            }
        }
        for (index, var request) in requests.enumerated() {
            if let serial = request.serialNumber {
                let hop = plan.hops[index]
                request.tokenCode = try codes.code(
                    for: MFADevice(serialNumber: serial, profile: hop.profile.isEmpty ? nil : hop.profile, process: hop.mfaProcess))
            }
            do {
                credentials = try client.assumeRole(request, credentials: credentials, isRoleChain: index > 0 || chained).credentials
            } catch let error as STSError where index == 0 && Self.refusesSession(error) {
                // A cached session STS no longer takes (revoked, or older than the role's
                // aws:MultiFactorAuthAge allows): a new code opens a new one, once.
                guard let cached = cachedSession else { throw error }
                let session = try sessionToken(from: cached.keys, device: cached.device, durationSeconds: nil,
                                               client: client, codes: &codes) { _ in false }
                credentials = try client.assumeRole(request, credentials: session.credentials, isRoleChain: chained).credentials
            }
        }
        return credentials
    }

    /// STS's answers to a session it will not assume a role from any more.
    static func refusesSession(_ error: STSError) -> Bool {
        ["AccessDenied", "ExpiredToken", "InvalidClientTokenId"].contains(error.code ?? "")
    }

    /// The MFA device whose session the first role is assumed from, or nil for MFA on the
    /// AssumeRole call itself (the per-role path). The session serves when the first hop
    /// names an mfa_serial and is assumed from long-term keys for at most an hour (STS caps
    /// roles assumed from a session token there), unless `ROLESH_MFA_SESSION=off`.
    func mfaSessionDevice(_ plan: Plan, firstRequest: AssumeRoleRequest?) -> MFADevice? {
        guard case .credentials(_, true, _) = plan.base, let first = firstRequest, let serial = first.serialNumber,
              first.durationSeconds ?? 0 <= STSLimits.chainedRoleMaximumDuration,
              context.environment["ROLESH_MFA_SESSION"] != "off"
        else { return nil }
        return MFADevice(serialNumber: serial, profile: plan.hops[0].profile, process: plan.hops[0].mfaProcess)
    }

    /// Whether the first role of `plan` is assumed from an MFA session, which STS caps like
    /// a chained role.
    func assumesFromMFASession(_ plan: Plan, spec: AssumeSpec) -> Bool {
        let first = plan.hops.first.map { hopRequest($0, last: plan.hops.count == 1, spec: spec) }
        return mfaSessionDevice(plan, firstRequest: first) != nil
    }

    /// GetSessionToken with long-term `keys`. With an MFA `device`, a cached session of the
    /// same keys and device that `reuse` accepts is handed back without a call or a code;
    /// a new one is cached for the next role that names the device.
    func sessionToken(from keys: Credentials, device: MFADevice?, durationSeconds: Int?, client: STSClient,
                      codes: inout MFACodes, reuse: (Credentials) -> Bool) throws -> (credentials: Credentials, fromCache: Bool) {
        guard let device else {
            return (try client.getSessionToken(SessionTokenRequest(durationSeconds: durationSeconds), credentials: keys), false)
        }
        let sessions = MFASession(cache: CredentialCache(environment: context.environment))
        if let cached = sessions.lookup(accessKeyID: keys.accessKeyID, serialNumber: device.serialNumber, now: context.now()),
           reuse(cached) {
            return (cached, true)
        }
        let request = SessionTokenRequest(durationSeconds: durationSeconds, serialNumber: device.serialNumber,
                                          tokenCode: try codes.code(for: device))
        let session = try client.getSessionToken(request, credentials: keys)
        do {
            try sessions.store(session, accessKeyID: keys.accessKeyID, serialNumber: device.serialNumber)
        } catch {
            context.standardError("rolesh: warning: could not cache the MFA session (\(error.message))\n")
        }
        return (session, false)
    }

    /// The AssumeRole request of one hop: the profile's settings, and for the last hop
    /// the command line's flags over them.
    func hopRequest(_ hop: RoleHop, last: Bool, spec: AssumeSpec) -> AssumeRoleRequest {
        var request = AssumeRoleRequest(
            roleARN: hop.roleARN,
            sessionName: (last ? spec.sessionName : nil) ?? hop.roleSessionName ?? Self.defaultSessionName(context.environment),
            durationSeconds: (last ? spec.durationSeconds : nil) ?? hop.durationSeconds,
            externalID: (last ? spec.externalID : nil) ?? hop.externalID,
            serialNumber: (last ? spec.mfaSerial : nil) ?? hop.mfaSerial)
        if last {
            request.sourceIdentity = spec.sourceIdentity
            request.tags = spec.tags
            request.transitiveTagKeys = spec.transitiveTagKeys
            request.policyARNs = spec.policyARNs
        }
        return request
    }

    func stsClient(profile: Profile?, region: String?) throws -> STSClient {
        var environment = context.environment
        // botocore reads the profile's ignore_configured_endpoint_urls only where the variable is unset.
        if environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] == nil, let setting = profile?.ignoreConfiguredEndpointURLs {
            environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = setting
        }
        let stsRegion = region ?? STSEndpointResolver.region(environment: environment, profileRegion: profile?.region)
        try stsRegion.map(STSLimits.validateRegion)
        let endpoint = try STSEndpointResolver.resolve(
            environment: environment,
            servicesEndpointURL: profile.flatMap { config.stsEndpointURL(for: $0) },
            profileEndpointURL: profile?.endpointURL, region: stsRegion,
            regionalEndpoints: try STSEndpointResolver.regionalEndpoints(environment: environment, profile: profile),
            variant: EndpointVariant(environment: environment, profile: profile))
        return STSClient(transport: context.transport, endpoint: endpoint,
                         timeouts: try HTTPTimeouts(environment: environment), now: context.now)
    }

    func environmentCredentials(_ environment: [String: String], why: String) throws -> Credentials {
        guard let id = environment[ManagedVariable.accessKeyID], !id.isEmpty,
              let secret = environment[ManagedVariable.secretAccessKey], !secret.isEmpty
        else { throw AssumeError.noEnvironmentCredentials(why) }
        let token = environment[ManagedVariable.securityToken] ?? environment[ManagedVariable.sessionToken]
        return Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: token.flatMap { $0.isEmpty ? nil : $0 })
    }

    /// `Prod` for `arn:aws:iam::123456789012:role/team/Prod`.
    static func roleName(of arn: String) -> String {
        arn.split(separator: "/").last.map(String.init) ?? arn
    }

    /// The local user name, in STS's charset and length.
    static func defaultSessionName(_ environment: [String: String]) -> String {
        let user = environment["USER"] ?? environment["LOGNAME"] ?? getpwuid(getuid()).flatMap { String(validatingCString: $0.pointee.pw_name) } ?? "rolesh"
        return STSLimits.sanitizedSessionName(user)
    }
}

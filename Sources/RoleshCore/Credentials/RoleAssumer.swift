import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns what was asked (an AssumeSpec) into an identity: builds the chain of credential
/// sources the profile resolves to, with the cache around it, and asks it. Shared by assume,
/// refresh, exec, export, console and whoami.
struct RoleAssumer {
    var context: RoleshContext
    var config: AWSConfig
    /// The identity below the whole stack: `credential_source = Environment` means the
    /// shell's own keys, not those of a role rolesh switched to.
    var baseEnvironment: [String: String]
    /// The environment a bare ARN or `--chain` assumes from: the shell's at push time.
    var chainEnvironment: [String: String]
    /// What the sources may do: the auto-refresh hook never asks for an MFA code (it fails
    /// with `needsMFA`) and never starts a sign-in.
    var interaction: Interaction

    init(context: RoleshContext, config: AWSConfig, baseEnvironment: [String: String],
         chainEnvironment: [String: String], interaction: Interaction = .interactive) {
        self.context = context
        self.config = config
        self.baseEnvironment = baseEnvironment
        self.chainEnvironment = chainEnvironment
        self.interaction = interaction
    }

    /// The identity for `spec`: from the cache when a good entry exists and `useCache`,
    /// otherwise from its sources (and then cached). `tokenCode` answers an MFA device's
    /// question; it is never stored, and without it the terminal is asked. A refresh passes
    /// the expiry of the credentials it replaces (ROLESH_EXPIRES, whole epoch seconds) as
    /// `outliving`: a cache entry that expires no later is those very credentials, and
    /// handing them back would renew nothing.
    func assume(_ spec: AssumeSpec, tokenCode: String? = nil, useCache: Bool = true,
                outliving: Int? = nil) throws -> ActiveIdentity {
        let chain = try chain(for: spec, useCache: useCache)
        let retrieval = Retrieval(context: context, interaction: interaction, tokenCode: tokenCode, role: chain.role,
                                  outliving: outliving)
        let credentials = try chain.source.credentials(retrieval).credentials
        return ActiveIdentity(role: chain.role, roleARN: chain.roleARN ?? "", credentials: credentials, region: chain.region)
    }

    /// What `spec` resolves to: the source of its credentials, the cache around it, and what
    /// the identity is called.
    struct Chain {
        var role: String
        var roleARN: String?
        /// The selected profile; nil for a bare role ARN.
        var profile: Profile?
        var region: String?
        /// The cache around the sources, hops outermost.
        var source: any CredentialSource
        /// The source inside the cache.
        var uncached: any CredentialSource {
            (source as? CachedCredentials)?.source ?? source
        }
    }

    /// The chain of sources for `spec`: the base the profile resolves to (or the
    /// environment's keys, for a bare ARN and `--chain`); for long-term keys on their own, a
    /// session of them; an MFA session before the first role where one serves; each role
    /// wrapping the one before; and the cache around it all.
    func chain(for spec: AssumeSpec, useCache: Bool = true) throws -> Chain {
        let role: String, profile: Profile?, region: String?
        var base: any CredentialSource
        var hops: [RoleHop]
        if let arn = spec.roleARN {
            (role, profile, region) = (Self.roleName(of: arn), nil, spec.region ?? regionOfUnsetProfile())
            base = try environmentCredentials(why: "a bare role ARN is assumed from the environment")
            hops = [RoleHop(profile: "", roleARN: arn)]
        } else {
            let name = spec.profile ?? ""
            let resolved = try ProfileResolver(config: config, environment: baseEnvironment).resolve(profileNamed: name)
            for warning in resolved.warnings {
                // A value may run over several lines: escaped, the warning stays one.
                context.standardError("rolesh: warning: \(warning.escapingControlCharacters)\n")
            }
            (role, profile, region) = (name, resolved.profile, spec.region ?? resolved.profile.region ?? regionOfUnsetProfile())
            (base, hops) = (resolved.base, resolved.hops)
            if spec.chain {
                guard let last = hops.last else { throw AssumeError.chainNeedsRole(profile: name) }
                base = try environmentCredentials(why: "--chain assumes from the environment")
                hops = [last]
            }
        }
        // A role of its own (IAM Identity Center, web identity) is no AssumeRole call.
        if hops.isEmpty, base.kind == .role, let flag = Self.assumeRoleFlag(in: spec) {
            throw AssumeError.flagNeedsRole(flag: flag, profile: role)
        }
        let sts = STSConnection { [self] in try stsClient(profile: profile, region: region) }
        var requests = hops.enumerated().map { index, hop in hopRequest(hop, last: index == hops.count - 1, spec: spec) }
        var source = base.connected(to: sts)
        if let keys = base as? StaticKeys, keys.kind == .longTermKeys {
            if hops.isEmpty {
                // Long-term keys never enter a shell: they hand out a session token instead;
                // with MFA, the MFA session.
                let device = (spec.mfaSerial ?? profile?.mfaSerial).map {
                    MFADevice(serialNumber: $0, profile: keys.profile, process: profile?.mfaProcess)
                }
                source = SessionToken(keys: keys, device: device, durationSeconds: spec.durationSeconds, sts: sts)
            } else if let device = mfaSessionDevice(hops[0], request: requests[0]) {
                source = SessionToken(keys: keys, device: device, durationSeconds: nil, sts: sts)
                // The session proves the device.
                requests[0].serialNumber = nil
            }
        }
        for (hop, request) in zip(hops, requests) {
            let device = request.serialNumber.map {
                MFADevice(serialNumber: $0, profile: hop.profile.isEmpty ? nil : hop.profile, process: hop.mfaProcess)
            }
            source = AssumeRoleHop(source: source, request: request, device: device, sts: sts, profile: hop.profile)
        }
        // The last hop's role, or a web identity's (a role of its own, which the profile names).
        let roleARN = source.assumedRoleARN
        source = CachedCredentials(source: source, cache: CredentialCache(environment: context.environment), spec: spec,
                                   roleARN: roleARN ?? "", lookup: useCache)
        return Chain(role: role, roleARN: roleARN, profile: profile, region: region, source: source)
    }

    /// The first flag of `spec` that only an AssumeRole call takes, as typed.
    static func assumeRoleFlag(in spec: AssumeSpec) -> String? {
        let given: [(String, Bool)] = [
            ("--duration", spec.durationSeconds != nil), ("--external-id", spec.externalID != nil),
            ("--tag", !spec.tags.isEmpty), ("--transitive-tag", !spec.transitiveTagKeys.isEmpty),
            ("--mfa-serial", spec.mfaSerial != nil), ("--session-name", spec.sessionName != nil),
            ("--source-identity", spec.sourceIdentity != nil), ("--policy-arn", !spec.policyARNs.isEmpty),
        ]
        return given.first { $0.1 }?.0
    }

    /// The MFA device whose session the first role is assumed from, or nil for MFA on the
    /// AssumeRole call itself (the per-role path). The session serves when the first hop
    /// names an mfa_serial and is assumed from long-term keys for at most an hour (STS caps
    /// roles assumed from a session token there), unless `ROLESH_MFA_SESSION=off`.
    func mfaSessionDevice(_ hop: RoleHop, request: AssumeRoleRequest) -> MFADevice? {
        guard let serial = request.serialNumber, request.durationSeconds ?? 0 <= STSLimits.chainedRoleMaximumDuration,
              context.environment["ROLESH_MFA_SESSION"] != "off"
        else { return nil }
        return MFADevice(serialNumber: serial, profile: hop.profile, process: hop.mfaProcess)
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

    /// The AssumeRole request of one hop: the profile's settings, and for the last hop
    /// the command line's flags over them.
    func hopRequest(_ hop: RoleHop, last: Bool, spec: AssumeSpec) -> AssumeRoleRequest {
        var request = AssumeRoleRequest(
            roleARN: hop.roleARN,
            sessionName: (last ? spec.sessionName : nil) ?? hop.roleSessionName ?? defaultSessionName(),
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
                         timeouts: try HTTPTimeouts(environment: environment, within: interaction.networkBudget), now: context.now)
    }

    /// `Prod` for `arn:aws:iam::123456789012:role/team/Prod`.
    static func roleName(of arn: String) -> String {
        arn.split(separator: "/").last.map(String.init) ?? arn
    }

    /// The local user name, in STS's charset and length.
    func defaultSessionName() -> String {
        Self.defaultSessionName(context.environment, userName: context.system.userName())
    }

    /// `USER`, `LOGNAME` or else `userName`, in STS's charset and length.
    static func defaultSessionName(_ environment: [String: String],
                                   userName: @autoclosure () -> String? = SystemFacts.live.userName()) -> String {
        STSLimits.sanitizedSessionName(environment["USER"] ?? environment["LOGNAME"] ?? userName() ?? "rolesh")
    }
}

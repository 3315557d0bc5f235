// Where STS calls go, which region they are signed for, and how long they may take
// (DESIGN §7). Pure functions of the environment and the profile's settings.

/// `sts_regional_endpoints`: whether the regions STS first served from its global endpoint
/// still use it (`legacy`), or their own (`regional`).
enum STSRegionalEndpoints: String, Sendable {
    case regional, legacy
}

/// `use_fips_endpoint` and `use_dualstack_endpoint`: which of a service's hosts to call.
struct EndpointVariant: Equatable, Sendable {
    var fips: Bool
    var dualStack: Bool

    init(fips: Bool = false, dualStack: Bool = false) {
        self.fips = fips
        self.dualStack = dualStack
    }

    /// `AWS_USE_FIPS_ENDPOINT` and `AWS_USE_DUALSTACK_ENDPOINT`, else the profile's
    /// `use_fips_endpoint` and `use_dualstack_endpoint`. As in botocore, a setting is on when
    /// it is `true` in any case, and a variable that is set decides even when it is empty.
    init(environment: [String: String], profile: Profile?) {
        func isOn(_ variable: String, _ key: String?) -> Bool {
            (environment[variable] ?? key)?.lowercased() == "true"
        }
        self.init(fips: isOn("AWS_USE_FIPS_ENDPOINT", profile?.useFIPSEndpoint),
                  dualStack: isOn("AWS_USE_DUALSTACK_ENDPOINT", profile?.useDualStackEndpoint))
    }
}

/// The services whose hosts rolesh works out: STS, and IAM Identity Center's OIDC
/// (`sso-oidc`) and portal (`sso`) services.
enum EndpointService: Sendable {
    case sts, ssoOIDC, ssoPortal

    /// The host's first labels, as in botocore's endpoint rule set of the service.
    var hostPrefix: (plain: String, fips: String) {
        switch self {
        case .sts: ("sts", "sts-fips")
        case .ssoOIDC: ("oidc", "oidc-fips")
        case .ssoPortal: ("portal.sso", "portal.sso-fips")
        }
    }

    /// The variable that overrides the endpoint of this service alone.
    var endpointVariable: String {
        switch self {
        case .sts: "AWS_ENDPOINT_URL_STS"
        case .ssoOIDC: "AWS_ENDPOINT_URL_SSO_OIDC"
        case .ssoPortal: "AWS_ENDPOINT_URL_SSO"
        }
    }
}

/// Picks the STS endpoint and region the way the AWS CLI does.
enum STSEndpointResolver {
    /// The endpoint, first that is set: `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the
    /// `[services x]` section's `sts` `endpoint_url`, the profile's `endpoint_url`, then the
    /// host botocore's STS rules give for the region, its partition and `variant` (FIPS,
    /// dual-stack). The global one, signed for us-east-1, when no region is known, for the
    /// pseudo-region `aws-global`, and with `sts_regional_endpoints = legacy` for the regions
    /// STS first served from it (unless FIPS or dual-stack is asked for). Checked against
    /// botocore in STSEndpointBotocoreTests. `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` skips
    /// every configured URL, as in botocore; a configured URL wins over FIPS and dual-stack.
    /// A configured URL without a region is signed for us-east-1 (botocore refuses it).
    /// Throws when the partition has no such host.
    static func resolve(
        environment: [String: String], servicesEndpointURL: String?, profileEndpointURL: String?, region: String?,
        regionalEndpoints: STSRegionalEndpoints = .regional, variant: EndpointVariant = EndpointVariant()
    ) throws -> STSEndpoint {
        // botocore takes a missing region for aws-global, STS's partition endpoint.
        let given = region.flatMap(nonEmpty)
        let (region, variant) = withoutFIPSPseudoRegion(given ?? "aws-global", variant)
        let partition = try Partition(region: region, checking: variant)
        if let url = configuredURL(.sts, environment: environment, servicesEndpointURL: servicesEndpointURL,
                                   profileEndpointURL: profileEndpointURL) {
            return STSEndpoint(url: url, signingRegion: given == nil ? "us-east-1" : region)
        }
        if !variant.fips && !variant.dualStack
            && (region == "aws-global" || (regionalEndpoints == .legacy && isLegacyGlobalRegion(region))) {
            return STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1")
        }
        return STSEndpoint(url: regionalURL(.sts, region: region, partition: partition, variant: variant),
                           signingRegion: region == "aws-global" ? "us-east-1" : region)
    }

    /// The URL of IAM Identity Center's OIDC or portal service for `region` (the `sso_region`):
    /// `AWS_ENDPOINT_URL_SSO_OIDC` or `AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL`, the
    /// `[services x]` section's `sso_oidc` or `sso` `endpoint_url`, the profile's
    /// `endpoint_url`, then the host of botocore's sso-oidc and sso rules (checked against
    /// botocore in STSEndpointBotocoreTests). `region` goes into a host name: check it with
    /// `STSLimits.validateRegion` first.
    static func identityCenterURL(
        _ service: EndpointService, environment: [String: String], servicesEndpointURL: String?, profileEndpointURL: String?,
        region: String, variant: EndpointVariant
    ) throws -> String {
        let (region, variant) = withoutFIPSPseudoRegion(region, variant)
        let partition = try Partition(region: region, checking: variant)
        return configuredURL(service, environment: environment, servicesEndpointURL: servicesEndpointURL,
                             profileEndpointURL: profileEndpointURL)
            ?? regionalURL(service, region: region, partition: partition, variant: variant)
    }

    /// The first configured endpoint URL that is set, unless
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`.
    static func configuredURL(_ service: EndpointService, environment: [String: String], servicesEndpointURL: String?,
                              profileEndpointURL: String?) -> String? {
        guard environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() != "true" else { return nil }
        for url in [environment[service.endpointVariable], environment["AWS_ENDPOINT_URL"], servicesEndpointURL, profileEndpointURL] {
            if let url, !url.isEmpty { return url }
        }
        return nil
    }

    /// botocore turns the old pseudo-regions `us-east-1-fips` and `fips-us-east-1` into the
    /// region with FIPS on.
    static func withoutFIPSPseudoRegion(_ region: String, _ variant: EndpointVariant) -> (String, EndpointVariant) {
        let bytes = Array(region.utf8)
        let plain = removingEvery(Array("-fips".utf8), from: removingEvery(Array("fips-".utf8), from: bytes))
        guard plain.count != bytes.count else { return (region, variant) }
        return (String(decoding: plain, as: UTF8.self), EndpointVariant(fips: true, dualStack: variant.dualStack))
    }

    /// `bytes` without each occurrence of `piece`, found left to right: Python's `replace(piece, "")`.
    private static func removingEvery(_ piece: [UInt8], from bytes: [UInt8]) -> [UInt8] {
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes.count - index >= piece.count && bytes[index..<index + piece.count].elementsEqual(piece) {
                index += piece.count
            } else {
                kept.append(bytes[index])
                index += 1
            }
        }
        return kept
    }

    /// The service's host in `region`, as the rule sets of botocore's sts, sso and sso-oidc
    /// build it: `-fips` after the first label for FIPS (in GovCloud every host is FIPS
    /// already), the partition's dual-stack suffix for dual-stack.
    static func regionalURL(_ service: EndpointService, region: String, partition: Partition, variant: EndpointVariant) -> String {
        let prefix = service.hostPrefix
        let host = switch (variant.fips, variant.dualStack) {
        case (true, true): "\(prefix.fips).\(region).\(partition.dualStackDNSSuffix)"
        case (true, false) where partition.name == "aws-us-gov": "\(prefix.plain).\(region).amazonaws.com"
        case (true, false): "\(prefix.fips).\(region).\(partition.dnsSuffix)"
        case (false, true): "\(prefix.plain).\(region).\(partition.dualStackDNSSuffix)"
        case (false, false): "\(prefix.plain).\(region).\(partition.dnsSuffix)"
        }
        return "https://\(host)"
    }

    /// The regions whose STS calls went to sts.amazonaws.com before regional endpoints, and
    /// still do with `sts_regional_endpoints = legacy`.
    static let legacyGlobalRegions: [String] = [
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1",
        "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ]

    static func isLegacyGlobalRegion(_ region: String) -> Bool {
        legacyGlobalRegions.contains(region)
    }

    /// `sts_regional_endpoints`: `AWS_STS_REGIONAL_ENDPOINTS`, then the profile's setting,
    /// else regional (botocore's default). As in botocore, a variable that is set decides even
    /// when it is empty, and an empty setting means regional. Anything else than `legacy` or
    /// `regional` is refused, as botocore refuses it.
    static func regionalEndpoints(environment: [String: String], profile: Profile?) throws -> STSRegionalEndpoints {
        let fromEnvironment = environment["AWS_STS_REGIONAL_ENDPOINTS"]
        guard let setting = fromEnvironment ?? profile?.stsRegionalEndpoints, !setting.isEmpty else { return .regional }
        if let value = STSRegionalEndpoints(rawValue: setting) { return value }
        let quoted = "\"\(setting.escapingControlCharacters)\""
        throw STSError.invalidInput(fromEnvironment != nil
            ? "AWS_STS_REGIONAL_ENDPOINTS=\(quoted) is not an option: set it to legacy or regional, or unset it"
            : "sts_regional_endpoints = \(quoted) in profile \"\(profile?.name ?? "")\" is not an option: use legacy or regional")
    }

    /// The region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's `region`.
    static func region(environment: [String: String], profileRegion: String?) -> String? {
        [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"], profileRegion].lazy.compactMap { $0.flatMap(nonEmpty) }.first
    }

    /// An empty setting counts as unset, as in botocore.
    private static func nonEmpty(_ value: String) -> String? {
        value.isEmpty ? nil : value
    }
}

extension Partition {
    /// The partition of `region`, when it has the hosts `variant` asks for. botocore refuses
    /// a variant before it looks at a configured endpoint URL (it consults its endpoints.json
    /// first), so this check comes first too.
    init(region: String, checking variant: EndpointVariant) throws {
        self.init(region: region)
        if variant.fips && !supportsFIPS {
            throw STSError.invalidInput(refusal("FIPS", "AWS_USE_FIPS_ENDPOINT or use_fips_endpoint", region))
        }
        if variant.dualStack && refusesDualStack(region: region) {
            throw STSError.invalidInput(refusal("dual-stack", "AWS_USE_DUALSTACK_ENDPOINT or use_dualstack_endpoint", region))
        }
    }

    private func refusal(_ kind: String, _ settings: String, _ region: String) -> String {
        "AWS offers no \(kind) endpoints in region \(region) (partition \(name)); turn off \(settings), or pick another region"
    }
}

extension HTTPTimeouts {
    /// The timeouts set by `ROLESH_CONNECT_TIMEOUT` and `ROLESH_TIMEOUT` (seconds, default 5
    /// and 30). `ROLESH_TIMEOUT` bounds a whole STS call, retries included.
    init(environment: [String: String]) throws {
        let defaults = HTTPTimeouts()
        self.init(
            connect: try Self.seconds(environment, "ROLESH_CONNECT_TIMEOUT") ?? defaults.connect,
            total: try Self.seconds(environment, "ROLESH_TIMEOUT") ?? defaults.total)
    }

    /// The configured timeouts, each at most `budget`'s when there is one (the prompt hook's
    /// refresh). Under a budget, a variable that is no number of seconds is the budget's:
    /// the prompt must not fail on it.
    init(environment: [String: String], within budget: HTTPTimeouts?) throws {
        guard let budget else {
            try self.init(environment: environment)
            return
        }
        let configured = (try? HTTPTimeouts(environment: environment)) ?? budget
        self.init(connect: min(configured.connect, budget.connect), total: min(configured.total, budget.total))
    }

    private static func seconds(_ environment: [String: String], _ name: String) throws -> Double? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let seconds = Double(text), seconds.isFinite, seconds > 0 else {
            throw STSError.invalidInput("\(name)=\"\(text)\" is not a number of seconds: set it to e.g. 30, or unset it")
        }
        return seconds
    }
}

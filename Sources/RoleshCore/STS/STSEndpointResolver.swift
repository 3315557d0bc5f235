// Where STS calls go, which region they are signed for, and how long they may take
// (DESIGN §7). Pure functions of the environment and the profile's settings.

/// `sts_regional_endpoints`: whether the regions STS first served from its global endpoint
/// still use it (`legacy`), or their own (`regional`).
public enum STSRegionalEndpoints: String, Sendable {
    case regional, legacy
}

/// Picks the STS endpoint and region the way the AWS CLI does.
public enum STSEndpointResolver {
    /// The endpoint, first that is set: `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the
    /// `[services x]` section's `sts` `endpoint_url`, the profile's `endpoint_url`, then the
    /// regional endpoint. The global one, signed for us-east-1, when no region is known, for
    /// the pseudo-region `aws-global`, and with `sts_regional_endpoints = legacy` for the
    /// regions STS first served from it (botocore's STS endpoint rules, checked against
    /// botocore in STSEndpointBotocoreTests). `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true`
    /// skips every configured URL, as in botocore.
    public static func resolve(
        environment: [String: String], servicesEndpointURL: String?, profileEndpointURL: String?, region: String?,
        regionalEndpoints: STSRegionalEndpoints = .regional
    ) -> STSEndpoint {
        let region = region.flatMap(nonEmpty)
        let signingRegion = region ?? "us-east-1"
        let ignoresConfigured = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
        let configured = [environment["AWS_ENDPOINT_URL_STS"], environment["AWS_ENDPOINT_URL"], servicesEndpointURL, profileEndpointURL]
        if !ignoresConfigured, let url = configured.lazy.compactMap({ $0.flatMap(nonEmpty) }).first {
            return STSEndpoint(url: url, signingRegion: signingRegion)
        }
        let global = STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1")
        guard let region, region != "aws-global" else { return global }
        if regionalEndpoints == .legacy && legacyGlobalRegions.contains(region) { return global }
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return STSEndpoint(url: "https://sts.\(region).\(domain)", signingRegion: region)
    }

    /// The regions whose STS calls went to sts.amazonaws.com before regional endpoints, and
    /// still do with `sts_regional_endpoints = legacy`.
    static let legacyGlobalRegions: Set<String> = [
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1",
        "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ]

    /// `sts_regional_endpoints`: `AWS_STS_REGIONAL_ENDPOINTS`, then the profile's setting,
    /// else regional (botocore's default). Anything else than `legacy` or `regional` is
    /// refused, as botocore refuses it.
    public static func regionalEndpoints(environment: [String: String], profile: Profile?) throws -> STSRegionalEndpoints {
        let fromEnvironment = environment["AWS_STS_REGIONAL_ENDPOINTS"].flatMap(nonEmpty)
        guard let setting = fromEnvironment ?? profile?.stsRegionalEndpoints.flatMap(nonEmpty) else { return .regional }
        if let value = STSRegionalEndpoints(rawValue: setting) { return value }
        let quoted = "\"\(setting.escapingControlCharacters)\""
        throw STSError.invalidInput(fromEnvironment != nil
            ? "AWS_STS_REGIONAL_ENDPOINTS=\(quoted) is not an option: set it to legacy or regional, or unset it"
            : "sts_regional_endpoints = \(quoted) in profile \"\(profile?.name ?? "")\" is not an option: use legacy or regional")
    }

    /// The region: `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's `region`.
    public static func region(environment: [String: String], profileRegion: String?) -> String? {
        [environment["AWS_REGION"], environment["AWS_DEFAULT_REGION"], profileRegion].lazy.compactMap { $0.flatMap(nonEmpty) }.first
    }

    /// An empty setting counts as unset, as in botocore.
    private static func nonEmpty(_ value: String) -> String? {
        value.isEmpty ? nil : value
    }
}

extension HTTPTimeouts {
    /// The timeouts set by `ROLESH_CONNECT_TIMEOUT` and `ROLESH_TIMEOUT` (seconds, default 5
    /// and 30). `ROLESH_TIMEOUT` bounds a whole STS call, retries included.
    public init(environment: [String: String]) throws {
        let defaults = HTTPTimeouts()
        self.init(
            connect: try Self.seconds(environment, "ROLESH_CONNECT_TIMEOUT") ?? defaults.connect,
            total: try Self.seconds(environment, "ROLESH_TIMEOUT") ?? defaults.total)
    }

    private static func seconds(_ environment: [String: String], _ name: String) throws -> Double? {
        guard let text = environment[name], !text.isEmpty else { return nil }
        guard let seconds = Double(text), seconds.isFinite, seconds > 0 else {
            throw STSError.invalidInput("\(name)=\"\(text)\" is not a number of seconds: set it to e.g. 30, or unset it")
        }
        return seconds
    }
}

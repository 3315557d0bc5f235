// Where STS calls go, which region they are signed for, and how long they may take
// (DESIGN §7). Pure functions of the environment and the profile's settings.

/// Picks the STS endpoint and region the way the AWS CLI does.
public enum STSEndpointResolver {
    /// The endpoint, first that is set: `AWS_ENDPOINT_URL_STS`, `AWS_ENDPOINT_URL`, the
    /// `[services x]` section's `sts` `endpoint_url`, the profile's `endpoint_url`, then the
    /// regional endpoint, or the global one signed for us-east-1 when no region is known.
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` skips every configured URL, as in botocore.
    public static func resolve(
        environment: [String: String], servicesEndpointURL: String?, profileEndpointURL: String?, region: String?
    ) -> STSEndpoint {
        let region = region.flatMap(nonEmpty)
        let signingRegion = region ?? "us-east-1"
        let ignoresConfigured = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
        let configured = [environment["AWS_ENDPOINT_URL_STS"], environment["AWS_ENDPOINT_URL"], servicesEndpointURL, profileEndpointURL]
        if !ignoresConfigured, let url = configured.lazy.compactMap({ $0.flatMap(nonEmpty) }).first {
            return STSEndpoint(url: url, signingRegion: signingRegion)
        }
        guard let region else { return STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: signingRegion) }
        let domain = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        return STSEndpoint(url: "https://sts.\(region).\(domain)", signingRegion: region)
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

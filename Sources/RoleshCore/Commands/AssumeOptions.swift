import FoundationEssentials

/// The assume flags as typed (DESIGN §2), before validation.
package struct AssumeOptions: Equatable, Sendable {
    /// A profile name or a role ARN; nil asks for the picker.
    var target: String?
    var duration: String?
    var sessionName: String?
    var externalID: String?
    var mfaSerial: String?
    var tokenCode: String?
    var sourceIdentity: String?
    /// `KEY=VALUE` each.
    var tags: [String]
    var transitiveTags: [String]
    var policyARNs: [String]
    var region: String?
    var chain: Bool
    var skipCache: Bool
    /// `--replace`: the new frame takes the place of the active one instead of going on top.
    package var replace: Bool

    package init(target: String?, duration: String? = nil, sessionName: String? = nil, externalID: String? = nil,
                mfaSerial: String? = nil, tokenCode: String? = nil, sourceIdentity: String? = nil,
                tags: [String] = [], transitiveTags: [String] = [], policyARNs: [String] = [],
                region: String? = nil, chain: Bool = false, skipCache: Bool = false, replace: Bool = false) {
        self.target = target
        self.duration = duration
        self.sessionName = sessionName
        self.externalID = externalID
        self.mfaSerial = mfaSerial
        self.tokenCode = tokenCode
        self.sourceIdentity = sourceIdentity
        self.tags = tags
        self.transitiveTags = transitiveTags
        self.policyARNs = policyARNs
        self.region = region
        self.chain = chain
        self.skipCache = skipCache
        self.replace = replace
    }

    /// What to assume, with the flags parsed and checked against STS's limits, before any
    /// call is made. A target that looks like a role ARN is a bare ARN; anything else a profile.
    func spec(target: String) throws -> AssumeSpec {
        var spec = target.hasPrefix("arn:") ? AssumeSpec(roleARN: target) : AssumeSpec(profile: target)
        spec.chain = chain
        spec.durationSeconds = try duration.map(STSLimits.parseDuration)
        spec.sessionName = sessionName
        spec.externalID = externalID
        spec.mfaSerial = mfaSerial
        spec.sourceIdentity = sourceIdentity
        spec.tags = try tags.map(Self.parseTag)
        spec.transitiveTagKeys = transitiveTags
        spec.policyARNs = policyARNs
        spec.region = region
        return spec
    }

    static func parseTag(_ text: String) throws -> SessionTag {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw AssumeError.badFlag("--tag \(text) is not KEY=VALUE")
        }
        return SessionTag(key: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
    }
}

/// Failures of assume, refresh, exec and export that are not STS's, the config's or the stack's.
package enum AssumeError: LocalizedError, Equatable {
    case badFlag(String)
    case noTarget
    case noEnvironmentCredentials(String)
    case chainNeedsRole(profile: String)
    /// `refresh --auto` would have to ask for an MFA code.
    case needsMFA(role: String)
    /// `--replace` with `--chain` or a bare ARN, and no keys below the role it replaces.
    case nothingBelowToChainFrom(role: String)
    /// A flag of the AssumeRole call for a profile whose credentials come from elsewhere (an
    /// IAM Identity Center role: GetRoleCredentials takes none of them).
    case flagNeedsRole(flag: String, profile: String)

    package var errorDescription: String? {
        switch self {
        case .badFlag(let message):
            return message
        case .noTarget:
            return "name a profile or a role ARN: rolesh assume PROFILE (rolesh list shows the profiles)"
        case .noEnvironmentCredentials(let why):
            return "\(why), but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set in the environment"
        case .chainNeedsRole(let profile):
            return "--chain needs a profile with role_arn, and \(profile) has none"
        case .nothingBelowToChainFrom(let role):
            return "--replace assumes a bare role ARN or --chain from the credentials below \(role), and there are none; "
                + "leave out --replace to assume it from \(role)'s"
        case .flagNeedsRole(let flag, let profile):
            return "\(flag) applies to an AssumeRole call, and \(profile) is an IAM Identity Center or web identity role that is not "
                + "assumed with one; leave \(flag) out, or give it to a profile with role_arn whose source_profile is \(profile)"
        case .needsMFA(let role):
            return "the credentials of \(role) expire soon and renewing them needs an MFA code; run `rolesh refresh`"
        }
    }
}

import FoundationEssentials

/// What `assume`, `export` and `exec` are asked: the identity (the spec, which a frame keeps
/// for `refresh` and the cache keys by), and how to get it this once (a code is good once,
/// and skipping the cache or replacing the active frame says nothing about the identity).
/// The executable writes its flags onto one; nothing else copies the spec's fields.
package struct AssumeOptions: Equatable, Sendable {
    /// Names neither a profile nor a role ARN when `assume` is to open the picker.
    package var spec: AssumeSpec
    package var tokenCode: String?
    package var skipCache: Bool
    /// `--replace`: the new frame takes the place of the active one instead of going on top.
    package var replace: Bool

    package init(spec: AssumeSpec = AssumeSpec(), tokenCode: String? = nil, skipCache: Bool = false, replace: Bool = false) {
        self.spec = spec
        self.tokenCode = tokenCode
        self.skipCache = skipCache
        self.replace = replace
    }

    /// Assuming `target`: a role ARN when it looks like one, else a profile.
    package init(target: String?, skipCache: Bool = false) {
        self.init(spec: target.map(AssumeSpec.init(target:)) ?? AssumeSpec(), skipCache: skipCache)
    }
}

extension SessionTag {
    /// A `--tag KEY=VALUE` flag.
    package init(flag text: String) throws {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw AssumeError.badFlag("--tag \(text) is not KEY=VALUE")
        }
        self.init(key: String(text[..<equals]), value: String(text[text.index(after: equals)...]))
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

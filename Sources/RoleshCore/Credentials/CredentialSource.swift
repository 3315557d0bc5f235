// Credential sources are providers (as in aws-vault): static keys, the environment's keys, a
// credential process, an IAM Identity Center role, a GetSessionToken session of long-term
// keys, and a role assumed with another source's credentials, which wraps that source. The
// resolver builds the chain from the config; the cache is a decorator around any source.

import FoundationEssentials

/// What kind of keys a source hands out, for the rules that depend on it.
enum CredentialKind: Equatable, Sendable {
    /// An IAM user's keys: a role assumed from them is not a role chain.
    case longTermKeys
    /// A session token's keys (GetSessionToken, or keys with a token written down): STS caps
    /// a role assumed from them at one hour, as it does a chained role.
    case temporaryKeys
    /// Whatever a credential process printed: long-term or temporary, rolesh cannot tell.
    case processOutput
    /// A role's credentials (AssumeRole, IAM Identity Center's GetRoleCredentials): a role
    /// assumed from them is a chained role (one hour at most), and the console takes no
    /// session length for them.
    case role

    /// Whether STS treats a role assumed with such keys as a role chain. A credential
    /// process's output is given the benefit of the doubt: STS says so if it is.
    var makesRoleChain: Bool { self == .temporaryKeys || self == .role }
}

/// Credentials as a source obtained them.
struct Obtained: Sendable {
    var credentials: Credentials
    /// Handed back from a cache rather than from the service just now: the service may
    /// refuse them (revoked, or too old for the role's policy), and new ones may be asked for.
    var reused: Bool
    /// The IAM Identity Center token they were bought with, which a cached copy stays tied to.
    var boundTo: TokenBinding?

    init(_ credentials: Credentials, reused: Bool = false, boundTo: TokenBinding? = nil) {
        self.credentials = credentials
        self.reused = reused
        self.boundTo = boundTo
    }
}

/// The token file credentials were bought with and the fingerprint of the token then in it:
/// cached credentials serve only while the file still holds that token (not after a sign-out,
/// nor after a sign-in as someone else). Checked by reading the file at its path, so that a
/// cache hit needs no SHA-1 of the file's key, and no libcrypto.
struct TokenBinding: Equatable, Sendable {
    var path: String
    var fingerprint: String

    init(path: String, fingerprint: String) {
        self.path = path
        self.fingerprint = fingerprint
    }

    /// Whether the file still holds the token.
    func holds() -> Bool {
        (try? SSOTokenCache.read(path: path))??.fingerprint == fingerprint
    }
}

/// One source of credentials.
protocol CredentialSource: Sendable {
    var kind: CredentialKind { get }

    /// What the credentials stand for, never a secret: the profile, the access key id or the
    /// token they come from, and each role on the way. Cache entries are keyed by it, so
    /// credentials of another identity are never handed out for these.
    func identity() throws -> String

    /// Checks every setting against the service's limits, this source's and those it is
    /// made from, before the first call or question of a retrieval.
    func validate() throws

    /// New credentials, under the policy of `retrieval`.
    func credentials(_ retrieval: Retrieval) throws -> Obtained

    /// The role the credentials are of, where the source names it before any call (the role
    /// an AssumeRole hop or a web identity assumes); nil for keys, and for an IAM Identity
    /// Center role, whose ARN no answer gives.
    var assumedRoleARN: String? { get }
    /// The source whose credentials the role is assumed with (an AssumeRole hop's).
    var assumedWith: (any CredentialSource)? { get }
    /// The keys the source holds without a call (a profile's static keys, and those a
    /// session token is made from): `whoami` asks STS whose they are without a session.
    var heldKeys: Credentials? { get }
    /// The source with its chain's STS connection, for a source that calls STS itself but
    /// is resolved from the config before the connection exists (a web identity).
    func connected(to sts: STSConnection) -> any CredentialSource
}

extension CredentialSource {
    func validate() throws {}
    var assumedRoleARN: String? { nil }
    var assumedWith: (any CredentialSource)? { nil }
    var heldKeys: Credentials? { nil }
    func connected(to sts: STSConnection) -> any CredentialSource { self }
}

/// What sources may use while they obtain the credentials of one command: the world, the
/// interaction policy and the MFA codes of this run.
struct Retrieval {
    let context: RoleshContext
    let interaction: Interaction
    /// Hands out the codes of this run: `--token-code` serves the first device asked.
    let codes: MFACodes
    /// The expiry (whole epoch seconds) of the credentials a refresh replaces: the source
    /// asked must not hand back credentials that expire no later. Sources asked for the keys
    /// they are made from are asked without it.
    private(set) var outliving: Int?
    /// False once the service refused cached session credentials: sources then make new ones.
    private(set) var reuseSessions = true

    init(context: RoleshContext, interaction: Interaction, tokenCode: String? = nil, role: String,
         outliving: Int? = nil) {
        self.context = context
        self.interaction = interaction
        self.codes = MFACodes(given: tokenCode, context: context, interactive: interaction.mayAsk, role: role)
        self.outliving = outliving
    }

    /// The retrieval of the keys a source is made from: they replace nothing themselves.
    func inner() -> Retrieval {
        var inner = self
        inner.outliving = nil
        return inner
    }

    /// As `inner`, but cached sessions are not handed out.
    func withoutReusedSessions() -> Retrieval {
        var inner = inner()
        inner.reuseSessions = false
        return inner
    }

    /// Whether handing out `credentials` renews those that expire at `outliving`.
    func renews(_ credentials: Credentials) -> Bool {
        guard let current = outliving else { return true }
        return credentials.expiration.map { Int($0.timeIntervalSince1970) > current } ?? false
    }
}

/// The STS client of a chain, made on first use: a cache hit never resolves an endpoint.
final class STSConnection: @unchecked Sendable {
    private let make: () throws -> STSClient
    private var made: STSClient?

    init(_ make: @escaping () throws -> STSClient) {
        self.make = make
    }

    func client() throws -> STSClient {
        if let made { return made }
        let client = try make()
        made = client
        return client
    }
}

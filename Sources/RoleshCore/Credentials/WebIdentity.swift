// A role assumed with a web identity token (OIDC: EKS service accounts, GitHub Actions, GitLab
// CI): AssumeRoleWithWebIdentity, an unsigned STS call whose proof is the token in a file.
// The file is read at every fetch, since whoever writes it rotates it.
//
// Where the settings come from follows botocore's AssumeRoleWithWebIdentityProvider: a
// profile's `web_identity_token_file`, `role_arn` and `role_session_name`; and, only where no
// profile was named explicitly, `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and
// `AWS_ROLE_SESSION_NAME`, each over the profile's key of the same meaning. rolesh names its
// profiles explicitly (`assume PROFILE` is `aws --profile PROFILE`), so the variables serve
// what has no profile: `whoami` and a bare role ARN or `--chain` assumed from the environment
// when it holds no keys.

import FoundationEssentials

/// The role a web identity token file proves the right to.
struct WebIdentity: CredentialSource {
    /// The profile the settings come from; empty for the environment's variables.
    var profile: String
    var roleARN: String
    var tokenFile: String
    var sessionName: String
    /// The STS client of the chain (the selected profile's endpoint settings), set by the
    /// assumer; nil until then.
    var sts: STSConnection?

    init(profile: String, roleARN: String, tokenFile: String, sessionName: String) {
        self.profile = profile
        self.roleARN = roleARN
        self.tokenFile = tokenFile
        self.sessionName = sessionName
    }

    var kind: CredentialKind { .role }
    var assumedRoleARN: String? { roleARN }

    func connected(to sts: STSConnection) -> any CredentialSource {
        calling(sts)
    }

    /// The role, the token file's path and the session name. Not the token: it rotates, and a
    /// rotated token is the same identity, whose cached credentials stay good.
    func identity() -> String {
        "web-identity:\(profile):\(roleARN):\(tokenFile):\(sessionName)"
    }

    func validate() throws {
        try STSLimits.validateRoleARN(roleARN)
        try STSLimits.validateSessionName(sessionName)
    }

    /// This source, calling STS through `sts`.
    func calling(_ sts: STSConnection) -> WebIdentity {
        var source = self
        source.sts = sts
        return source
    }

    func credentials(_ retrieval: Retrieval) throws -> Obtained {
        guard let sts else { throw WebIdentityError.noSTSClient }
        let request = WebIdentityRequest(roleARN: roleARN, sessionName: sessionName, webIdentityToken: try token())
        return Obtained(try sts.client().assumeRoleWithWebIdentity(request).credentials)
    }

    /// The token as the file holds it now, sent as botocore sends it: the whole file.
    func token() throws -> String {
        let bytes: [UInt8]
        do {
            bytes = try readForeignFile(tokenFile)
        } catch {
            throw WebIdentityError.unreadableToken(file: tokenFile, origin: origin, reason: error.reason)
        }
        guard !bytes.isEmpty else { throw WebIdentityError.emptyToken(file: tokenFile, origin: origin) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Where the token file was named, for error messages.
    private var origin: String {
        profile.isEmpty ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "web_identity_token_file of profile \"\(profile)\""
    }

    // MARK: Settings

    /// The source a profile's own keys describe: `web_identity_token_file` set (and not empty,
    /// as botocore requires), with `role_arn`. Nil when the profile has no token file.
    static func fromProfile(_ entries: [String: String], profile: String,
                            defaultSessionName: String) throws(ConfigError) -> WebIdentity? {
        try settings(profile: profile, lookup: { entries[$0] }, defaultSessionName: defaultSessionName)
    }

    /// The source botocore finds where no profile is named: each of `AWS_WEB_IDENTITY_TOKEN_FILE`,
    /// `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME` over the selected profile's key (`entries`,
    /// empty when that profile does not exist). Nil when neither names a token file.
    static func fromEnvironment(_ environment: [String: String], profileEntries entries: [String: String],
                                defaultSessionName: String) throws(ConfigError) -> WebIdentity? {
        let variables = ["web_identity_token_file": "AWS_WEB_IDENTITY_TOKEN_FILE", "role_arn": "AWS_ROLE_ARN",
                         "role_session_name": "AWS_ROLE_SESSION_NAME"]
        guard environment["AWS_WEB_IDENTITY_TOKEN_FILE"].map({ !$0.isEmpty }) == true else { return nil }
        return try settings(profile: "", lookup: { key in variables[key].flatMap { environment[$0] } ?? entries[key] },
                            defaultSessionName: defaultSessionName)
    }

    private static func settings(profile: String, lookup: (String) -> String?,
                                 defaultSessionName: String) throws(ConfigError) -> WebIdentity? {
        guard let file = lookup("web_identity_token_file"), !file.isEmpty else { return nil }
        guard let roleARN = lookup("role_arn"), !roleARN.isEmpty else { throw .webIdentityWithoutRoleARN(profile: profile) }
        return WebIdentity(profile: profile, roleARN: roleARN, tokenFile: file,
                           sessionName: lookup("role_session_name") ?? defaultSessionName)
    }
}

extension RoleAssumer {
    /// The credentials now in the environment, as botocore's chain finds them where no profile
    /// is named: its keys; without keys, its web identity variables (`AWS_WEB_IDENTITY_TOKEN_FILE`,
    /// `AWS_ROLE_ARN`, `AWS_ROLE_SESSION_NAME`), as in a CI job or a pod.
    func environmentCredentials(why: String) throws -> any CredentialSource {
        if chainEnvironment[ManagedVariable.accessKeyID] == nil, let web = try environmentWebIdentity(chainEnvironment) {
            return web
        }
        return EnvironmentKeys(chainEnvironment, why: why)
    }

    /// The web identity `environment`'s variables describe, over the keys of the profile it
    /// selects (botocore reads each from either); nil without AWS_WEB_IDENTITY_TOKEN_FILE.
    func environmentWebIdentity(_ environment: [String: String]) throws -> WebIdentity? {
        let selected = ProfileResolver.selectedProfileName(environment: environment)
        let entries = (config.mergedEntries(forProfile: selected) ?? [:]).compactMapValues { $0.value.text }
        return try WebIdentity.fromEnvironment(environment, profileEntries: entries,
                                               defaultSessionName: defaultSessionName())
    }
}

/// A web identity source that cannot make its call.
enum WebIdentityError: LocalizedError, Equatable {
    case unreadableToken(file: String, origin: String, reason: String)
    case emptyToken(file: String, origin: String)
    /// A source used outside a chain the assumer built (a programming error, said plainly).
    case noSTSClient

    var errorDescription: String? {
        switch self {
        case .unreadableToken(let file, let origin, let reason):
            return "cannot read the web identity token file \(file) (\(origin)): \(reason)".escapingControlCharacters
        case .emptyToken(let file, let origin):
            return "the web identity token file \(file) (\(origin)) is empty; whatever writes the token has not written it yet"
                .escapingControlCharacters
        case .noSTSClient:
            return "internal error: a web identity source was asked for credentials without an STS client"
        }
    }
}

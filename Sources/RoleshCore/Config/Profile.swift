// What the config files say about one profile, after botocore's merge of
// ~/.aws/config and ~/.aws/credentials, and what a profile resolves to.

/// Where a line came from, so errors can name file and line.
public struct SourceLocation: Equatable, Sendable {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
}

/// One named profile, its keys as written (botocore: keys lower-cased, values verbatim).
public struct Profile: Equatable, Sendable {
    public var name: String
    public var roleARN: String?
    public var sourceProfile: String?
    public var credentialSource: String?
    public var mfaSerial: String?
    /// aws-vault's `mfa_process`: a command line whose output is the MFA code.
    public var mfaProcess: String?
    public var externalID: String?
    public var roleSessionName: String?
    public var durationSeconds: Int?
    public var region: String?
    public var credentialProcess: String?
    public var endpointURL: String?
    public var stsRegionalEndpoints: String?
    public var useFIPSEndpoint: String?
    public var useDualStackEndpoint: String?
    /// `ignore_configured_endpoint_urls`, as written (botocore: true when it is `true` in any case).
    public var ignoreConfiguredEndpointURLs: String?
    /// The name of a `[services NAME]` section, whose `sts` sub-section may give an endpoint.
    public var services: String?
    public var accessKeyID: String?
    public var secretAccessKey: String?
    public var sessionToken: String?
    /// Where the profile's section starts, for error messages.
    public var location: SourceLocation?
    /// Settings botocore ignores and rolesh therefore ignores too, each a line for stderr
    /// that names file and line (`duration_seconds = abc`).
    public var warnings: [String] = []

    public init(name: String) {
        self.name = name
    }
}

/// One AssumeRole step of a chain, with the settings of the profile that asks for it.
public struct RoleHop: Equatable, Sendable {
    public var profile: String
    public var roleARN: String
    public var externalID: String?
    public var mfaSerial: String?
    public var roleSessionName: String?
    public var durationSeconds: Int?
    /// The `mfa_process` of the hop's profile, which gives the code for `mfaSerial`.
    public var mfaProcess: String?

    public init(profile: String, roleARN: String, externalID: String? = nil, mfaSerial: String? = nil,
                roleSessionName: String? = nil, durationSeconds: Int? = nil, mfaProcess: String? = nil) {
        self.profile = profile
        self.roleARN = roleARN
        self.externalID = externalID
        self.mfaSerial = mfaSerial
        self.roleSessionName = roleSessionName
        self.durationSeconds = durationSeconds
        self.mfaProcess = mfaProcess
    }
}

/// A profile resolved hop by hop: the source of the first credentials, then the roles to
/// assume in order (empty for a profile whose own source gives its credentials).
public struct RoleChain: Sendable {
    public var profile: Profile
    public var base: any CredentialSource
    public var hops: [RoleHop]
    /// The warnings of every profile on the chain, in the order they were read.
    public var warnings: [String]

    public init(profile: Profile, base: any CredentialSource, hops: [RoleHop], warnings: [String] = []) {
        self.profile = profile
        self.base = base
        self.hops = hops
        self.warnings = warnings
    }
}

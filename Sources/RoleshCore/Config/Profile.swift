// What the config files say about one profile, after botocore's merge of
// ~/.aws/config and ~/.aws/credentials, and what a profile resolves to.

/// Where a line came from, so errors can name file and line.
package struct SourceLocation: Equatable, Sendable {
    var file: String
    var line: Int

    init(file: String, line: Int) {
        self.file = file
        self.line = line
    }
}

/// One named profile, its keys as written (botocore: keys lower-cased, values verbatim).
package struct Profile: Equatable, Sendable {
    var name: String
    var roleARN: String?
    var sourceProfile: String?
    var credentialSource: String?
    var mfaSerial: String?
    /// aws-vault's `mfa_process`: a command line whose output is the MFA code.
    var mfaProcess: String?
    var externalID: String?
    var roleSessionName: String?
    var durationSeconds: Int?
    var region: String?
    var credentialProcess: String?
    var endpointURL: String?
    var stsRegionalEndpoints: String?
    var useFIPSEndpoint: String?
    var useDualStackEndpoint: String?
    /// `ignore_configured_endpoint_urls`, as written (botocore: true when it is `true` in any case).
    var ignoreConfiguredEndpointURLs: String?
    /// The name of a `[services NAME]` section, whose `sts` sub-section may give an endpoint.
    var services: String?
    var accessKeyID: String?
    var secretAccessKey: String?
    var sessionToken: String?
    /// Where the profile's section starts, for error messages.
    var location: SourceLocation?
    /// Settings botocore ignores and rolesh therefore ignores too, each a line for stderr
    /// that names file and line (`duration_seconds = abc`).
    var warnings: [String] = []

    init(name: String) {
        self.name = name
    }
}

/// One AssumeRole step of a chain, with the settings of the profile that asks for it.
struct RoleHop: Equatable, Sendable {
    var profile: String
    var roleARN: String
    var externalID: String?
    var mfaSerial: String?
    var roleSessionName: String?
    var durationSeconds: Int?
    /// The `mfa_process` of the hop's profile, which gives the code for `mfaSerial`.
    var mfaProcess: String?

    init(profile: String, roleARN: String, externalID: String? = nil, mfaSerial: String? = nil,
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
package struct RoleChain: Sendable {
    var profile: Profile
    var base: any CredentialSource
    var hops: [RoleHop]
    /// The warnings of every profile on the chain, in the order they were read.
    var warnings: [String]

    init(profile: Profile, base: any CredentialSource, hops: [RoleHop], warnings: [String] = []) {
        self.profile = profile
        self.base = base
        self.hops = hops
        self.warnings = warnings
    }
}

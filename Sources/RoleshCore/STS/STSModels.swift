import FoundationEssentials

// The values that go into and come out of STS calls. The client (STSClient) turns them
// into signed Query API requests and parses the XML answers back into them.

/// The parameters of one AssumeRole call, named as in DESIGN §2's flags.
public struct AssumeRoleRequest: Equatable, Sendable {
    public var roleARN: String
    public var sessionName: String
    public var durationSeconds: Int?
    public var externalID: String?
    public var serialNumber: String?
    public var tokenCode: String?
    public var sourceIdentity: String?
    public var tags: [SessionTag]
    public var transitiveTagKeys: [String]
    public var policyARNs: [String]
    public var policy: String?

    public init(
        roleARN: String, sessionName: String, durationSeconds: Int? = nil, externalID: String? = nil,
        serialNumber: String? = nil, tokenCode: String? = nil, sourceIdentity: String? = nil,
        tags: [SessionTag] = [], transitiveTagKeys: [String] = [], policyARNs: [String] = [], policy: String? = nil
    ) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.durationSeconds = durationSeconds
        self.externalID = externalID
        self.serialNumber = serialNumber
        self.tokenCode = tokenCode
        self.sourceIdentity = sourceIdentity
        self.tags = tags
        self.transitiveTagKeys = transitiveTagKeys
        self.policyARNs = policyARNs
        self.policy = policy
    }
}

/// The parameters of one AssumeRoleWithWebIdentity call. The token is a secret: it is sent,
/// never printed.
public struct WebIdentityRequest: Equatable, Sendable {
    public var roleARN: String
    public var sessionName: String
    public var webIdentityToken: String
    public var durationSeconds: Int?

    public init(roleARN: String, sessionName: String, webIdentityToken: String, durationSeconds: Int? = nil) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.webIdentityToken = webIdentityToken
        self.durationSeconds = durationSeconds
    }
}

/// A session tag, `--tag Key=Value`.
public struct SessionTag: Equatable, Hashable, Sendable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// The parameters of one GetSessionToken call.
public struct SessionTokenRequest: Equatable, Sendable {
    public var durationSeconds: Int?
    public var serialNumber: String?
    public var tokenCode: String?

    public init(durationSeconds: Int? = nil, serialNumber: String? = nil, tokenCode: String? = nil) {
        self.durationSeconds = durationSeconds
        self.serialNumber = serialNumber
        self.tokenCode = tokenCode
    }
}

/// AssumeRole's answer: temporary credentials and the assumed-role ARN.
public struct AssumedRole: Equatable, Sendable {
    public var credentials: Credentials
    /// e.g. `arn:aws:sts::123456789012:assumed-role/Prod/alice`.
    public var assumedRoleARN: String
    public var assumedRoleID: String

    public init(credentials: Credentials, assumedRoleARN: String, assumedRoleID: String) {
        self.credentials = credentials
        self.assumedRoleARN = assumedRoleARN
        self.assumedRoleID = assumedRoleID
    }
}

/// GetCallerIdentity's answer.
public struct CallerIdentity: Equatable, Sendable {
    public var account: String
    public var arn: String
    public var userID: String

    public init(account: String, arn: String, userID: String) {
        self.account = account
        self.arn = arn
        self.userID = userID
    }
}

/// Where STS requests go and the region they are signed for (DESIGN §7).
public struct STSEndpoint: Equatable, Sendable {
    public var url: String
    public var signingRegion: String

    public init(url: String, signingRegion: String) {
        self.url = url
        self.signingRegion = signingRegion
    }
}

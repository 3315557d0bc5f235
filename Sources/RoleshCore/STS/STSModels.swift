import FoundationEssentials

// The values that go into and come out of STS calls. The client (STSClient) turns them
// into signed Query API requests and parses the XML answers back into them.

/// The parameters of one AssumeRole call, named as in DESIGN §2's flags.
package struct AssumeRoleRequest: Equatable, Sendable {
    var roleARN: String
    var sessionName: String
    var durationSeconds: Int?
    var externalID: String?
    var serialNumber: String?
    var tokenCode: String?
    var sourceIdentity: String?
    var tags: [SessionTag]
    var transitiveTagKeys: [String]
    var policyARNs: [String]
    var policy: String?

    package init(
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
struct WebIdentityRequest: Equatable, Sendable {
    var roleARN: String
    var sessionName: String
    var webIdentityToken: String
    var durationSeconds: Int?

    init(roleARN: String, sessionName: String, webIdentityToken: String, durationSeconds: Int? = nil) {
        self.roleARN = roleARN
        self.sessionName = sessionName
        self.webIdentityToken = webIdentityToken
        self.durationSeconds = durationSeconds
    }
}

/// A session tag, `--tag Key=Value`.
package struct SessionTag: Equatable, Hashable, Sendable {
    var key: String
    var value: String

    init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// The parameters of one GetSessionToken call.
package struct SessionTokenRequest: Equatable, Sendable {
    var durationSeconds: Int?
    var serialNumber: String?
    var tokenCode: String?

    package init(durationSeconds: Int? = nil, serialNumber: String? = nil, tokenCode: String? = nil) {
        self.durationSeconds = durationSeconds
        self.serialNumber = serialNumber
        self.tokenCode = tokenCode
    }
}

/// AssumeRole's answer: temporary credentials and the assumed-role ARN.
package struct AssumedRole: Equatable, Sendable {
    var credentials: Credentials
    /// e.g. `arn:aws:sts::123456789012:assumed-role/Prod/alice`.
    var assumedRoleARN: String
    var assumedRoleID: String

    init(credentials: Credentials, assumedRoleARN: String, assumedRoleID: String) {
        self.credentials = credentials
        self.assumedRoleARN = assumedRoleARN
        self.assumedRoleID = assumedRoleID
    }
}

/// GetCallerIdentity's answer.
package struct CallerIdentity: Equatable, Sendable {
    var account: String
    var arn: String
    var userID: String

    init(account: String, arn: String, userID: String) {
        self.account = account
        self.arn = arn
        self.userID = userID
    }
}

/// Where STS requests go and the region they are signed for (DESIGN §7).
package struct STSEndpoint: Equatable, Sendable {
    var url: String
    var signingRegion: String

    package init(url: String, signingRegion: String) {
        self.url = url
        self.signingRegion = signingRegion
    }
}

// STS's documented limits, checked before any request is sent so that a typo costs no round
// trip and fails with one line naming the limit. Values a user may consider private (MFA
// codes, external IDs, tag values) are never quoted back.

/// The limits of AssumeRole's and GetSessionToken's parameters, and the parsers of the flags
/// that feed them.
package enum STSLimits {
    static let assumeRoleDuration = 900...43200
    /// AWS caps a session assumed with temporary credentials at one hour: role credentials
    /// (role chaining), and GetSessionToken's too (STS then answers "exceeds the 1 hour
    /// session limit for roles assumed by role chaining").
    static let chainedRoleMaximumDuration = 3600
    static let sessionTokenDuration = 900...129600
    static let sessionNameLength = 2...64
    static let maximumTags = 50
    static let tagKeyLength = 1...128
    static let tagValueLength = 0...256
    static let maximumPolicyARNs = 10
    static let policyARNLength = 20...2048
    static let policyLength = 1...2048
    static let externalIDLength = 2...1224
    static let sourceIdentityLength = 2...64
    static let serialNumberLength = 9...256

    /// Checks every parameter of an AssumeRole call; `isRoleChain` when the source
    /// credentials are themselves temporary (a role's or a session token's). `codeToCome`
    /// when the MFA code is still to be asked: the request is checked before the question.
    static func validate(_ request: AssumeRoleRequest, isRoleChain: Bool = false, codeToCome: Bool = false) throws {
        try validateRoleARN(request.roleARN)
        try validateSessionName(request.sessionName)
        if let duration = request.durationSeconds {
            try check(duration, in: assumeRoleDuration, "AssumeRole")
            if isRoleChain, duration > chainedRoleMaximumDuration {
                throw STSError.invalidInput(
                    "duration \(duration) s is too long for a chained role session: at most \(chainedRoleMaximumDuration) s (1h)")
            }
        }
        try validateTags(request.tags, transitiveTagKeys: request.transitiveTagKeys)
        guard request.policyARNs.count <= maximumPolicyARNs else {
            throw STSError.invalidInput("at most \(maximumPolicyARNs) policy ARNs are allowed, \(request.policyARNs.count) given")
        }
        for arn in request.policyARNs where !(policyARNLength.contains(arn.count) && arn.hasPrefix("arn:")) {
            throw STSError.invalidInput("policy ARN \"\(arn)\" is not an ARN of \(policyARNLength.lowerBound)-\(policyARNLength.upperBound) characters")
        }
        if let policy = request.policy, !policyLength.contains(policy.count) {
            throw STSError.invalidInput("the session policy must be \(policyLength.lowerBound)-\(policyLength.upperBound) characters, it has \(policy.count)")
        }
        if let externalID = request.externalID {
            guard externalIDLength.contains(externalID.count), externalID.allSatisfy({ $0.isSTSNameCharacter || $0 == ":" || $0 == "/" }) else {
                throw STSError.invalidInput(
                    "the external ID must be \(externalIDLength.lowerBound)-\(externalIDLength.upperBound) characters of letters, digits and + = , . @ : / _ -")
            }
        }
        if let sourceIdentity = request.sourceIdentity {
            guard sourceIdentityLength.contains(sourceIdentity.count), sourceIdentity.allSatisfy(\.isSTSNameCharacter) else {
                throw STSError.invalidInput(
                    "source identity \"\(sourceIdentity)\" must be \(sourceIdentityLength.lowerBound)-\(sourceIdentityLength.upperBound) characters of letters, digits and + = , . @ _ -")
            }
        }
        try validateMFA(serialNumber: request.serialNumber, tokenCode: request.tokenCode, codeToCome: codeToCome)
    }

    /// Checks the parameters of a GetSessionToken call.
    static func validate(_ request: SessionTokenRequest, codeToCome: Bool = false) throws {
        if let duration = request.durationSeconds {
            try check(duration, in: sessionTokenDuration, "GetSessionToken")
        }
        try validateMFA(serialNumber: request.serialNumber, tokenCode: request.tokenCode, codeToCome: codeToCome)
    }

    /// A region name as botocore accepts it: letters, digits and inner hyphens, at most 63.
    /// The region becomes part of a host name and of the signed scope.
    static func validateRegion(_ region: String) throws {
        let bytes = Array(region.utf8)
        let isAlphanumeric = { (byte: UInt8) in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
        }
        guard (1...63).contains(bytes.count), isAlphanumeric(bytes[0]), isAlphanumeric(bytes[bytes.count - 1]),
              bytes.allSatisfy({ isAlphanumeric($0) || $0 == UInt8(ascii: "-") })
        else {
            throw STSError.invalidInput(
                "\"\(region.escapingControlCharacters)\" is not a region name; set AWS_REGION, the profile's region or --region to one like eu-west-1")
        }
    }

    /// A role session name: 2 to 64 of `[A-Za-z0-9_+=,.@-]`.
    static func validateSessionName(_ name: String) throws {
        guard name.allSatisfy(\.isSTSNameCharacter) else {
            throw STSError.invalidInput("role session name \"\(name)\" may only use letters, digits and + = , . @ _ -")
        }
        guard sessionNameLength.contains(name.count) else {
            throw STSError.invalidInput("role session name \"\(name)\" must be 2-64 characters, it has \(name.count)")
        }
    }

    /// A session name STS accepts, made from a local user name (DESIGN §7): characters outside
    /// STS's set become `-`, a name shorter than 2 gets `rolesh` added, a longer one than 64 is cut.
    static func sanitizedSessionName(_ raw: String) -> String {
        var name = String(raw.map { $0.isSTSNameCharacter ? $0 : "-" })
        if name.count < sessionNameLength.lowerBound {
            name = name.isEmpty ? "rolesh" : name + "-rolesh"
        }
        return String(name.prefix(sessionNameLength.upperBound))
    }

    /// `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME`, ACCOUNT being 12 digits.
    static func validateRoleARN(_ arn: String) throws {
        let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        let isRoleARN = fields.count == 6 && fields[0] == "arn" && fields[1].hasPrefix("aws") && fields[2] == "iam"
            && fields[3].isEmpty && fields[4].count == 12 && fields[4].allSatisfy(\.isASCIIDigit)
            && fields[5].hasPrefix("role/") && fields[5].count > "role/".count && !fields[5].hasSuffix("/")
        guard isRoleARN else {
            throw STSError.invalidInput("\"\(arn)\" is not a role ARN: expected arn:aws:iam::123456789012:role/NAME")
        }
    }

    /// An MFA code: exactly six digits.
    static func validateTokenCode(_ code: String) throws {
        guard code.count == 6, code.allSatisfy(\.isASCIIDigit) else {
            throw STSError.invalidInput("the MFA code must be 6 digits")
        }
    }

    /// Parses a `--duration`: plain seconds (`3600`) or hours, minutes and seconds in that
    /// order, each at most once (`1h`, `45m`, `1h30m`, `90s`). Range checks come later, per call.
    package static func parseDuration(_ text: String) throws -> Int {
        let invalid = STSError.invalidInput("duration \"\(text)\" is not valid: use seconds (3600) or h/m/s units (1h, 45m, 1h30m, 90s)")
        if !text.isEmpty, text.count <= 9, text.allSatisfy(\.isASCIIDigit) { return Int(text)! }
        var seconds = 0
        var digits = ""
        var unitsLeft: [(unit: Character, factor: Int)] = [("h", 3600), ("m", 60), ("s", 1)]
        for character in text {
            if character.isASCIIDigit {
                digits.append(character)
                guard digits.count <= 6 else { throw invalid }
                continue
            }
            guard !digits.isEmpty, let position = unitsLeft.firstIndex(where: { $0.unit == character }) else { throw invalid }
            seconds += Int(digits)! * unitsLeft[position].factor
            unitsLeft.removeFirst(position + 1)
            digits = ""
        }
        guard digits.isEmpty, !text.isEmpty else { throw invalid }
        return seconds
    }

    private static func check(_ duration: Int, in range: ClosedRange<Int>, _ action: String) throws {
        guard range.contains(duration) else {
            throw STSError.invalidInput(
                "duration \(duration) s is outside \(action)'s \(range.lowerBound)-\(range.upperBound) s (\(range.lowerBound / 60)m to \(range.upperBound / 3600)h)")
        }
    }

    private static func validateTags(_ tags: [SessionTag], transitiveTagKeys: [String]) throws {
        guard tags.count <= maximumTags else {
            throw STSError.invalidInput("at most \(maximumTags) session tags are allowed, \(tags.count) given")
        }
        guard transitiveTagKeys.count <= maximumTags else {
            throw STSError.invalidInput("at most \(maximumTags) transitive tag keys are allowed, \(transitiveTagKeys.count) given")
        }
        for key in tags.map(\.key) + transitiveTagKeys where !tagKeyLength.contains(key.unicodeScalars.count) {
            throw STSError.invalidInput("tag key \"\(key.prefix(32))\" must be \(tagKeyLength.lowerBound)-\(tagKeyLength.upperBound) characters")
        }
        for tag in tags where !tagValueLength.contains(tag.value.unicodeScalars.count) {
            throw STSError.invalidInput("the value of tag \"\(tag.key)\" must be at most \(tagValueLength.upperBound) characters")
        }
    }

    private static func validateMFA(serialNumber: String?, tokenCode: String?, codeToCome: Bool) throws {
        if let serialNumber {
            guard serialNumberLength.contains(serialNumber.count),
                  serialNumber.allSatisfy({ $0.isSTSNameCharacter || $0 == ":" || $0 == "/" })
            else { throw STSError.invalidInput("\"\(serialNumber)\" is not an MFA device serial number or ARN") }
            guard tokenCode != nil || codeToCome else { throw STSError.tokenCodeRequired(serialNumber: serialNumber) }
        }
        if let tokenCode {
            guard serialNumber != nil else { throw STSError.invalidInput("an MFA code needs the MFA device's serial number (--mfa-serial)") }
            try validateTokenCode(tokenCode)
        }
    }
}

private extension Character {
    /// STS's `[\w+=,.@-]`, where `\w` is ASCII letters, digits and `_`.
    var isSTSNameCharacter: Bool {
        guard isASCII else { return false }
        return isLetter || isNumber || "_+=,.@-".contains(self)
    }

    var isASCIIDigit: Bool {
        isASCII && isNumber
    }
}

// One AssumeRole step: a role assumed with the credentials of the source it wraps, which may
// itself be a role (a chain), keys, a session, a process or an IAM Identity Center role.

/// The role `request` names, assumed with `source`'s credentials.
struct AssumeRoleHop: CredentialSource {
    var source: any CredentialSource
    var request: AssumeRoleRequest
    /// The device `request.serialNumber` names, with the profile that names it (for the
    /// question and its mfa_process); nil when the call needs no code.
    var device: MFADevice?
    let sts: STSConnection

    var kind: CredentialKind { .role }
    var assumedRoleARN: String? { request.roleARN }
    var assumedWith: (any CredentialSource)? { source }

    /// The profile the hop belongs to (empty for a bare ARN) and its role, after the source's.
    var profile: String

    func identity() throws -> String { try source.identity() + "|\(profile)>\(request.roleARN)" }

    func validate() throws {
        try source.validate()
        try STSLimits.validate(request, isRoleChain: source.kind.makesRoleChain, codeToCome: true)
        _ = try sts.client()
    }

    func credentials(_ retrieval: Retrieval) throws -> Obtained {
        let from = try source.credentials(retrieval.inner())
        var request = request
        if let device { request.tokenCode = try retrieval.codes.code(for: device) }
        let client = try sts.client()
        let isRoleChain = source.kind.makesRoleChain
        do {
            return Obtained(try client.assumeRole(request, credentials: from.credentials, isRoleChain: isRoleChain).credentials)
        } catch let error as STSError where from.reused && Self.refusesSession(error) {
            // Cached session credentials STS no longer takes (revoked, or older than the
            // role's aws:MultiFactorAuthAge allows): new ones, once.
            let fresh = try source.credentials(retrieval.withoutReusedSessions())
            return Obtained(try client.assumeRole(request, credentials: fresh.credentials, isRoleChain: isRoleChain).credentials)
        }
    }

    /// STS's answers to credentials it will not assume a role with any more.
    static func refusesSession(_ error: STSError) -> Bool {
        ["AccessDenied", "ExpiredToken", "InvalidClientTokenId"].contains(error.code ?? "")
    }
}

// GetSessionToken with long-term keys: what a static-key profile hands the shell instead of
// the keys themselves, and, with an MFA device, the session every role that names the same
// device is assumed from (see MFASession).

/// A session of long-term `keys`, proved with `device` when there is one.
struct SessionToken: CredentialSource {
    var keys: StaticKeys
    var device: MFADevice?
    var durationSeconds: Int?
    let sts: STSConnection

    var kind: CredentialKind { .temporaryKeys }
    var heldKeys: Credentials? { keys.keys }

    /// The keys' own: the spec a cache entry is also keyed by tells a session apart from them.
    func identity() -> String { keys.identity() }

    func validate() throws {
        try STSLimits.validate(SessionTokenRequest(durationSeconds: durationSeconds, serialNumber: device?.serialNumber),
                               codeToCome: true)
        _ = try sts.client()
    }

    /// A cached MFA session of the same keys and device is handed back without a call or a
    /// code, unless a length was asked for or it is the very session a refresh replaces; a
    /// new one is cached for the next role that names the device.
    func credentials(_ retrieval: Retrieval) throws -> Obtained {
        let client = try sts.client()
        guard let device else {
            return Obtained(try client.getSessionToken(SessionTokenRequest(durationSeconds: durationSeconds),
                                                       credentials: keys.keys))
        }
        let context = retrieval.context
        let sessions = MFASession(cache: CredentialCache(environment: context.environment))
        let accessKeyID = keys.keys.accessKeyID
        if retrieval.reuseSessions, durationSeconds == nil,
           let cached = sessions.lookup(accessKeyID: accessKeyID, serialNumber: device.serialNumber, now: context.now()),
           retrieval.renews(cached) {
            return Obtained(cached, reused: true)
        }
        let request = SessionTokenRequest(durationSeconds: durationSeconds, serialNumber: device.serialNumber,
                                          tokenCode: try retrieval.codes.code(for: device))
        let session = try client.getSessionToken(request, credentials: keys.keys)
        do {
            try sessions.store(session, accessKeyID: accessKeyID, serialNumber: device.serialNumber)
        } catch {
            context.standardError("rolesh: warning: could not cache the MFA session (\(error.message))\n")
        }
        return Obtained(session)
    }
}

// The credential cache as a decorator: any source's credentials, sealed under an entry named
// by what was asked and the identity they stand for, reused until shortly before they expire.

import FoundationEssentials

/// `source`, consulted only when `cache` has no good entry for what `spec` asks of it.
struct CachedCredentials: CredentialSource {
    var source: any CredentialSource
    var cache: CredentialCache
    var spec: AssumeSpec
    /// The ARN the entry records (CachedRole); empty for an identity that is no role.
    var roleARN: String
    /// False for `--refresh`: new credentials are obtained, and then cached.
    var lookup: Bool

    var kind: CredentialKind { source.kind }

    func identity() throws -> String { try source.identity() }

    func entry() throws -> String { CredentialCache.entryName(spec: spec, source: try source.identity()) }

    /// Nothing to check before a lookup: the source is checked when it is asked.
    func validate() {}

    func credentials(_ retrieval: Retrieval) throws -> Obtained {
        if lookup, let cached = try cache.lookup(try entry(), now: retrieval.context.now()), retrieval.renews(cached.credentials),
           cached.boundTo?.holds() ?? true {
            return Obtained(cached.credentials, reused: true, boundTo: cached.boundTo)
        }
        try source.validate()
        let obtained = try source.credentials(retrieval)
        do {
            try cache.store(CachedRole(credentials: obtained.credentials, roleARN: roleARN, boundTo: obtained.boundTo),
                            as: try entry())
        } catch {
            // The cache only saves time; failing to fill it must not fail the switch.
            retrieval.context.standardError("rolesh: warning: could not cache credentials (\(error.message))\n")
        }
        return obtained
    }
}

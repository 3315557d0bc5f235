import FoundationEssentials

/// `rolesh clean [--session ID]`: removes the sessions of shells that are gone and expired
/// cache entries, and says what it removed. `--session` removes one session: the exit hook
/// of the shell that created it.
public enum CleanCommand {
    public static func run(session: String?, context: RoleshContext) throws -> String {
        let root = StateRoot.locate(environment: context.environment)
        let store = SessionStore(root: root)
        if let session {
            guard SessionIdentity.isIdentifier(session) else {
                throw SessionError.malformedSession(variable: "--session")
            }
            try store.remove(session: session)
            return "removed session \(session)\n"
        }
        var lines: [String] = []
        for id in store.sessionIDs() where !isLive(session: id, store: store) {
            try store.remove(session: id)
            lines.append("removed session \(id) (its shell is gone)")
        }
        let cache = CredentialCache(root: root)
        let expired = try cache.removeExpired(now: context.now())
        lines += expired.map { "removed expired cache entry \($0.prefix(12))" }
        let unfinished = try cache.removeUnfinishedWrites()
        if unfinished > 0 {
            lines.append("removed \(unfinished) unfinished cache write\(unfinished == 1 ? "" : "s") (left by a rolesh that was killed)")
        }
        return lines.isEmpty ? "nothing to clean\n" : lines.joined(separator: "\n") + "\n"
    }

    /// A session lives while its owner shell runs; one without an owner record is kept
    /// for a day after its last frame, since its shell cannot be told apart.
    static func isLive(session: String, store: SessionStore) -> Bool {
        let folder = store.folder(of: session)
        if let bytes = try? AtomicFile.read("\(folder)/owner"),
           let owner = SessionOwner(record: String(decoding: bytes, as: UTF8.self)) {
            return owner.isAlive
        }
        return PrivateFolder.modificationAge(folder).map { $0 < 86_400 } ?? false
    }
}

import FoundationEssentials

/// `rolesh clean [--session ID]`: removes the sessions of shells that are gone and expired
/// cache entries, and says what it removed. `--session` removes one session: the exit hook
/// of the shell that created it. A session that another process of the user still carries
/// in its environment (a tmux server, a shell started from this one) is never removed: it
/// stays until a later `clean` finds no process carrying it.
package enum CleanCommand {
    package static func run(session: String?, context: RoleshContext) throws -> String {
        let store = CommandState(context).store
        let system = context.system
        if let session {
            guard SessionIdentity.isIdentifier(session) else {
                throw SessionError.malformedSession(variable: "--session")
            }
            let carriers = system.processesCarrying(session)
            guard carriers.isEmpty else {
                return "kept session \(session): process \(carriers.map(String.init).joined(separator: ", ")) still carries it\n"
            }
            try store.remove(session: session)
            return "removed session \(session)\n"
        }
        var lines: [String] = []
        for id in try store.sessionIDs() where try !isLive(session: id, store: store, system: system) {
            try store.remove(session: id)
            lines.append("removed session \(id) (its shell is gone)")
        }
        let cache = CredentialCache(environment: context.environment)
        let expired = try cache.removeExpired(now: context.now())
        lines += expired.map { "removed expired cache entry \($0.prefix(12))" }
        let unfinished = try cache.removeUnfinishedWrites()
        if unfinished > 0 {
            lines.append("removed \(unfinished) unfinished cache write\(unfinished == 1 ? "" : "s") (left by a rolesh that was killed)")
        }
        if try cache.removeFromPersistentDisk() {
            lines.append("removed the credential cache an earlier rolesh kept on persistent disk")
        }
        return lines.isEmpty ? "nothing to clean\n" : lines.joined(separator: "\n") + "\n"
    }

    /// A session lives while its owner shell runs or any process carries it; one without an
    /// owner record is kept for a day after its last frame, since its shell cannot be told apart.
    static func isLive(session: String, store: SessionStore, system: SystemFacts) throws -> Bool {
        if !system.processesCarrying(session).isEmpty { return true }
        if let owner = try store.owner(of: session) { return system.ownerRuns(owner) }
        return try store.age(of: session).map { $0 < 86_400 } ?? false
    }
}

/// One shell's session: its id (128 random bits, hex) and the key its frames are sealed
/// with. Both live only in the shell's environment; the key never touches the disk.
package struct SessionIdentity: Equatable, Sendable {
    package var id: String
    package var key: SymmetricKey

    package init(id: String, key: SymmetricKey) {
        self.id = id
        self.key = key
    }

    /// A new session with fresh random id and key.
    package static func create() -> SessionIdentity {
        SessionIdentity(id: SecureRandom.identifier(bits: 128), key: SymmetricKey.random())
    }

    /// The session named by the environment; nil when the shell has none yet.
    /// A half-present or malformed pair is an error, never silently replaced.
    static func current(in environment: [String: String]) throws -> SessionIdentity? {
        let id = environment[ManagedVariable.session]
        let key = environment[ManagedVariable.sessionKey]
        if id == nil && key == nil { return nil }
        guard let id, isIdentifier(id) else { throw SessionError.malformedSession(variable: ManagedVariable.session) }
        guard let key, let parsed = try? SymmetricKey(hex: key) else {
            throw SessionError.malformedSession(variable: ManagedVariable.sessionKey)
        }
        return SessionIdentity(id: id, key: parsed)
    }

    /// The variables that carry this session in a shell.
    var variables: [String: String?] {
        [ManagedVariable.session: id, ManagedVariable.sessionKey: key.hex]
    }

    /// True for the ids rolesh makes: 32 lowercase hex digits. Ids become file names, so
    /// nothing else is accepted from the environment.
    static func isIdentifier(_ text: String) -> Bool {
        text.utf8.count == 32 && text.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    /// Gives a starting shell the session `fresh` (id and hex key, as made for it) in place
    /// of the one it inherited in `environment`, if any (issue 13 §2): the stack it stands on
    /// (ROLESH_FRAME down) is re-sealed into the new session, frame ids unchanged, so its
    /// `exit` walks down to the identity it inherited and below while the shell it came
    /// from may remove its own session. Returns false when the inherited stack cannot be
    /// read: the shell then keeps the inherited session as it is, and stderr says why.
    static func adopt(_ fresh: (id: String, key: String), inheriting environment: [String: String],
                      root: String) -> Bool {
        guard let frame = environment[ManagedVariable.frame] else { return true }
        do {
            guard let inherited = try current(in: environment) else { return true }
            let own = SessionIdentity(id: fresh.id, key: try SymmetricKey(hex: fresh.key))
            try SessionStore(root: root).adopt(stackFrom: frame, of: inherited, into: own, owner: .parentShell())
            return true
        } catch {
            OutputStream.standardError.write("rolesh: this shell keeps the session it inherited: \(error.message)\n")
            return false
        }
    }
}

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The on-disk home of every shell's frames (DESIGN §6):
/// `ROOT/sessions/SESSION/FRAME.frame`, one sealed file per frame, written once. Every
/// folder is opened from its parent's descriptor and checked (StateFolder).
package struct SessionStore: Sendable {
    /// The rolesh state folder (StateRoot).
    package let root: String

    package init(root: String) {
        self.root = root
    }

    package var sessionsFolder: String { "\(root)/sessions" }

    package func folder(of session: String) -> String { "\(sessionsFolder)/\(session)" }

    package func path(of frame: String, in session: String) -> String { "\(folder(of: session))/\(frame).frame" }

    /// Seals `frame` with the session key and writes it once; an existing file is never
    /// replaced. The first frame of a session also records `owner`, the shell it belongs to
    /// (asked for only then: finding it reads /proc).
    package func write(_ frame: Frame, session: SessionIdentity, owner: @autoclosure () -> SessionOwner?) throws {
        let folder = try sessionFolder(session.id, create: true)!
        try write(frame, session: session, in: folder, owner: owner())
    }

    /// The frame `id` of `session`, opened and checked; any failure is `SessionError.damaged`.
    package func read(_ id: String, session: SessionIdentity) throws -> Frame {
        try read(id, session: session, in: try openSession(session.id, reading: id))
    }

    /// The frames from `id` down to the bottom of the stack, top first.
    func stack(from id: String, session: SessionIdentity) throws -> [Frame] {
        let folder = try openSession(session.id, reading: id)
        var frames: [Frame] = []
        var next: String? = id
        while let current = next {
            let frame = try read(current, session: session, in: folder)
            frames.append(frame)
            next = frame.parent
            if frames.count > 10_000 {
                throw SessionError.damaged(frame: current, reason: "the stack has a loop")
            }
        }
        return frames
    }

    /// Copies the stack from `frame` down, sealed under `inherited`, into session `own`:
    /// the same frame ids, each frame re-sealed under the new id and key, and saving `own`
    /// as the session to restore, so that popping them never hands the shell back the
    /// session it inherited (issue 13 §2). `owner` is recorded as the new session's shell.
    func adopt(stackFrom frame: String, of inherited: SessionIdentity, into own: SessionIdentity,
               owner: SessionOwner?) throws {
        let frames = try stack(from: frame, session: inherited)
        let folder = try sessionFolder(own.id, create: true)!
        for var copy in frames.reversed() {
            copy.session = own.id
            copy.saved[ManagedVariable.session] = own.id
            copy.saved[ManagedVariable.sessionKey] = own.key.hex
            try write(copy, session: own, in: folder, owner: owner)
        }
    }

    /// The bottom frame of the stack `frame` stands on, as far as it can still be read: the
    /// end of the walk down from `frame`, or, where a frame on the way is damaged, the
    /// newest bottom frame of the session that opens; nil when none does. What `exit
    /// --reset` keeps of a damaged stack (issue 13 §2).
    func knownBottom(from frame: String?, session: SessionIdentity) -> Frame? {
        guard let folder = try? sessionFolder(session.id, create: false) else { return nil }
        var next = frame
        var steps = 0
        while let current = next, steps < 10_000, let found = try? read(current, session: session, in: folder) {
            if found.parent == nil { return found }
            next = found.parent
            steps += 1
        }
        return folder.entries().filter { $0.hasSuffix(".frame") }
            .compactMap { try? read(String($0.dropLast(".frame".count)), session: session, in: folder) }
            .filter { $0.parent == nil }
            .max { $0.created < $1.created }
    }

    /// Removes frame `id` of `session` (a push whose output never reached the shell).
    func discard(_ id: String, session: String) throws {
        guard SessionIdentity.isIdentifier(id), let folder = try sessionFolder(session, create: false) else { return }
        try folder.removeFile("\(id).frame")
    }

    /// Removes a session's folder and everything in it. A missing folder is not an error.
    func remove(session: String) throws {
        guard SessionIdentity.isIdentifier(session),
              let sessions = try StateFolder.openRoot(root, create: false)?.folder("sessions", create: false)
        else { return }
        try sessions.removeFolder(session)
    }

    /// The ids of every session folder on disk.
    func sessionIDs() throws -> [String] {
        guard let sessions = try StateFolder.openRoot(root, create: false)?.folder("sessions", create: false) else { return [] }
        return sessions.entries().filter(SessionIdentity.isIdentifier).sorted()
    }

    /// The owner record of `session`; nil when it has none (or no folder).
    func owner(of session: String) throws -> SessionOwner? {
        guard let folder = try sessionFolder(session, create: false),
              let bytes = try? folder.read("owner") else { return nil }
        return SessionOwner(record: String(decoding: bytes, as: UTF8.self))
    }

    /// Seconds since anything was added to `session`'s folder; nil when there is none.
    func age(of session: String) throws -> Double? {
        guard let sessions = try StateFolder.openRoot(root, create: false)?.folder("sessions", create: false) else { return nil }
        return sessions.age(of: session)
    }

    /// `ROOT/sessions/ID`, opened (made, with `create`) and checked at every level; nil
    /// when some level is missing and `create` is false.
    private func sessionFolder(_ id: String, create: Bool) throws -> StateFolder? {
        guard SessionIdentity.isIdentifier(id) else { throw SessionError.malformedSession(variable: ManagedVariable.session) }
        return try StateFolder.openRoot(root, create: create)?
            .folder("sessions", create: create)?
            .folder(id, create: create)
    }

    /// The session folder a frame is read from; a missing one makes the frame missing.
    private func openSession(_ id: String, reading frame: String) throws -> StateFolder {
        guard SessionIdentity.isIdentifier(frame) else {
            throw SessionError.damaged(frame: frame, reason: "ROLESH_FRAME is not a frame id")
        }
        guard let folder = try sessionFolder(id, create: false) else {
            throw SessionError.damaged(frame: frame, reason: "its file is missing")
        }
        return folder
    }

    private func write(_ frame: Frame, session: SessionIdentity, in folder: StateFolder, owner: @autoclosure () -> SessionOwner?) throws {
        if !folder.contains("owner"), let owner = owner() {
            // Losing a race with a sibling process writing the same record is fine.
            try? folder.writeOnce(Array(owner.record.utf8), as: "owner")
        }
        var plaintext = frame.json
        let sealed = SealedBox.seal(plaintext, key: session.key, associatedData: Self.associatedData(session.id, frame.id))
        plaintext.wipe()
        try folder.writeOnce(sealed, as: "\(frame.id).frame")
    }

    private func read(_ id: String, session: SessionIdentity, in folder: StateFolder) throws -> Frame {
        guard SessionIdentity.isIdentifier(id) else {
            throw SessionError.damaged(frame: id, reason: "ROLESH_FRAME is not a frame id")
        }
        let sealed: [UInt8]
        do {
            sealed = try folder.read("\(id).frame")
        } catch StorageError.notFound {
            throw SessionError.damaged(frame: id, reason: "its file is missing")
        } catch let error as StorageError {
            // A failing system call (EIO, ENOSPC…) is no sign of damage: `exit --reset` would
            // throw away a stack that is whole, so it is reported as it is.
            if case .systemCall = error { throw error }
            throw SessionError.damaged(frame: id, reason: error.message)
        }
        var plaintext: [UInt8]
        do {
            plaintext = try SealedBox.open(sealed, key: session.key, associatedData: Self.associatedData(session.id, id))
        } catch {
            throw SessionError.damaged(frame: id, reason: "it does not open with this shell's session key")
        }
        defer { plaintext.wipe() }
        guard let frame = Frame(json: plaintext), frame.id == id, frame.session == session.id
        else {
            throw SessionError.damaged(frame: id, reason: "its contents are not a rolesh frame")
        }
        return frame
    }

    /// Session and frame id bind each sealed frame to its place: a frame copied into another
    /// session or renamed to another id does not open.
    static func associatedData(_ session: String, _ frame: String) -> [UInt8] {
        Array("rolesh-frame-v1\u{0}\(session)\u{0}\(frame)".utf8)
    }
}

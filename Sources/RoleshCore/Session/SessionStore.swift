import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The on-disk home of every shell's frames (DESIGN §6):
/// `ROOT/sessions/SESSION/FRAME.frame`, one sealed file per frame, written once.
public struct SessionStore: Sendable {
    /// The rolesh state folder (StateRoot).
    public let root: String

    public init(root: String) {
        self.root = root
    }

    public var sessionsFolder: String { "\(root)/sessions" }

    public func folder(of session: String) -> String { "\(sessionsFolder)/\(session)" }

    public func path(of frame: String, in session: String) -> String { "\(folder(of: session))/\(frame).frame" }

    /// Seals `frame` with the session key and writes it once; an existing file is never
    /// replaced. The first frame of a session also records `owner`, the shell it belongs to
    /// (asked for only then: finding it reads /proc).
    public func write(_ frame: Frame, session: SessionIdentity, owner: @autoclosure () -> SessionOwner?) throws {
        try PrivateFolder(path: root).create()
        try PrivateFolder(path: sessionsFolder).create()
        try PrivateFolder(path: folder(of: session.id)).create()
        let ownerPath = "\(folder(of: session.id))/owner"
        if !PrivateFolder.exists(ownerPath), let owner = owner() {
            // Losing a race with a sibling process writing the same record is fine.
            try? AtomicFile.writeOnce(Array(owner.record.utf8), to: ownerPath)
        }
        var plaintext = frame.json
        let sealed = SealedBox.seal(plaintext, key: session.key, associatedData: Self.associatedData(session.id, frame.id))
        plaintext.wipe()
        try AtomicFile.writeOnce(sealed, to: path(of: frame.id, in: session.id))
    }

    /// The frame `id` of `session`, opened and checked; any failure is `SessionError.damaged`.
    public func read(_ id: String, session: SessionIdentity) throws -> Frame {
        guard SessionIdentity.isIdentifier(id) else {
            throw SessionError.damaged(frame: id, reason: "ROLESH_FRAME is not a frame id")
        }
        // A frame is trusted only inside folders no one else can change (DESIGN §6); one
        // that is missing is reported below as a missing frame.
        for folder in [root, sessionsFolder, folder(of: session.id)] where PrivateFolder.exists(folder) {
            try PrivateFolder(path: folder).verify()
        }
        let sealed: [UInt8]
        do {
            sealed = try AtomicFile.read(path(of: id, in: session.id))
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

    /// The frames from `id` down to the bottom of the stack, top first.
    public func stack(from id: String, session: SessionIdentity) throws -> [Frame] {
        var frames: [Frame] = []
        var next: String? = id
        while let current = next {
            let frame = try read(current, session: session)
            frames.append(frame)
            next = frame.parent
            if frames.count > 10_000 {
                throw SessionError.damaged(frame: current, reason: "the stack has a loop")
            }
        }
        return frames
    }

    /// Removes a session's folder and everything in it. A missing folder is not an error.
    public func remove(session: String) throws {
        guard SessionIdentity.isIdentifier(session) else { return }
        try PrivateFolder.removeTree(folder(of: session))
    }

    /// The ids of every session folder on disk.
    public func sessionIDs() -> [String] {
        PrivateFolder.entries(of: sessionsFolder).filter(SessionIdentity.isIdentifier).sorted()
    }

    /// Session and frame id bind each sealed frame to its place: a frame copied into another
    /// session or renamed to another id does not open.
    static func associatedData(_ session: String, _ frame: String) -> [UInt8] {
        Array("rolesh-frame-v1\u{0}\(session)\u{0}\(frame)".utf8)
    }
}

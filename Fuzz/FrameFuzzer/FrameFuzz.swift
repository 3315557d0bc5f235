// libFuzzer target: arbitrary bytes as a frame file on disk and as a frame's sealed JSON.
// Reading must return a frame or throw SessionError.damaged, never crash; a frame that
// is read must be written and read back to itself.
import FuzzDriver
import RoleshCore
#if canImport(Glibc)
import Glibc
#endif

/// One session in a private temporary folder (in memory where /dev/shm exists, so the
/// writes' fsync costs nothing), made once per process and removed at exit; the fuzz input
/// is written over its frame files.
private let session = SessionIdentity(id: String(repeating: "a", count: 32), key: SymmetricKey.random())
private let seedFrame = String(repeating: "b", count: 32)
private let rawFrame = String(repeating: "c", count: 32)
private let sealedFrame = String(repeating: "d", count: 32)
private let store: SessionStore = {
    let parent = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp"
    var template = Array("\(parent)/rolesh-fuzz-XXXXXX".utf8CString)
    guard let root = mkdtemp(&template) else { fatalError("mkdtemp failed: \(errno)") }
    let created = SessionStore(root: String(cString: root))
    // Writing one real frame creates the private folders the fuzzed files go into.
    let seed = Frame(id: seedFrame, parent: nil, session: session.id, role: "seed",
                     roleARN: "arn:aws:iam::123456789012:role/Seed", expires: 0, created: 0,
                     spec: AssumeSpec(profile: "seed"), saved: [:])
    do { try created.write(seed, session: session, owner: nil) } catch { fatalError("seed frame: \(error)") }
    atexit {
        for frame in [seedFrame, rawFrame, sealedFrame] { unlink(store.path(of: frame, in: session.id)) }
        for folder in [store.folder(of: session.id), store.sessionsFolder, store.root] { rmdir(folder) }
    }
    return created
}()

/// Seals `plaintext` as SessionStore seals frame `id` of `session`. The associated data is
/// internal to RoleshCore, so it is spelled again here; `checkSealing` catches a drift.
private func sealAsFrame(_ plaintext: [UInt8], id: String) -> [UInt8] {
    SealedBox.seal(plaintext, key: session.key, associatedData: Array("rolesh-frame-v1\u{0}\(session.id)\u{0}\(id)".utf8))
}

/// A real frame sealed by `sealAsFrame` must read back, or every sealed input would only
/// exercise the "does not open" path.
private let checkSealing: Void = {
    let frame = Frame(id: sealedFrame, parent: nil, session: session.id, role: "check", roleARN: "arn:aws:iam::1:role/C",
                      expires: 1, created: 1, spec: AssumeSpec(), saved: ["AWS_PROFILE": nil])
    overwrite(store.path(of: sealedFrame, in: session.id), with: sealAsFrame(frame.json, id: sealedFrame))
    require(readBack(sealedFrame) == frame, "the harness seals frames differently from SessionStore")
}()

/// Replaces the file at `path` with `bytes` the way rolesh writes its files.
private func overwrite(_ path: String, with bytes: [UInt8]) {
    do { try AtomicFile.write(bytes, to: path) } catch { fatalError("write \(path): \(error)") }
}

/// Reads frame `id` back: a frame, or SessionError.damaged; anything else is a bug.
private func readBack(_ id: String) -> Frame? {
    do {
        let frame = try store.read(id, session: session)
        require(frame.id == id && frame.session == session.id, "read returned a frame of another place")
        return frame
    } catch SessionError.damaged(let frame, _) {
        require(frame == id, "damaged error names frame \(frame), not \(id)")
        return nil
    } catch {
        fatalError("read threw \(error), not SessionError.damaged")
    }
}

/// One fuzz input; see the file header for what must hold.
func fuzzFrame(_ bytes: [UInt8]) {
    _ = checkSealing

    // The bytes as the sealed file itself: they cannot open with the session key.
    overwrite(store.path(of: rawFrame, in: session.id), with: bytes)
    require(readBack(rawFrame) == nil, "unsealed bytes were read as a frame")

    // The bytes as the plaintext inside a correctly sealed file: the JSON reader's turn.
    overwrite(store.path(of: sealedFrame, in: session.id), with: sealAsFrame(bytes, id: sealedFrame))
    _ = readBack(sealedFrame)

    if let frame = Frame(json: bytes) {
        require(Frame(json: frame.json) == frame, "a frame does not survive writing and reading its JSON")
    }
}

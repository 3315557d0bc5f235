// Writing a file rolesh shares with the aws CLI under ~/.aws (DESIGN §6): its conventions,
// not rolesh's private-state rules. The bytes go to a 0600 temporary file beside the
// target, are synced, and take the final name by rename, after which the folder is synced:
// a reader (the aws CLI, botocore) sees the old file or the new one, and a crash of the
// machine cannot leave a torn token, since these files outlive the login (unlike rolesh's
// own state, which is never synced).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Durable whole-file replacement for files under `~/.aws`.
enum SharedFile {
    /// Replaces `path` with `bytes`, the new file with permissions `mode` (exactly; the
    /// umask does not apply). `path` itself is replaced: a symbolic link there would be
    /// replaced by a file, so callers that write through links resolve them first.
    /// Ctrl-C (or a hang-up, or a kill) while the temporary file exists would leave it
    /// behind beside the aws CLI's files: those signals wait until the rename is done.
    static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws {
        try deferringTerminationSignals { try replace(path, with: bytes, mode: mode) }
    }

    private static func replace(_ path: String, with bytes: [UInt8], mode: mode_t) throws {
        let temporary = "\(path).rolesh-\(SecureRandom.identifier(bits: 64))"
        let descriptor = retryingOnInterrupt { open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard descriptor >= 0 else { throw systemCallError("open", parentFolder(of: path)) }
        let failure = fill(descriptor, with: bytes, mode: mode, path: path)
        // close can report a failed deferred write; it is not retried on EINTR.
        let closed = close(descriptor) == 0
        if let failure { unlink(temporary); throw failure }
        guard closed else { let error = systemCallError("close", path); unlink(temporary); throw error }
        guard retryingOnInterrupt({ rename(temporary, path) }) == 0 else {
            let error = systemCallError("rename", path)
            unlink(temporary)
            throw error
        }
        let folder = retryingOnInterrupt { open(parentFolder(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard folder >= 0 else { throw systemCallError("open", parentFolder(of: path)) }
        defer { close(folder) }
        guard retryingOnInterrupt({ fsync(folder) }) == 0 else { throw systemCallError("fsync", parentFolder(of: path)) }
    }

    /// Sets `mode` exactly (the umask may have taken bits away), writes every byte and
    /// syncs; the error, or nil.
    private static func fill(_ descriptor: Int32, with bytes: [UInt8], mode: mode_t, path: String) -> StorageError? {
        guard fchmod(descriptor, mode) == 0 else { return systemCallError("fchmod", path) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                retryingOnInterrupt { systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset) }
            }
            guard written > 0 else { return systemCallError("write", path) }
            offset += written
        }
        return retryingOnInterrupt({ fsync(descriptor) }) == 0 ? nil : systemCallError("fsync", path)
    }
}

/// Runs `body` with SIGINT, SIGTERM, SIGHUP and SIGQUIT blocked; one that arrived meanwhile
/// is delivered when they are unblocked, after `body`.
func deferringTerminationSignals<Result>(_ body: () throws -> Result) rethrows -> Result {
    var blocked = sigset_t()
    var previous = sigset_t()
    sigemptyset(&blocked)
    for signal in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&blocked, signal) }
    pthread_sigmask(SIG_BLOCK, &blocked, &previous)
    defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
    return try body()
}

// The C library's write, named apart from SharedFile's own write.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

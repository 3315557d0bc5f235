// Mutual exclusion between rolesh processes for files rewritten in place (the cache):
// an advisory flock(2) on a private lock file, released when the descriptor is closed,
// so a crashed process never leaves a stale lock behind.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock on a private lock file (created 0600 when missing).
final class FileLock {
    let path: String
    private let descriptor: Int32

    /// Opens (or creates) the lock file; does not take the lock yet.
    convenience init(path: String) throws {
        let descriptor = retryingOnInterrupt { open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard descriptor >= 0 else { throw systemCallError("open", path) }
        try self.init(descriptor: descriptor, path: path)
    }

    /// Takes over `descriptor`, the lock file opened (StateFolder.lockFile), once it is
    /// checked to be private; closes it when it is not.
    init(descriptor: Int32, path: String) throws {
        var status = stat()
        do {
            guard fstat(descriptor, &status) == 0 else { throw systemCallError("fstat", path) }
            try requirePrivate(status, kind: .file, path: path)
        } catch {
            close(descriptor)
            throw error
        }
        self.path = path
        self.descriptor = descriptor
    }

    /// Waits until this process holds the lock exclusively.
    func lock() throws {
        guard retryingOnInterrupt({ flock(descriptor, LOCK_EX) }) == 0 else { throw systemCallError("flock", path) }
    }

    /// Takes the lock if no other process holds it; false when one does.
    func tryLock() throws -> Bool {
        if retryingOnInterrupt({ flock(descriptor, LOCK_EX | LOCK_NB) }) == 0 { return true }
        guard errno == EWOULDBLOCK else { throw systemCallError("flock", path) }
        return false
    }

    func unlock() throws {
        guard flock(descriptor, LOCK_UN) == 0 else { throw systemCallError("flock", path) }
    }

    /// Runs `body` while holding the lock on `path`, and releases it however `body` ends.
    static func withLock<Result>(path: String, _ body: () throws -> Result) throws -> Result {
        let lock = try FileLock(path: path)
        try lock.lock()
        return try withExtendedLifetime(lock) { try body() }
    }

    /// Closing the descriptor releases the lock.
    deinit {
        close(descriptor)
    }
}

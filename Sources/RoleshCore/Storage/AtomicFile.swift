// Whole-file writes that a crash cannot tear (DESIGN §6): the bytes go to a temporary file
// in the same folder, are synced, and only then take the final name, after which the
// folder is synced so the new name itself survives a power cut. A reader sees the old
// file or the new one, never a mix.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes rolesh's private files (mode 0600, owned by the user, no symbolic links).
public enum AtomicFile {
    /// Replaces `path` with a 0600 file holding exactly `bytes`, atomically.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = try writeTemporary(bytes, beside: path)
        guard retryingOnInterrupt({ rename(temporary, path) }) == 0 else {
            let error = systemCallError("rename", path)
            unlink(temporary)
            throw error
        }
        try syncFolder(of: path)
    }

    /// Like `write`, but throws `StorageError.alreadyExists` instead of replacing a file that
    /// is already at `path`, for files that are written once and never rewritten (frames).
    /// link(2) gives the final name only if it is free, in one step, on every POSIX system.
    public static func writeOnce(_ bytes: [UInt8], to path: String) throws {
        let temporary = try writeTemporary(bytes, beside: path)
        let linked = retryingOnInterrupt { link(temporary, path) } == 0
        let error: StorageError? = linked ? nil : errno == EEXIST ? .alreadyExists(path: path) : systemCallError("link", path)
        // A temporary that cannot be removed is only litter (`rolesh clean` takes it).
        unlink(temporary)
        if let error { throw error }
        do {
            try syncFolder(of: path)
        } catch {
            // The new name may not survive a crash: take it back, so a failure leaves the
            // folder as it was.
            unlink(path)
            throw error
        }
    }

    /// The bytes of `path`, which must be a regular file of the user's with no permission
    /// bits for group or others; a symbolic link is refused, never followed.
    public static func read(_ path: String) throws -> [UInt8] {
        // O_NONBLOCK: a FIFO planted at the path must not hang the open; it is refused below.
        let descriptor = retryingOnInterrupt { open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK) }
        guard descriptor >= 0 else { throw systemCallError("open", path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw systemCallError("fstat", path) }
        try requirePrivate(status, kind: .file, path: path)
        return try readAll(descriptor, path: path, sizeHint: Int(status.st_size))
    }

    /// Writes `bytes` to a new 0600 file next to `path`, synced and closed; returns its path.
    /// The file is removed again if any step fails, so errors name `path`, not the temporary.
    private static func writeTemporary(_ bytes: [UInt8], beside path: String) throws -> String {
        let temporary = "\(path).tmp-\(SecureRandom.identifier(bits: 64))"
        let descriptor = retryingOnInterrupt {
            open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        // A temporary name means nothing to the user; the folder it could not be made in does.
        guard descriptor >= 0 else { throw systemCallError("open", parentFolder(of: path)) }
        do {
            // The umask may have taken bits away from 0600; set it exactly.
            guard fchmod(descriptor, 0o600) == 0 else { throw systemCallError("fchmod", path) }
            try writeAll(bytes, to: descriptor, path: path)
            guard retryingOnInterrupt({ fsync(descriptor) }) == 0 else { throw systemCallError("fsync", path) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        // close can report a failed deferred write (NFS); it is not retried on EINTR, since
        // Linux releases the descriptor either way.
        guard close(descriptor) == 0 else {
            let error = systemCallError("close", path)
            unlink(temporary)
            throw error
        }
        return temporary
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        try bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = retryingOnInterrupt {
                    systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                }
                guard written > 0 else { throw systemCallError("write", path) }
                offset += written
            }
        }
    }

    private static func readAll(_ descriptor: Int32, path: String, sizeHint: Int) throws -> [UInt8] {
        var contents = [UInt8]()
        contents.reserveCapacity(sizeHint)
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = retryingOnInterrupt { chunk.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress!, $0.count) } }
            guard count >= 0 else { throw systemCallError("read", path) }
            if count == 0 { return contents }
            contents.append(contentsOf: chunk[..<count])
        }
    }

    /// Makes a rename or link in the folder of `path` durable.
    private static func syncFolder(of path: String) throws {
        let folder = parentFolder(of: path)
        let descriptor = retryingOnInterrupt { open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw systemCallError("open", folder) }
        defer { close(descriptor) }
        guard retryingOnInterrupt({ fsync(descriptor) }) == 0 else { throw systemCallError("fsync", folder) }
    }
}

// The C library's read and write, named apart from AtomicFile's own read and write.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

// Whole-file writes that a killed process cannot tear (DESIGN §6): the bytes go to a
// temporary file in the same folder, which then takes the final name in one step (rename,
// or link for a file written once). A reader sees the old file or the new one, never a mix.
//
// Nothing is fsynced. Everything written here lives no longer than the shell or the login
// that holds it (frames, session folders, the cache on the runtime tmpfs): a crash of the
// machine ends those too, and against a crashed or killed rolesh the rename is enough.
// That saved three fsyncs per switch, each slower than the rest of a switch on a disk
// (issue 13 §7; Benchmarks/ANALYSIS.md, fix 14).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes rolesh's private files (mode 0600, owned by the user, no symbolic links).
/// StateFolder does it relative to a folder's descriptor; the path forms open the folder
/// that holds `path` first, for files outside the state root.
package enum AtomicFile {
    /// Replaces `path` with a 0600 file holding exactly `bytes`, atomically.
    package static func write(_ bytes: [UInt8], to path: String) throws {
        let folder = try openFolder(of: path)
        defer { close(folder) }
        try write(bytes, in: folder, name: baseName(of: path), path: path)
    }

    /// Like `write`, but throws `StorageError.alreadyExists` instead of replacing a file that
    /// is already at `path`, for files that are written once and never rewritten (frames).
    static func writeOnce(_ bytes: [UInt8], to path: String) throws {
        let folder = try openFolder(of: path)
        defer { close(folder) }
        try writeOnce(bytes, in: folder, name: baseName(of: path), path: path)
    }

    /// The bytes of `path`, which must be a regular file of the user's with no permission
    /// bits for group or others; a symbolic link is refused, never followed.
    static func read(_ path: String) throws -> [UInt8] {
        // O_NONBLOCK: a FIFO planted at the path must not hang the open; it is refused below.
        let descriptor = retryingOnInterrupt { open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK) }
        guard descriptor >= 0 else { throw systemCallError("open", path) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw systemCallError("fstat", path) }
        try requirePrivate(status, kind: .file, path: path)
        return try readAll(descriptor, path: path, sizeHint: Int(status.st_size))
    }

    /// `write` into the folder open as `folder`; `path` names the file in messages.
    static func write(_ bytes: [UInt8], in folder: Int32, name: String, path: String) throws {
        let temporary = try writeTemporary(bytes, in: folder, beside: name, path: path)
        guard retryingOnInterrupt({ renameat(folder, temporary, folder, name) }) == 0 else {
            let error = systemCallError("rename", path)
            unlinkat(folder, temporary, 0)
            throw error
        }
    }

    /// `writeOnce` into the folder open as `folder`. linkat gives the final name only if it
    /// is free, in one step, on every POSIX system.
    static func writeOnce(_ bytes: [UInt8], in folder: Int32, name: String, path: String) throws {
        let temporary = try writeTemporary(bytes, in: folder, beside: name, path: path)
        let linked = retryingOnInterrupt { linkat(folder, temporary, folder, name, 0) } == 0
        let error: StorageError? = linked ? nil : errno == EEXIST ? .alreadyExists(path: path) : systemCallError("link", path)
        // A temporary that cannot be removed is only litter (`rolesh clean` takes it).
        unlinkat(folder, temporary, 0)
        if let error { throw error }
    }

    /// Writes `bytes` to a new 0600 file beside `name` and closes it; returns its name.
    /// The file is removed again if any step fails, so errors name `path`, not the temporary.
    private static func writeTemporary(_ bytes: [UInt8], in folder: Int32, beside name: String, path: String) throws -> String {
        let temporary = "\(name).tmp-\(SecureRandom.identifier(bits: 64))"
        let descriptor = retryingOnInterrupt {
            openat(folder, temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        }
        // A temporary name means nothing to the user; the folder it could not be made in does.
        guard descriptor >= 0 else { throw systemCallError("open", parentFolder(of: path)) }
        do {
            // The umask may have taken bits away from 0600; set it exactly.
            guard fchmod(descriptor, 0o600) == 0 else { throw systemCallError("fchmod", path) }
            try writeAll(bytes, to: descriptor, path: path)
        } catch {
            close(descriptor)
            unlinkat(folder, temporary, 0)
            throw error
        }
        // close can report a failed deferred write (NFS); it is not retried on EINTR, since
        // Linux releases the descriptor either way.
        guard close(descriptor) == 0 else {
            let error = systemCallError("close", path)
            unlinkat(folder, temporary, 0)
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

    static func readAll(_ descriptor: Int32, path: String, sizeHint: Int) throws -> [UInt8] {
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

    private static func openFolder(of path: String) throws -> Int32 {
        let folder = parentFolder(of: path)
        let descriptor = retryingOnInterrupt { open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard descriptor >= 0 else { throw systemCallError("open", folder) }
        return descriptor
    }

    private static func baseName(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

// The C library's read and write, named apart from AtomicFile's own read and write.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

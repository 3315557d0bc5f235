// A folder of rolesh's state held open by its descriptor (DESIGN §6). The root is opened
// once and checked; every folder below it is reached from its parent's descriptor, one
// name per openat with O_NOFOLLOW, and checked again. Files are read, written, linked,
// renamed and removed relative to the descriptor: a folder renamed or swapped for a
// symbolic link after the check is never followed, whatever happens to the paths.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A verified private folder (a real folder, the user's own, mode 0700) of rolesh's state,
/// open for as long as the value lives. `path` is only for messages: nothing is reached by it.
final class StateFolder {
    let path: String
    private let descriptor: Int32

    private init(descriptor: Int32, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        close(descriptor)
    }

    /// Opens the state root `path`; nil when it does not exist and `create` is false. Made
    /// with mode 0700 when missing (its missing parents too); refused unless private. The
    /// folders above the root are not rolesh's: they are opened as they are (StateRoot has
    /// checked a runtime folder already).
    static func openRoot(_ path: String, create: Bool) throws -> StateFolder? {
        let parentPath = parentFolder(of: path)
        let name = String(path[path.index(after: path.lastIndex(of: "/") ?? path.startIndex)...])
        var parent = retryingOnInterrupt { open(parentPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if parent < 0 && errno == ENOENT && create {
            try makeParents(parentPath)
            parent = retryingOnInterrupt { open(parentPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        }
        guard parent >= 0 else {
            if errno == ENOENT && !create { return nil }
            throw systemCallError("open", parentPath)
        }
        defer { close(parent) }
        return try openChild(of: parent, name: name, path: path, create: create)
    }

    /// The folder `name` inside this one; nil when it does not exist and `create` is false.
    func folder(_ name: String, create: Bool) throws -> StateFolder? {
        try Self.openChild(of: descriptor, name: name, path: child(name), create: create)
    }

    /// The full path of `name` in this folder, for messages.
    func child(_ name: String) -> String { "\(path)/\(name)" }

    /// True when something (anything, a link included) is called `name` here.
    func contains(_ name: String) -> Bool {
        var status = stat()
        return fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0
    }

    /// Seconds since `name` last changed; nil when it cannot be examined.
    func age(of name: String) -> Double? {
        var status = stat()
        guard fstatat(descriptor, name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { return nil }
        return Double(time(nil) - status.st_mtim.tv_sec)
    }

    /// The names in this folder (without `.` and `..`).
    func entries() -> [String] {
        // fdopendir takes the descriptor over: give it a copy, opened afresh so the
        // listing starts at the beginning whatever was read before.
        let copy = retryingOnInterrupt { openat(descriptor, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard copy >= 0 else { return [] }
        guard let folder = fdopendir(copy) else {
            close(copy)
            return []
        }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The bytes of file `name`, which must be a regular file of the user's, closed to
    /// everyone else; a symbolic link is refused, never followed.
    func read(_ name: String) throws -> [UInt8] {
        // O_NONBLOCK: a FIFO planted here must not hang the open; it is refused below.
        let file = retryingOnInterrupt { openat(descriptor, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK) }
        guard file >= 0 else { throw systemCallError("open", child(name)) }
        defer { close(file) }
        var status = stat()
        guard fstat(file, &status) == 0 else { throw systemCallError("fstat", child(name)) }
        try requirePrivate(status, kind: .file, path: child(name))
        return try AtomicFile.readAll(file, path: child(name), sizeHint: Int(status.st_size))
    }

    /// Replaces file `name` with a 0600 file holding exactly `bytes`, atomically.
    func write(_ bytes: [UInt8], as name: String) throws {
        try AtomicFile.write(bytes, in: descriptor, name: name, path: child(name))
    }

    /// Like `write`, but throws `StorageError.alreadyExists` rather than replace a file.
    func writeOnce(_ bytes: [UInt8], as name: String) throws {
        try AtomicFile.writeOnce(bytes, in: descriptor, name: name, path: child(name))
    }

    /// Removes the file (or link) `name`; one that is already gone is fine.
    func removeFile(_ name: String) throws {
        guard unlinkat(descriptor, name, 0) == 0 || errno == ENOENT else { throw systemCallError("unlink", child(name)) }
    }

    /// Removes folder `name` and the files in it (rolesh's folders hold no subfolders). A
    /// folder that is already gone is fine; one that is not private is refused untouched.
    func removeFolder(_ name: String) throws {
        guard let folder = try folder(name, create: false) else { return }
        for entry in folder.entries() {
            try folder.removeFile(entry)
        }
        guard unlinkat(descriptor, name, AT_REMOVEDIR) == 0 || errno == ENOENT else {
            throw systemCallError("rmdir", child(name))
        }
    }

    /// An exclusive-lock file `name` in this folder (see FileLock).
    func lockFile(_ name: String) throws -> FileLock {
        let file = retryingOnInterrupt { openat(descriptor, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600) }
        guard file >= 0 else { throw systemCallError("open", child(name)) }
        return try FileLock(descriptor: file, path: child(name))
    }

    /// Opens (and with `create`, makes) the folder `name` in `parent` without following a
    /// link, and checks it. A folder made here gets mode 0700 exactly, whatever the umask.
    private static func openChild(of parent: Int32, name: String, path: String, create: Bool) throws -> StateFolder? {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/") else { throw StorageError.notAFolder(path: path) }
        // Nearly always the folder is there: one openat, and a mkdirat only when it is not.
        var made = false
        var folder = retryingOnInterrupt { openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        if folder < 0 && errno == ENOENT && create {
            if retryingOnInterrupt({ mkdirat(parent, name, 0o700) }) == 0 {
                made = true
            } else if errno != EEXIST {
                throw systemCallError("mkdir", path)
            }
            folder = retryingOnInterrupt { openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        }
        guard folder >= 0 else {
            let code = errno
            if code == ENOENT && !create { return nil }
            // O_DIRECTORY|O_NOFOLLOW on a link says ENOTDIR on Linux, ELOOP elsewhere.
            var status = stat()
            if fstatat(parent, name, &status, AT_SYMLINK_NOFOLLOW) == 0 {
                try requirePrivate(status, kind: .folder, path: path)
            }
            errno = code
            throw systemCallError("open", path)
        }
        let opened = StateFolder(descriptor: folder, path: path)
        if made {
            guard fchmod(folder, 0o700) == 0 else { throw systemCallError("fchmod", path) }
        }
        var status = stat()
        guard fstat(folder, &status) == 0 else { throw systemCallError("fstat", path) }
        try requirePrivate(status, kind: .folder, path: path)
        return opened
    }

    /// `mkdir -p` for the folders above the root (each new one 0700), by path: they are
    /// not rolesh's, and the root itself is checked once they exist.
    private static func makeParents(_ path: String) throws {
        for folder in PrivateFolder.prefixes(of: path) where retryingOnInterrupt({ mkdir(folder, 0o700) }) != 0 && errno != EEXIST {
            throw systemCallError("mkdir", folder)
        }
    }
}

// The checks every rolesh file and folder passes before it is trusted (DESIGN §6):
// a real file or folder, not a symbolic link, owned by the user, closed to everyone else.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FileKind {
    case folder, file
}

/// Refuses `status` (from lstat or fstat of `path`) unless it is a `kind` that belongs to
/// the effective user and grants group and others nothing at all.
func requirePrivate(_ status: stat, kind: FileKind, path: String) throws {
    let type = status.st_mode & S_IFMT
    if type == S_IFLNK { throw StorageError.symbolicLink(path: path) }
    switch kind {
    case .folder where type != S_IFDIR: throw StorageError.notAFolder(path: path)
    case .file where type != S_IFREG: throw StorageError.notAFile(path: path)
    default: break
    }
    let user = geteuid()
    if status.st_uid != user {
        throw StorageError.notOwned(path: path, owner: UInt32(status.st_uid), user: UInt32(user))
    }
    let permissions = UInt32(status.st_mode) & 0o7777
    if permissions & 0o077 != 0 {
        throw StorageError.openToOthers(path: path, mode: permissions, isFolder: kind == .folder)
    }
}

/// The error for the system call `call` on `path` that just failed, from errno.
func systemCallError(_ call: String, _ path: String) -> StorageError {
    let code = errno
    switch code {
    case ENOENT: return .notFound(path: path)
    case ELOOP: return .symbolicLink(path: path)
    default: return .systemCall(call: call, path: path, code: code)
    }
}

/// Runs a system call again while a signal interrupts it (EINTR); returns its last result.
func retryingOnInterrupt<Result: BinaryInteger>(_ call: () -> Result) -> Result {
    while true {
        let result = call()
        if result >= 0 || errno != EINTR { return result }
    }
}

/// The folder that holds `path`: "." for a bare name, "/" for a name at the root.
func parentFolder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let parent = path[..<slash]
    return parent.isEmpty ? "/" : String(parent)
}

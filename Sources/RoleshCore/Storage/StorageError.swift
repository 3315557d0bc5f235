// What can go wrong with rolesh's files, said so that the user knows what to do next.

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A refused or failed file operation. Every message names the path.
enum StorageError: Error, Equatable, LocalizedError {
    case symbolicLink(path: String)
    case notAFolder(path: String)
    case notAFile(path: String)
    /// Owned by `owner`, while rolesh runs as `user`.
    case notOwned(path: String, owner: UInt32, user: UInt32)
    /// Has permission bits for group or others (`mode` is the full st_mode permission part).
    case openToOthers(path: String, mode: UInt32, isFolder: Bool)
    case notFound(path: String)
    /// A write-once file that is already there.
    case alreadyExists(path: String)
    /// A system call failed: `call` is its name (open, write, fsync, ...), `code` the errno.
    case systemCall(call: String, path: String, code: Int32)

    var errorDescription: String? {
        switch self {
        case let .symbolicLink(path):
            "\(path) is a symbolic link, which rolesh refuses for its own files; remove it (rm \(path)) and try again"
        case let .notAFolder(path):
            "\(path) is not a folder; move it out of the way and try again"
        case let .notAFile(path):
            "\(path) is not a regular file; remove it and try again"
        case let .notOwned(path, owner, user):
            "\(path) is owned by uid \(owner), not by you (uid \(user)); remove it, or set XDG_RUNTIME_DIR or XDG_STATE_HOME to a folder of your own"
        case let .openToOthers(path, mode, isFolder):
            "\(path) is \(Self.exposure(mode)); run chmod \(isFolder ? "700" : "600") \(path)"
        case let .notFound(path):
            "\(path) does not exist"
        case let .alreadyExists(path):
            "\(path) already exists and rolesh never overwrites it; run rolesh clean and try again"
        case let .systemCall(call, path, code):
            "\(call) failed on \(path): \(String(cString: strerror(code)))"
        }
    }

    /// What went wrong, for a message that names the file itself: the system's words for
    /// a failed call, the whole description otherwise.
    var reason: String {
        if case let .systemCall(_, _, code) = self { return String(cString: strerror(code)) }
        return errorDescription ?? "\(self)"
    }

    /// The worst thing the permission bits allow others to do, in words.
    private static func exposure(_ mode: UInt32) -> String {
        if mode & 0o002 != 0 { return "world-writable" }
        if mode & 0o020 != 0 { return "group-writable" }
        return "readable by other users (mode \(String(mode & 0o777, radix: 8)))"
    }
}

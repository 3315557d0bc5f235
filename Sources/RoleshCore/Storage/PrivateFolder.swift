// A folder that only its owner can enter: the state root and each session's folder.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A folder that must be a real folder (not a symbolic link), owned by the user, with no
/// permission bits for group or others — the ssh rule for ~/.ssh, applied to rolesh's state.
struct PrivateFolder: Sendable, Equatable {
    let path: String

    init(path: String) {
        self.path = path
    }

    /// Creates the folder and any missing parents (`mkdir -p`), each new one with mode 0700,
    /// then verifies the folder. Parents that already exist are left exactly as they are.
    func create() throws {
        // Nearly always the folder is there already: one lstat, not a mkdir per parent.
        var status = stat()
        if lstat(path, &status) == 0 {
            try requirePrivate(status, kind: .folder, path: path)
            return
        }
        for folder in Self.prefixes(of: path) {
            if mkdir(folder, 0o700) == 0 {
                try Self.restrictNewFolder(folder)
            } else if errno != EEXIST {
                throw systemCallError("mkdir", folder)
            }
        }
        try verify()
    }

    /// Throws unless the folder exists and is private (see the type's documentation).
    func verify() throws {
        var status = stat()
        guard lstat(path, &status) == 0 else { throw systemCallError("lstat", path) }
        try requirePrivate(status, kind: .folder, path: path)
    }

    /// mkdir's mode passes through the umask; set 0700 exactly on the folder just made.
    /// Through a descriptor opened without following links, so a folder swapped for a
    /// symbolic link in between is refused instead of changing the link's target.
    private static func restrictNewFolder(_ folder: String) throws {
        let descriptor = retryingOnInterrupt { open(folder, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) }
        guard descriptor >= 0 else { throw systemCallError("open", folder) }
        defer { close(descriptor) }
        guard fchmod(descriptor, 0o700) == 0 else { throw systemCallError("fchmod", folder) }
    }

    /// "/a/b/c" → ["/a", "/a/b", "/a/b/c"]; "a/b" → ["a", "a/b"]. Repeated slashes are collapsed.
    static func prefixes(of path: String) -> [String] {
        let components = path.split(separator: "/")
        let root = path.hasPrefix("/") ? "/" : ""
        return components.indices.map { end in
            root + components[...end].joined(separator: "/")
        }
    }
}

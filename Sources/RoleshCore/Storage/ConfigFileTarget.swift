// The config file `sso populate` rewrites: found through symbolic links, read, and replaced
// atomically with its permissions kept (SharedFile), as a file shared with the aws CLI.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The config file as `sso populate` finds it: where its bytes really live (through any
/// symbolic links), what they are, and the mode a replacement keeps.
struct ConfigFileTarget {
    /// The path as configured, for messages.
    let path: String
    /// The file written: `path` with every symbolic link resolved.
    let target: String
    let bytes: [UInt8]
    let mode: mode_t

    init(path: String) throws {
        self.path = path
        var status = stat()
        if lstat(path, &status) != 0 {
            guard errno == ENOENT else { throw systemCallError("lstat", path) }
            // No file yet: made as the aws CLI makes it (`aws configure`: 0600).
            target = path
            bytes = []
            mode = 0o600
            return
        }
        guard let resolved = realpath(path, nil) else {
            throw SSOPopulateError.badConfigFile(path: path, reason: "it is a symbolic link to a file that does not exist")
        }
        target = String(cString: resolved)
        free(resolved)
        guard stat(target, &status) == 0 else { throw systemCallError("stat", target) }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw SSOPopulateError.badConfigFile(path: path, reason: "it is not a regular file")
        }
        mode = status.st_mode & 0o7777
        bytes = try readForeignFile(target)
    }

    /// Replaces the file's bytes, atomically, keeping its mode; makes the folder if missing.
    func replace(with bytes: [UInt8]) throws {
        try makeFolders(parentFolder(of: target))
        try SharedFile.write(bytes, to: target, mode: mode)
    }

    /// Makes `folder` and its parents as botocore makes them (0777 less the umask).
    private func makeFolders(_ folder: String) throws {
        var partial = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            partial += "/" + component
            if mkdir(partial, 0o777) != 0 && errno != EEXIST { throw systemCallError("mkdir", partial) }
        }
    }
}

// Listing and removing what is inside rolesh's folders, for `clean`, `exit --reset` and
// the cache. Never follows a symbolic link: unlink removes the link, not its target.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension PrivateFolder {
    /// True when something (anything, a link included) is at `path`.
    public static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// The names in folder `path` (without `.` and `..`); empty when it cannot be read.
    public static func entries(of path: String) -> [String] {
        guard let folder = opendir(path) else { return [] }
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

    /// Removes the file (or link) at `path`; one that is already gone is fine.
    public static func removeFile(_ path: String) throws {
        guard unlink(path) == 0 || errno == ENOENT else { throw systemCallError("unlink", path) }
    }

    /// Removes folder `path` and the files in it (rolesh's folders hold no subfolders).
    /// A folder that is already gone is fine; a symbolic link in its place is refused.
    public static func removeTree(_ path: String) throws {
        guard exists(path) else { return }
        try PrivateFolder(path: path).verify()
        for name in entries(of: path) {
            try removeFile("\(path)/\(name)")
        }
        guard rmdir(path) == 0 || errno == ENOENT else { throw systemCallError("rmdir", path) }
    }

    /// Seconds since `path` last changed; nil when it cannot be examined.
    public static func modificationAge(_ path: String) -> Double? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        return Double(time(nil) - status.st_mtim.tv_sec)
    }
}

/// The bytes of a file that is not rolesh's own and so passes no privacy check: the AWS
/// config files, entries under /proc. A signal arriving meanwhile (EINTR) is retried.
func readForeignFile(_ path: String) throws(StorageError) -> [UInt8] {
    let descriptor = retryingOnInterrupt { open(path, O_RDONLY | O_CLOEXEC) }
    guard descriptor >= 0 else { throw systemCallError("open", path) }
    defer { close(descriptor) }
    // Reads straight into the result, sized by fstat (one read for most files; a
    // 10,000-profile config took 280 reads of 4 KiB into a buffer then copied), and on
    // until end of file in case the file grows meanwhile.
    var status = stat()
    // One more byte than the size, so that the first read ends the file when it did not grow;
    // /proc's files say their size is 0.
    let capacity = max(4096, (fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0) + 1)
    var bytes: [UInt8] = []
    while true {
        var failed = false
        let chunk = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            let result = retryingOnInterrupt { read(descriptor, buffer.baseAddress!, buffer.count) }
            failed = result < 0
            count = max(0, result)
        }
        guard !failed else { throw systemCallError("read", path) }
        if chunk.isEmpty { return bytes }
        if bytes.isEmpty { bytes = chunk } else { bytes += chunk }
    }
}

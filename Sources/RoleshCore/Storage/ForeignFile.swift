// Reading files that are not rolesh's own (rolesh's own state goes through StateFolder).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

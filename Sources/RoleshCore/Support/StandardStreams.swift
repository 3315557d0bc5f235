// Writes to stdout and stderr without Foundation's buffering, so that what a command
// prints is exactly what it built, in one piece, and the exit status says if it arrived.

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file descriptor that text is written to in full.
package struct OutputStream: Sendable {
    let descriptor: Int32

    package static let standardOutput = OutputStream(descriptor: 1)
    package static let standardError = OutputStream(descriptor: 2)

    /// Writes every byte of `text`, retrying on EINTR and short writes.
    /// Returns false when the descriptor refused (closed pipe, full disk).
    @discardableResult
    package func write(_ text: String) -> Bool {
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc_write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}

/// stdout refused a command's output (`errno` is why): the shell got nothing to eval.
package struct StandardOutputError: LocalizedError, Equatable {
    var errno: Int32

    package init(errno: Int32) {
        self.errno = errno
    }

    package var errorDescription: String? {
        "cannot write to stdout: \(String(cString: strerror(errno))); the shell was left as it was, run the command again"
    }
}

/// Ends the process at once with `status`.
package func terminate(_ status: Int32) -> Never {
    exit(status)
}

private func Glibc_write(_ fd: Int32, _ pointer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    write(fd, pointer, count)
}

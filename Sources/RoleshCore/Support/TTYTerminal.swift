// The real Terminal: the process's controlling terminal, /dev/tty, so that a prompt and its
// answer never pass through stdout (which `eval` reads) or stdin (which may be a pipe).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Asks questions on the controlling terminal.
struct TTYTerminal: Terminal {
    /// The terminal device; tests point it at a pseudo-terminal.
    let path: String

    init(path: String = "/dev/tty") {
        self.path = path
    }

    /// Writes `prompt` to the terminal and reads one line back, without its line end.
    /// A 6-digit MFA code is not secret enough to hide its echo.
    func ask(_ prompt: String) throws -> String {
        let descriptor = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw TerminalError.unavailable }
        defer { close(descriptor) }
        var pending = Array(prompt.utf8)
        while !pending.isEmpty {
            let written = write(descriptor, pending, pending.count)
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { throw TerminalError.unavailable }
            pending.removeFirst(written)
        }
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                if line.isEmpty { throw TerminalError.unavailable }
                break
            }
            if byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }

    /// The picker, drawn on the same terminal.
    func pick(from entries: [PickerEntry]) throws -> String {
        try TerminalPicker(path: path).pick(from: entries)
    }
}

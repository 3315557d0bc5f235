// The terminal picker on a real pseudo-terminal: keys typed on the master side, the
// picker's drawing read back from it, the slave's settings compared before and after.
import Foundation
@testable import RoleshCore
import Testing

/// A pseudo-terminal pair; the picker opens `device`, the test types on and reads `master`.
private final class PseudoTerminal {
    let master: Int32
    let device: String

    init() throws {
        // Glibc's module hides posix_openpt; /dev/ptmx with Linux's ioctls does the same.
        master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        var unlock: CInt = 0
        var number: CUnsignedInt = 0
        try #require(ioctl(master, UInt(0x4004_5431) /* TIOCSPTLCK */, &unlock) == 0)
        try #require(ioctl(master, UInt(0x8004_5430) /* TIOCGPTN */, &number) == 0)
        device = "/dev/pts/\(number)"
        // Held open so the slave's settings outlive each open by the picker.
        slave = open(device, O_RDWR | O_NOCTTY)
    }

    private let slave: Int32

    deinit {
        close(slave)
        close(master)
    }

    var localModes: tcflag_t {
        var settings = termios()
        tcgetattr(slave, &settings)
        return settings.c_lflag
    }

    func type(_ bytes: [UInt8]) {
        _ = write(master, bytes, bytes.count)
    }

    /// Everything the picker drew until `text` appeared (or 5 seconds passed).
    func read(until text: String) -> String {
        var seen = ""
        let deadline = Date().addingTimeInterval(5)
        while !seen.contains(text) && Date() < deadline {
            var request = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&request, 1, 100) > 0 else { continue }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = Glibc.read(master, &buffer, buffer.count)
            if count > 0 { seen += String(decoding: buffer.prefix(count), as: UTF8.self) }
        }
        return seen
    }
}

/// Runs the picker on `terminal` in the background, types `keys` once it is drawn, and
/// returns its answer and what it drew.
private func pick(on terminal: PseudoTerminal, typing keys: [[UInt8]]) throws -> (Result<String, any Error>, String) {
    let done = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var result: Result<String, any Error> = .failure(TerminalError.unavailable)
    let device = terminal.device
    Thread.detachNewThread {
        result = Result { try TerminalPicker(path: device).pick(from: pickerEntries) }
        done.signal()
    }
    var drawn = terminal.read(until: "5/5")
    for key in keys {
        terminal.type(key)
        Thread.sleep(forTimeInterval: 0.1)
    }
    try #require(done.wait(timeout: .now() + 10) == .success)
    drawn += terminal.read(until: "\u{1B}[J")
    return (result, drawn)
}

private let pickCases: [(keys: [[UInt8]], picked: String?)] = [
    ([Array("pro\r".utf8)], "prod"),
    ([[0x1B, 0x5B, 0x42], [0x1B, 0x5B, 0x42], [0x0D]], "prod"),
    ([[0x0E], [0x0E], [0x10], [0x0D]], "dev-eu"),
    ([Array("sandx".utf8), [0x7F], [0x0D]], "sandbox"),
    ([[0x1B]], nil),
    ([Array("pr".utf8), [0x03]], nil),
]

@Test(arguments: pickCases.indices)
func terminal_picker_answers_keys_and_leaves_the_terminal_as_it_found_it(case index: Int) throws {
    let (keys, picked) = pickCases[index]
    let terminal = try PseudoTerminal()
    let before = terminal.localModes
    #expect(before & tcflag_t(ICANON | ECHO) == tcflag_t(ICANON | ECHO))
    let (result, drawn) = try pick(on: terminal, typing: keys)
    switch (result, picked) {
    case (.success(let name), let picked?): #expect(name == picked)
    case (.failure(let error as PickerError), nil): #expect(error == .cancelled)
    default: Issue.record("\(keys): \(result)")
    }
    #expect(terminal.localModes == before)
    #expect(drawn.contains("assume>"))
    #expect(drawn.contains("arn:aws:iam::222222222222:role/Admin"))
}

@Test func terminal_picker_without_a_terminal_is_unavailable() {
    #expect(throws: TerminalError.unavailable) { try TerminalPicker(path: "/nonexistent/tty").pick(from: pickerEntries) }
    #expect(throws: TerminalError.unavailable) { try TerminalPicker(path: "/dev/null").pick(from: pickerEntries) }
}

// The profile picker on the controlling terminal: /dev/tty in raw mode, drawn below the
// cursor and erased when done. stdout is never touched: it is the shell code `eval` reads.
import FoundationEssentials
#if canImport(Glibc)
import Glibc
#endif

/// The user left the picker (Esc or Ctrl-C) without choosing.
enum PickerError: LocalizedError, Equatable {
    case cancelled

    var errorDescription: String? { "cancelled" }
}

/// Runs a `PickerState` on a terminal device until the user picks or cancels.
struct TerminalPicker: Sendable {
    /// The terminal device; tests point it at a pseudo-terminal.
    let path: String

    init(path: String = "/dev/tty") {
        self.path = path
    }

    /// The name of the entry the user picks. Throws `TerminalError.unavailable` when `path`
    /// is not a terminal that can be opened, `PickerError.cancelled` on Esc or Ctrl-C.
    /// The terminal's settings are back as they were on every way out, a signal's included.
    func pick(from entries: [PickerEntry]) throws -> String {
        let terminal = try RawTerminal(path: path)
        defer { terminal.restore() }
        var state = PickerState(entries: entries)
        var decoder = PickerKeyDecoder()
        var top = 0
        while true {
            let view = terminal.view()
            top = view.top(for: state, after: top)
            terminal.draw(view.lines(for: state, top: top), cursorColumn: view.cursorColumn(for: state))
            // A held ESC becomes Esc if nothing follows it within 50 ms: an arrow's bytes come together.
            let keys = try terminal.waitForInput(timeout: decoder.isWaiting ? 50 : -1)
                .map { decoder.feed($0) } ?? decoder.flush()
            for key in keys {
                switch state.handle(key) {
                case .picked(let name): return name
                case .cancelled: throw PickerError.cancelled
                case nil: continue
                }
            }
        }
    }
}

/// What a signal handler needs to put the terminal back; a C handler cannot capture context.
nonisolated(unsafe) private var settingsToRestore: (descriptor: Int32, settings: termios)?

/// The signals that end the process by default and may arrive while the picker runs
/// (raw mode turns the keyboard's own into plain bytes, but `kill` and a hang-up still come).
private let fatalSignals = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]

/// Restores the terminal, then lets the signal do what it would have done.
/// Only async-signal-safe calls: tcsetattr, write, signal, raise.
private func restoreTerminalAndReraise(_ signalNumber: Int32) {
    if var saved = settingsToRestore {
        let erase: StaticString = "\r\u{1B}[J"
        _ = write(saved.descriptor, erase.utf8Start, erase.utf8CodeUnitCount)
        tcsetattr(saved.descriptor, TCSANOW, &saved.settings)
    }
    signal(signalNumber, SIG_DFL)
    raise(signalNumber)
}

/// An open terminal descriptor switched to raw mode, owning the saved settings and the
/// signal handlers that put them back.
private final class RawTerminal {
    private let descriptor: Int32
    private var saved = termios()
    private var previousActions: [(Int32, sigaction)] = []
    private var restored = false

    init(path: String) throws {
        descriptor = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { throw TerminalError.unavailable }
        guard tcgetattr(descriptor, &saved) == 0 else {
            close(descriptor)
            throw TerminalError.unavailable
        }
        settingsToRestore = (descriptor, saved)
        for signalNumber in fatalSignals {
            var previous = sigaction()
            sigaction(signalNumber, nil, &previous)
            // A signal the parent ignores (nohup's SIGHUP) stays ignored: it cannot end the picker.
            if let handler = previous.__sigaction_handler.sa_handler,
               unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self) {
                continue
            }
            var action = sigaction()
            action.__sigaction_handler.sa_handler = restoreTerminalAndReraise
            sigemptyset(&action.sa_mask)
            sigaction(signalNumber, &action, nil)
            previousActions.append((signalNumber, previous))
        }
        var raw = saved
        // No line editing, no echo, keys like Ctrl-C as bytes; output processing stays on.
        raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL | INLCR | IGNCR)
        withUnsafeMutableBytes(of: &raw.c_cc) { characters in
            characters[Int(VMIN)] = 1
            characters[Int(VTIME)] = 0
        }
        // TCSANOW, not TCSAFLUSH: keys typed while rolesh started are kept, not lost.
        guard tcsetattr(descriptor, TCSANOW, &raw) == 0 else {
            restore()
            throw TerminalError.unavailable
        }
    }

    /// Erases the picker, puts the settings and signal handlers back and closes the descriptor.
    func restore() {
        guard !restored else { return }
        restored = true
        send("\r\u{1B}[J")
        tcsetattr(descriptor, TCSANOW, &saved)
        for (signalNumber, var previous) in previousActions {
            sigaction(signalNumber, &previous, nil)
        }
        settingsToRestore = nil
        close(descriptor)
    }

    /// Redraws the picker from the prompt line down and leaves the cursor at `cursorColumn` on it.
    func draw(_ lines: [String], cursorColumn: Int) {
        var frame = "\r\u{1B}[J" + lines.joined(separator: "\r\n")
        if lines.count > 1 { frame += "\u{1B}[\(lines.count - 1)A" }
        frame += "\r\u{1B}[\(cursorColumn)C"
        send(frame)
    }

    /// The bytes the next read returns, or nil when none came within `timeout` milliseconds
    /// (-1: wait for ever). End of input or a failed read is the terminal going away.
    func waitForInput(timeout: Int32) throws -> [UInt8]? {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&request, 1, timeout)
            if ready < 0, errno == EINTR { continue }
            if ready == 0 { return nil }
            guard ready > 0 else { throw TerminalError.unavailable }
            var buffer = [UInt8](repeating: 0, count: 256)
            let count = read(descriptor, &buffer, buffer.count)
            if count < 0, errno == EINTR || errno == EAGAIN { continue }
            guard count > 0 else { throw TerminalError.unavailable }
            return Array(buffer.prefix(count))
        }
    }

    /// The view for the terminal's size now (it may change while the picker runs), 80
    /// columns when the size is unknown. The list takes at most `PickerView.maximumRows`
    /// rows below the prompt, and never more than the terminal's height less two, so the
    /// line above the prompt stays in sight.
    func view() -> PickerView {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0, size.ws_col > 0 else {
            return PickerView(width: 80, listRows: PickerView.maximumRows)
        }
        return PickerView(width: Int(size.ws_col), listRows: min(PickerView.maximumRows, Int(size.ws_row) - 2))
    }

    private func send(_ text: String) {
        var pending = Array(text.utf8)[...]
        while !pending.isEmpty {
            let written = pending.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            if written < 0, errno == EINTR { continue }
            guard written > 0 else { return }
            pending = pending.dropFirst(written)
        }
    }
}

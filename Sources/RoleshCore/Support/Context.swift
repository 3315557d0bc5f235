import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Everything a command needs from the world outside the process: the environment,
/// the network, the clock, the terminal and stderr. The executable builds the real one;
/// tests build theirs around fakes and a temporary folder.
package struct RoleshContext: Sendable {
    /// The process environment, as read at start-up.
    package var environment: [String: String]
    var transport: any HTTPTransport
    var now: @Sendable () -> Date
    var terminal: any Terminal
    /// Writes one message to stderr. Nothing else a command says goes anywhere but stdout.
    var standardError: @Sendable (String) -> Void
    /// The facts read from the system, asked here rather than deep in the code, so that
    /// tests can set them.
    var system: SystemFacts

    init(
        environment: [String: String],
        transport: any HTTPTransport,
        now: @escaping @Sendable () -> Date = { Date() },
        terminal: any Terminal,
        standardError: @escaping @Sendable (String) -> Void,
        system: SystemFacts = .live
    ) {
        self.environment = environment
        self.transport = transport
        self.now = now
        self.terminal = terminal
        self.standardError = standardError
        self.system = system
    }
}

/// What rolesh reads from the system besides the environment: the process it was started
/// from (the shell whose dialect it prints and that owns a new session), the processes that
/// still carry a session, the user and the binary.
struct SystemFacts: Sendable {
    /// The parent process's name (`bash`, `-zsh`), for the dialect of a plain `eval`.
    var parentProcessName: @Sendable () -> String?
    /// The shell a new session belongs to: the parent process and its start time.
    var parentShell: @Sendable () -> SessionOwner?
    /// The local user's name, for role session names.
    var userName: @Sendable () -> String?
    /// The running binary's absolute path, which the shell integration calls back.
    var binaryPath: @Sendable () -> String
    /// The processes of the user whose environment carries a session (SessionOwner): while
    /// there are any, the session's frames stay.
    var processesCarrying: @Sendable (_ session: String) -> [Int32]
    /// Whether the shell that created a session still runs.
    var ownerRuns: @Sendable (SessionOwner) -> Bool

    init(parentProcessName: @escaping @Sendable () -> String?, parentShell: @escaping @Sendable () -> SessionOwner?,
         userName: @escaping @Sendable () -> String?, binaryPath: @escaping @Sendable () -> String = { "rolesh" },
         processesCarrying: @escaping @Sendable (_ session: String) -> [Int32] = SessionOwner.processes(carrying:),
         ownerRuns: @escaping @Sendable (SessionOwner) -> Bool = { $0.isAlive }) {
        self.parentProcessName = parentProcessName
        self.parentShell = parentShell
        self.userName = userName
        self.binaryPath = binaryPath
        self.processesCarrying = processesCarrying
        self.ownerRuns = ownerRuns
    }

    static let live = SystemFacts(
        parentProcessName: { ShellDetection.parentProcessName() },
        parentShell: { SessionOwner.parentShell() },
        userName: { getpwuid(getuid()).flatMap { String(validatingCString: $0.pointee.pw_name) } },
        binaryPath: runningBinaryPath)

    /// /proc/self/exe, or "rolesh" (found in PATH) where that cannot be read.
    private static func runningBinaryPath() -> String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 {
            return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        #endif
        return "rolesh"
    }
}

/// The controlling terminal, for questions that must not go through stdout (MFA codes).
protocol Terminal: Sendable {
    /// Asks `prompt` and returns the line typed, without its newline.
    /// Throws `TerminalError.unavailable` when there is no terminal to ask.
    func ask(_ prompt: String) throws -> String

    /// Lets the user choose one of `entries` (the assume picker) and returns its name.
    /// Throws `TerminalError.unavailable` when there is no terminal, `PickerError.cancelled`
    /// when the user backs out.
    func pick(from entries: [PickerEntry]) throws -> String
}

extension Terminal {
    /// A terminal that only answers questions has no picker.
    func pick(from entries: [PickerEntry]) throws -> String {
        throw TerminalError.unavailable
    }
}

enum TerminalError: Error, Equatable {
    case unavailable
}

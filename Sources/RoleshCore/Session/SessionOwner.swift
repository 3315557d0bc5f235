// Which shell a session belongs to, so that `rolesh clean` can tell the sessions of
// closed shells from live ones without the session key. Not secret: a pid and the
// process's start time (which tells a reused pid from the original).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

package struct SessionOwner: Equatable, Sendable {
    var pid: Int32
    /// Start time of the process in clock ticks since boot (/proc/PID/stat field 22).
    var startTime: UInt64

    init(pid: Int32, startTime: UInt64) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The shell that runs rolesh: its parent process (`$(rolesh …)` in bash, zsh and fish
    /// runs a simple command directly under the shell).
    static func parentShell() -> SessionOwner? {
        let pid = getppid()
        return startTime(of: pid).map { SessionOwner(pid: pid, startTime: $0) }
    }

    /// True while the very process that created the session runs.
    var isAlive: Bool {
        Self.startTime(of: pid) == startTime
    }

    /// The processes of this user, other than this one, whose environment carries
    /// `session` (ROLESH_SESSION=ID in /proc/PID/environ): a shell that inherited it, a tmux
    /// server that will hand it to the panes it opens later. A session is removed only when
    /// there are none (issue 13 §2). /proc/PID/environ is the environment the process
    /// started with, which is what it hands to its children.
    static func processes(carrying session: String) -> [Int32] {
        guard let proc = opendir("/proc") else { return [] }
        defer { closedir(proc) }
        let needle = Array("\u{0}ROLESH_SESSION=\(session)\u{0}".utf8)
        let user = geteuid(), me = getpid()
        var carriers: [Int32] = []
        while let entry = readdir(proc) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard let pid = Int32(name), pid != me else { continue }
            var status = stat()
            guard stat("/proc/\(name)", &status) == 0, status.st_uid == user,
                  let environment = try? readForeignFile("/proc/\(name)/environ") else { continue }
            // A leading NUL makes the first variable match like the others.
            if ([0] + environment).contains(needle) { carriers.append(pid) }
        }
        return carriers
    }

    /// `PID STARTTIME`, the content of a session's `owner` file.
    var record: String { "\(pid) \(startTime)\n" }

    init?(record: String) {
        let fields = record.split(whereSeparator: { $0 == " " || $0 == "\n" })
        guard fields.count == 2, let pid = Int32(fields[0]), let start = UInt64(fields[1]) else { return nil }
        self.init(pid: pid, startTime: start)
    }

    static func startTime(of pid: Int32) -> UInt64? {
        guard let bytes = try? readForeignFile("/proc/\(pid)/stat") else { return nil }
        return parseStartTime(stat: String(decoding: bytes, as: UTF8.self))
    }

    /// Field 22 of /proc/PID/stat. The command name (field 2) may hold spaces and
    /// parentheses, so fields are counted from the last `)`.
    static func parseStartTime(stat: String) -> UInt64? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state); field 22 is at index 19.
        guard fields.count > 19 else { return nil }
        return UInt64(fields[19])
    }
}

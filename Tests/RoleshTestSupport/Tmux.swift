// A terminal for tests that must type keys: a detached tmux session on a private socket,
// driven with send-keys and read with capture-pane.
import Foundation

public final class TmuxSession: @unchecked Sendable {
    private let socket = "rolesh-test-\(UUID().uuidString)"
    private let environment: [String: String]

    /// Starts `command` (a shell command line) in a new 200x50 terminal.
    public init(_ command: String, environment: [String: String]) throws {
        var environment = environment
        environment["TERM"] = environment["TERM"] ?? "xterm-256color"
        self.environment = environment
        // The server tmux forks keeps every descriptor its client had: give it /dev/null for
        // stdout and stderr and close the rest (pipes of runProcess calls, this one's or a
        // concurrent test's), which would otherwise never reach their end.
        let start = #"""
            for fd in /proc/$$/fd/*; do fd=${fd##*/}; ((fd > 2)) && eval "exec $fd>&-"; done
            exec tmux -L "$1" -f /dev/null new-session -d -x 200 -y 50 "$2" </dev/null >/dev/null 2>&1
            """#
        let started = try runProcess("/bin/bash", ["-c", start, "bash", socket, command], environment: environment, timeout: 20)
        guard started.status == 0 else { throw TestSupportError("tmux new-session failed for \(command)") }
    }

    deinit {
        _ = try? tmux(["kill-server"])
    }

    /// Types `keys`: text as is, or tmux key names with `literal: false` (Tab, Enter, Up, C-c, Escape).
    public func send(_ keys: String..., literal: Bool = true) throws {
        try tmux(["send-keys"] + (literal ? ["-l"] : []) + ["--"] + keys)
    }

    /// What the terminal shows now, trailing blank lines dropped.
    public func screen() throws -> String {
        try tmux(["capture-pane", "-p"]).stdout.replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }

    /// Polls the screen until `predicate` holds; returns the last screen either way.
    @discardableResult
    public func waitForScreen(timeout: TimeInterval = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = try screen()
        while !predicate(last) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            last = try screen()
        }
        return last
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> ProcessResult {
        let result = try runProcess("tmux", ["-L", socket, "-f", "/dev/null"] + arguments, environment: environment, timeout: 20)
        guard result.status == 0 || arguments == ["kill-server"] else {
            throw TestSupportError("tmux \(arguments.first ?? "") failed: \(result.stderr)")
        }
        return result
    }
}

// An interactive shell in a detached tmux pane on a private server: the test types at the
// prompt (send-keys) and reads the screen (capture-pane), polling with a deadline.
import Foundation

/// Execs argv[1:] the way a login would start it, not the way the test runner would: every
/// signal unblocked (the runner's threads block most of them, and a tmux server or shell that
/// inherits that mask never hears SIGHUP, so kill-server would leave it running), and only
/// stdin, stdout and stderr open, on /dev/null (the server the tmux client forks keeps the
/// client's descriptors, and runProcess waits until its own are closed).
private let cleanExec = """
    import os, signal, sys
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    os.execv(sys.argv[1], sys.argv[1:])
    """

package final class TmuxSession: @unchecked Sendable {
    private let socket: String
    private let tmuxEnvironment: [String: String]
    private var step = 0
    /// The socket's folder when this session made it (the convenience initialiser).
    private var ownedFolder: String?

    /// Starts `command` (run under `env -i` with exactly `environment`) in a 200×50 pane of a
    /// new tmux server whose socket lives in `folder`.
    package init(command: [String], environment: [String: String], folder: String) throws {
        socket = "rolesh-\(UUID().uuidString.prefix(8))"
        tmuxEnvironment = ["PATH": "/usr/bin:/bin", "HOME": folder, "TMUX_TMPDIR": folder, "TERM": "xterm-256color"]
        let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let started = try runProcess(
            "/usr/bin/python3", ["-c", cleanExec, "/usr/bin/env", "--default-signal", "/usr/bin/tmux", "-L", socket,
                                 "-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "50", "-s", "test", "--",
                                 "/usr/bin/env", "-i"] + assignments + command,
            environment: tmuxEnvironment, timeout: 30)
        guard started.status == 0 else { throw TestSupportError("tmux new-session failed with status \(started.status)") }
    }

    /// Starts the shell command line `command` with exactly `environment`, its socket in a
    /// temporary folder; the server goes when the session does.
    package convenience init(_ command: String, environment: [String: String]) throws {
        let folder = try TestPaths.temporaryFolder("rolesh-tmux")
        var environment = environment
        environment["TERM"] = environment["TERM"] ?? "xterm-256color"
        try self.init(command: ["/bin/sh", "-c", command], environment: environment, folder: folder)
        ownedFolder = folder
    }

    deinit {
        if let ownedFolder {
            close()
            try? FileManager.default.removeItem(atPath: ownedFolder)
        }
    }

    /// Types `keys`: text as is, or tmux key names with `literal: false` (Tab, Enter, Up, C-c, Escape).
    package func send(_ keys: String..., literal: Bool = true) throws {
        try tmux(["send-keys", "-t", "test"] + (literal ? ["-l"] : []) + ["--"] + keys)
    }

    /// Polls the screen until `predicate` holds; returns the last screen either way.
    @discardableResult
    package func waitForScreen(timeout: TimeInterval = 10, _ predicate: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = try screen()
        while !predicate(last) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            last = try screen()
        }
        return last
    }

    /// Kills the tmux server and the shell in it. Call it before the folder that holds the
    /// socket is removed (a `defer` after the one that removes it runs first).
    package func close() {
        _ = try? tmux(["kill-server"])
    }

    /// The pane's text, scrollback included, wrapped lines joined; trailing blanks of each
    /// line and blank lines at the end dropped (a completed word ends in a space).
    package func screen() throws -> String {
        let text = try tmux(["capture-pane", "-p", "-J", "-t", "test", "-S", "-500"]).stdout
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
        }
        return lines.reversed().drop(while: \.isEmpty).reversed().joined(separator: "\n")
    }

    /// Polls the screen until `done` holds for it, or fails after `timeout` seconds.
    @discardableResult
    package func waitFor(_ what: String, timeout: TimeInterval = 60, _ done: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let text = try screen()
            if done(text) { return text }
            guard Date() < deadline else {
                throw TestSupportError("timed out waiting for \(what); the screen:\n\(text)")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// What one typed command printed, and the prompt drawn after it.
    package struct Typed: Sendable {
        package var output: [String]
        package var prompt: String
    }

    /// Types `command` and Enter, followed on the same line by an `echo` of a marker (typed
    /// as `STEP""N` so that only its output reads `STEPN`), and waits until the marker and,
    /// after it, a prompt starting with `promptPrefix` are on the screen.
    package func type(_ command: String, promptPrefix: String, timeout: TimeInterval = 60) throws -> Typed {
        step += 1
        let marker = "STEP\(step)"
        try tmux(["send-keys", "-t", "test", "-l", "\(command); echo STEP\"\"\(step)"])
        try tmux(["send-keys", "-t", "test", "Enter"])
        var typed = Typed(output: [], prompt: "")
        try waitFor("\(marker) and a prompt after it", timeout: timeout) { text in
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            guard let end = lines.lastIndex(of: marker),
                  let prompt = lines[(end + 1)...].first(where: { $0.hasPrefix(promptPrefix) }),
                  let start = lines[..<end].lastIndex(where: { $0.contains("STEP\"\"\(step)") })
            else { return false }
            typed = Typed(output: Array(lines[(start + 1)..<end]), prompt: prompt)
            return true
        }
        return typed
    }

    @discardableResult
    private func tmux(_ arguments: [String]) throws -> ProcessResult {
        let result = try runProcess("/usr/bin/tmux", ["-L", socket, "-f", "/dev/null"] + arguments,
                                    environment: tmuxEnvironment, timeout: 30)
        guard result.status == 0 else {
            throw TestSupportError("tmux \(arguments.first ?? "") failed: \(result.stderr)")
        }
        return result
    }
}

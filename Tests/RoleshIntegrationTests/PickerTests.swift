// The assume picker in a real terminal: bash in tmux runs `rolesh assume` with no profile
// inside $( ), keys are typed into the picker, and the test reads back what the command
// substitution captured (stdout), stderr, the exit status and `stty -a` taken right after.
import Foundation
import RoleshTestSupport
import Testing

/// Five profiles; sorted, the third is `ops`. Only `prod` has "pro" in its name or role ARN.
private let pickerProfiles = ["dev", "dev-eu", "ops", "prod", "sandbox"]

private func pickerConfig(_ names: [String]) -> String {
    names.map { name in
        "[profile \(name)]\nrole_arn = arn:aws:iam::123456789012:role/\(name.capitalized)\ncredential_source = Environment\n"
    }.joined(separator: "\n")
}

/// What one `rolesh assume` left behind.
private struct PickerRun {
    var status: Int
    var stdout: String
    var stderr: String
    /// The words of `stty -a` right after rolesh exited.
    var terminalModes: Set<String>
}

/// bash in tmux, in a sandbox HOME whose config has `pickerConfig`, with keys in the
/// environment and STS at `endpoint`.
private final class PickerShell {
    private let sandbox: RoleshSandbox
    let terminal: TmuxSession
    private let count: Int
    private var runs = 0

    init(stsEndpoint: String, profiles: [String] = pickerProfiles) throws {
        count = profiles.count
        sandbox = try RoleshSandbox(config: pickerConfig(profiles), environment: [
            "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
            "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL_STS": stsEndpoint,
            "PATH": pathWithRolesh(),
        ])
        try sandbox.write("PS1='READY> '\n", to: ".bashrc")
        terminal = try TmuxSession("bash --rcfile \(sandbox.home)/.bashrc", environment: sandbox.environment)
        try terminal.waitForScreen { $0.contains("READY>") }
    }

    var home: String { sandbox.home }

    /// Starts `rolesh assume` (through `wrapper`, a prefix that must end by running it),
    /// waits for the picker, then lets `interact` type into it; returns what the run left.
    func assume(wrapper: String = "", _ interact: (TmuxSession) throws -> Void) throws -> PickerRun {
        runs += 1
        let marker = "DONE-\(runs) "
        try terminal.send("""
            out=$(\(wrapper)rolesh assume --shell bash 2>"$HOME/err"); status=$?; stty -a >"$HOME/stty"; \
            printf %s "$out" >"$HOME/out"; printf '%s-%s %s\\n' DONE \(runs) "$status"
            """)
        try terminal.send("Enter", literal: false)
        let picker = try terminal.waitForScreen { $0.contains("assume>") && $0.contains("\(count)/\(count)") }
        try #require(picker.contains("arn:aws:iam::123456789012:role/"), "no picker: \(picker)")
        try interact(terminal)
        let screen = try terminal.waitForScreen(timeout: 30) { $0.split(separator: "\n").contains { $0.hasPrefix(marker) } }
        let line = try #require(screen.split(separator: "\n").last { $0.hasPrefix(marker) }, "\(screen)")
        func file(_ name: String) throws -> String { try String(contentsOfFile: "\(home)/\(name)", encoding: .utf8) }
        return PickerRun(
            status: try #require(Int(line.dropFirst(marker.count))), stdout: try file("out"), stderr: try file("err"),
            terminalModes: Set(try file("stty").split(whereSeparator: { $0 == " " || $0 == ";" || $0 == "\n" }).map(String.init)))
    }
}

/// The terminal modes a shell needs back after the picker's raw mode.
private let cookedModes: Set<String> = ["icanon", "echo", "isig", "icrnl"]

/// Keys typed into the picker (tmux key names) and the profile they pick, one after the
/// other in one shell: each pick moves its profile up the unfiltered list (most used first).
private let picks: [(keys: [(String, literal: Bool)], role: String)] = [
    ([("pro", true), ("Enter", false)], "prod"),
    // prod first now, then by name: prod, dev, dev-eu, ops, sandbox.
    ([("Down", false), ("Down", false), ("Enter", false)], "dev-eu"),
    ([("sandx", true), ("BSpace", false), ("Enter", false)], "sandbox"),
    // Three used once each (by name: dev-eu, prod, sandbox), then dev and ops.
    ([("C-n", false), ("C-n", false), ("C-p", false), ("Enter", false)], "prod"),
]

@Test func picker_in_a_terminal_assumes_the_profile_picked_with_keys() throws {
    let moto = try MotoServer()
    let shell = try PickerShell(stsEndpoint: moto.endpoint)
    for (keys, role) in picks {
        let run = try shell.assume { terminal in
            for (key, literal) in keys {
                try terminal.send(key, literal: literal)
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        #expect(run.status == 0, "\(keys): \(run.stderr)")
        #expect(run.stderr == "", "\(keys)")
        #expect(run.stdout.contains("export ROLESH_ROLE='\(role)'\n"), "\(keys): \(run.stdout)")
        #expect(run.stdout.contains("export AWS_ACCESS_KEY_ID='"), "\(keys)")
        // stdout is eval'd: every line a statement, nothing of the picker's drawing.
        #expect(run.stdout.split(separator: "\n").allSatisfy { $0.hasPrefix("export ") || $0.hasPrefix("unset ") }, "\(run.stdout)")
        #expect(!run.stdout.contains("assume>") && !run.stdout.contains("\u{1B}"), "\(run.stdout)")
        #expect(run.terminalModes.isSuperset(of: cookedModes), "\(keys): \(run.terminalModes)")
    }
}

@Test(arguments: [("Escape", "a lone Esc"), ("C-c", "Ctrl-C")])
func picker_cancelled_fails_with_nothing_on_stdout_and_the_terminal_cooked(key: String, name: String) throws {
    let shell = try PickerShell(stsEndpoint: "http://127.0.0.1:9")
    let run = try shell.assume { terminal in
        try terminal.send("de")
        Thread.sleep(forTimeInterval: 0.1)
        try terminal.send(key, literal: false)
    }
    #expect(run.status != 0, "\(name)")
    #expect(run.stdout == "", "\(name)")
    #expect(run.stderr == "rolesh: cancelled\n", "\(name)")
    #expect(run.terminalModes.isSuperset(of: cookedModes), "\(name): \(run.terminalModes)")
    #expect(!run.terminalModes.contains("-icanon") && !run.terminalModes.contains("-echo"))
}

@Test(arguments: [SIGTERM, SIGHUP, SIGINT])
func a_signal_while_the_picker_runs_restores_the_terminal_and_still_ends_rolesh(signal: Int32) throws {
    let shell = try PickerShell(stsEndpoint: "http://127.0.0.1:9")
    // Python records its pid, then becomes rolesh: the test signals exactly the process it
    // started. It also clears the signal mask, which the test runner's children inherit with
    // SIGINT, SIGTERM and SIGHUP blocked, where a shell in a real terminal has none blocked.
    let script = "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
        + "open(os.environ['HOME'] + '/pid', 'w').write(str(os.getpid())); os.execvp(sys.argv[1], sys.argv[1:])"
    let wrapper = "'\(TestPaths.python)' -c \"\(script)\" "
    let run = try shell.assume(wrapper: wrapper) { _ in
        let pid = try #require(Int32(String(contentsOfFile: "\(shell.home)/pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, signal) == 0)
    }
    #expect(run.status == 128 + Int(signal), "killed by the signal, as without the picker")
    #expect(run.stdout == "")
    #expect(run.terminalModes.isSuperset(of: cookedModes), "\(run.terminalModes)")
}

@Test func picker_matches_fuzzily_edits_with_ctrl_u_and_ctrl_w_marks_the_active_role_and_leaves_nothing_behind() throws {
    let moto = try MotoServer()
    let teams = (1...15).map { "team-\($0 < 10 ? "0" : "")\($0)" }
    let shell = try PickerShell(stsEndpoint: moto.endpoint, profiles: pickerProfiles + teams)
    // The prompt at the bottom row: the picker's rows make the terminal scroll.
    try shell.terminal.send("seq 60; clear -x 2>/dev/null; seq 60")
    try shell.terminal.send("Enter", literal: false)
    var seen: [String] = []
    let run = try shell.assume(wrapper: "ROLESH_ROLE=ops ") { terminal in
        let open = try terminal.screen()
        let rows = open.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("assume>") }.dropFirst()
        seen.append("\(rows.count) rows below the prompt")
        #expect(rows.count == 12, "at most 12 rows below the prompt:\n\(open)")
        #expect(open.contains(" * ops "), "the active role is marked:\n\(open)")
        for (keys, literal, expected) in [("zzz", true, "assume> zzz  0/20"), ("Enter", false, "assume> zzz  0/20  no match"),
                                          ("C-u", false, "assume>   20/20"), ("team-1", true, "assume> team-1  7/20"),
                                          ("C-w", false, "assume> team-  15/20"), ("C-u", false, "assume>   20/20"),
                                          ("prd", true, "assume> prd  1/20")] {
            try terminal.send(keys, literal: literal)
            let screen = try terminal.waitForScreen { $0.contains(expected) }
            #expect(screen.contains(expected), "after \(keys):\n\(screen)")
        }
        try terminal.send("Enter", literal: false)
    }
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("export ROLESH_ROLE='prod'\n"), "\(run.stdout)")
    // The picker erased itself: nothing of it on the screen or in the scrollback.
    let after = try shell.terminal.screen()
    #expect(!after.contains("assume>") && !after.contains("team-0"), "\(seen)\n\(after)")
}

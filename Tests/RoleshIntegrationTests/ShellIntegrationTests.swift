// What `rolesh init` prints, sourced by real bash, zsh and fish: the `rolesh` function, the
// prompt helper and the hooks. A fake binary that records its calls stands in for rolesh
// where the test needs to choose what it prints and how it exits.
import Foundation
import Testing
@testable import RoleshCore
import RoleshTestSupport

/// What these scenarios need of a shell under test beyond `TestShell` (the one table of
/// shells under test): `{load}` and the other tokens of a template are replaced by these.
extension TestShell {
    var program: String { rawValue }
    var dialect: any ShellDialect { ShellDetection.dialect(named: rawValue)! }

    /// Loads the integration of the binary under test. fish's own first-prompt handler sets
    /// up an interactive session (and starts a background completion generator that holds
    /// stdout open); the tests drop it and keep only rolesh's.
    var loadUnderTest: String {
        self == .fish
            ? #"functions -e __fish_on_interactive; $ROLESH_UNDER_TEST init fish | source"#
            : #"eval "$("$ROLESH_UNDER_TEST" init \#(rawValue))""#
    }

    /// Points the integration at the fake binary.
    var useFake: String { self == .fish ? #"set -g __rolesh_bin $FAKE_BIN"# : #"__rolesh_bin=$FAKE_BIN"# }

    /// Runs the prompt hooks as the interactive shell would before a prompt.
    var firePrompt: String {
        switch self {
        case .bash: #"for __c in "${PROMPT_COMMAND[@]}"; do eval "$__c"; done"#
        case .zsh: #"for __f in "${precmd_functions[@]}"; do "$__f"; done"#
        case .fish: "emit fish_prompt"
        }
    }

    func script(_ template: String) -> String {
        template.replacing("{load}", with: loadUnderTest).replacing("{fake}", with: useFake)
            .replacing("{prompt}", with: firePrompt).replacing("{status}", with: lastStatus)
    }
}

private let bash = TestShell.bash, zsh = TestShell.zsh
private let allShells = TestShell.allCases

/// A folder with a fake rolesh that appends its arguments to `calls`, prints FAKE_OUTPUT
/// and exits with FAKE_STATUS.
private struct Workspace {
    let folder: String
    var fake: String { "\(folder)/fake-rolesh" }
    var callsFile: String { "\(folder)/calls" }

    init() throws {
        folder = try TestPaths.temporaryFolder("rolesh-integration")
        let fakeScript = """
            #!/bin/sh
            printf '%s\\n' "$*" >> "\(folder)/calls"
            printf '%s\\n' "$FAKE_OUTPUT"
            exit "${FAKE_STATUS:-0}"

            """
        try fakeScript.write(toFile: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
    }

    var calls: [String] {
        ((try? String(contentsOfFile: callsFile, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Runs `template` in `shell` with a clean environment plus `extra`. The shell inherits a
    /// session, as a child shell would, so it does not own one and never cleans on exit;
    /// `ownSession` runs it as the shell that creates the session.
    func run(_ shell: TestShell, _ template: String, _ extra: [String: String] = [:], ownSession: Bool = false) throws -> ProcessResult {
        var environment = [
            "PATH": "/usr/bin:/bin", "HOME": folder, "LC_ALL": "C.UTF-8",
            "ROLESH_UNDER_TEST": TestPaths.rolesh, "FAKE_BIN": fake,
        ]
        if !ownSession { environment.merge(["ROLESH_SESSION": "parent", "ROLESH_SESSION_KEY": "key"]) { $1 } }
        environment.merge(extra) { $1 }
        return try runProcess(shell.program, ["-c", shell.script(template)], environment: environment, currentDirectory: folder)
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

private var now: Int { Int(Date().timeIntervalSince1970) }

struct ShellIntegrationTests {
    @Test(arguments: allShells)
    func sourcing_twice_installs_one_prompt_hook(shell: TestShell) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run(shell, "{load}; {load}; {fake}; {prompt}", ["ROLESH_EXPIRES": "\(now + 60)"])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(workspace.calls == ["refresh --auto --shell \(shell.program)"])
    }

    /// As `make install` puts them in share/rolesh/: without init's preamble.
    @Test(arguments: allShells)
    func the_script_sourced_as_it_is_loads_the_integration_through_init(shell: TestShell) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let script = "\(TestPaths.packageRoot)/shell/rolesh.\(shell.program)"
        let folder = URL(fileURLWithPath: TestPaths.rolesh).deletingLastPathComponent().path
        let result = try workspace.run(shell, "source '\(script)'; rolesh --version; echo \"$__rolesh_bin\"; type rolesh_prompt >/dev/null && echo prompt",
                                       ["PATH": "\(folder):/usr/bin:/bin"])
        #expect(result.stderr == "")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == 3 && lines[0] == RoleshVersion.current && lines[1].hasSuffix("/rolesh") && lines[2] == "prompt", "\(lines)")
    }

    @Test func bash_keeps_an_array_prompt_command_and_its_entries() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run(bash, #"PROMPT_COMMAND=(mine "echo x"); {load}; {load}; printf '<%s>' "${PROMPT_COMMAND[@]}""#)
        #expect(result.stdout == "<__rolesh_hook><mine><echo x>")
        let string = try workspace.run(bash, #"PROMPT_COMMAND="mine"; {load}; {load}; printf '<%s>' "$PROMPT_COMMAND""#)
        #expect(string.stdout == "<__rolesh_hook;mine>")
    }

    @Test func zsh_lists_its_hooks_once() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run(zsh, "precmd_functions=(mine); {load}; {load}; print -r -- $precmd_functions / $zshexit_functions")
        // Completion registers itself before each prompt until compinit has run (here: never).
        #expect(result.stdout == "__rolesh_hook mine __rolesh_register_completion / __rolesh_exit_hook\n")
    }

    @Test(arguments: allShells)
    func the_prompt_helper_prints_role_and_time_left_without_any_program(shell: TestShell) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        // PATH points nowhere once the integration is loaded: any program the helper ran would fail.
        let template = shell.program == "fish"
            ? "{load}; set PATH /nonexistent; printf '<%s>' (rolesh_prompt)"
            : "{load}; PATH=/nonexistent; printf '<%s>' \"$(rolesh_prompt)\""
        let cases: [([String: String], String)] = [
            ([:], #"^<>$"#),
            (["ROLESH_EXPIRES": "\(now + 3590)"], #"^<>$"#),
            (["ROLESH_ROLE": "prod", "ROLESH_EXPIRES": "\(now + 3590)"], #"^<prod 59m>$"#),
            (["ROLESH_ROLE": "prod", "ROLESH_EXPIRES": "\(now + 290)"], #"^<prod 4m>$"#),
            (["ROLESH_ROLE": "prod", "ROLESH_EXPIRES": "\(now + 45)"], #"^<prod 4[345]s>$"#),
            (["ROLESH_ROLE": "prod", "ROLESH_EXPIRES": "\(now - 10)"], #"^<prod expired>$"#),
            (["ROLESH_ROLE": "prod", "ROLESH_EXPIRES": "\(now + 7530)"], #"^<prod 2h05m>$"#),
            (["ROLESH_ROLE": "prod", "ROLESH_EXPIRES": "\(now + 3590)", "ROLESH_DEPTH": "2"], #"^<prod 59m \[2\]>$"#),
            (["ROLESH_ROLE": "prod", "ROLESH_EXPIRES": "\(now + 3590)", "ROLESH_DEPTH": "1"], #"^<prod 59m>$"#),
            (["ROLESH_ROLE": "prod", "ROLESH_EXPIRES": "$(touch CANARY)"], #"^<prod>$"#),
        ]
        for (environment, pattern) in cases {
            let result = try workspace.run(shell, template, environment)
            let regex = try Regex(pattern)
            #expect(result.stdout.firstMatch(of: regex) != nil, "\(environment): \(result.stdout.debugDescription)")
            #expect(result.stderr == "")
        }
        #expect(!FileManager.default.fileExists(atPath: "\(workspace.folder)/CANARY"))
    }

    @Test(arguments: allShells)
    func the_function_passes_other_commands_through(shell: TestShell) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let version = try workspace.run(shell, "{load}; rolesh --version; echo status={status}")
        #expect(version.stdout == "\(RoleshVersion.current)\nstatus=0\n")
        let unknown = try workspace.run(shell, "{load}; rolesh no-such-command; echo status={status}")
        #expect(unknown.stdout == "status=64\n")
        #expect(unknown.stderr.contains("no-such-command"))
    }

    @Test(arguments: allShells)
    func the_function_evals_output_only_on_success_and_returns_the_status(shell: TestShell) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let output = try ShellExport(["ROLESH_ROLE": "it's\nprod", "ROLESH_DEPTH": "1"]).render(in: shell.dialect)
        let report = "{load}; {fake}; rolesh assume prod --region eu-west-1; echo status={status}; printf '<%s>' \"$ROLESH_ROLE\""

        let success = try workspace.run(shell, report, ["FAKE_OUTPUT": output])
        #expect(success.stdout == "status=0\n<it's\nprod>")
        #expect(success.stderr == "")

        let failure = try workspace.run(shell, report, ["FAKE_OUTPUT": output, "FAKE_STATUS": "7"])
        #expect(failure.stdout == "status=7\n<>")

        let help = try workspace.run(shell, "{load}; {fake}; rolesh exit --help; echo status={status}", ["FAKE_OUTPUT": "echo EVALUATED"])
        #expect(help.stdout == "echo EVALUATED\nstatus=0\n")
        // The function names its own dialect: nothing exported does (a child shell of another
        // kind would inherit it).
        let assume = "assume --shell \(shell.program) prod --region eu-west-1"
        #expect(workspace.calls == [assume, assume, "exit --help"])
    }

    @Test(arguments: allShells)
    func the_hook_starts_nothing_without_a_role_or_with_time_to_spare(shell: TestShell) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        for environment in [[:], ["ROLESH_EXPIRES": "\(now + 3600)"], ["ROLESH_EXPIRES": "\(now + 100)", "ROLESH_REFRESH_BEFORE": "60"]] {
            let result = try workspace.run(shell, "{load}; {fake}; {prompt}; echo ran", environment)
            #expect(result.stdout == "ran\n")
        }
        #expect(workspace.calls == [])
    }

    @Test(arguments: allShells)
    func the_hook_refreshes_near_expiry_and_evals_the_result(shell: TestShell) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let output = try ShellExport(["ROLESH_EXPIRES": "\(now + 3600)"]).render(in: shell.dialect)
        let result = try workspace.run(shell, "{load}; {fake}; {prompt}; {prompt}; echo \"$ROLESH_EXPIRES\"",
                                       ["ROLESH_EXPIRES": "\(now + 200)", "FAKE_OUTPUT": output])
        #expect(result.stdout.hasSuffix("\(now + 3600)\n") || result.stdout.hasSuffix("\(now + 3599)\n"), "\(result.stdout.debugDescription) \(result.stderr)")
        #expect(workspace.calls == ["refresh --auto --shell \(shell.program)"])
    }

    @Test(arguments: allShells)
    func after_an_mfa_warning_the_hook_waits_for_new_credentials(shell: TestShell) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run(shell, "{load}; {fake}; {prompt}; {prompt}; {prompt}; echo done",
                                       ["ROLESH_EXPIRES": "\(now + 200)", "FAKE_OUTPUT": "echo EVALUATED", "FAKE_STATUS": "3"])
        #expect(result.stdout == "done\n")
        #expect(workspace.calls == ["refresh --auto --shell \(shell.program)"])
    }

    @Test(arguments: allShells)
    func after_a_failed_refresh_the_hook_waits_a_minute(shell: TestShell) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run(shell, "{load}; {fake}; {prompt}; {prompt}; {prompt}; echo done",
                                       ["ROLESH_EXPIRES": "\(now + 200)", "FAKE_OUTPUT": "echo EVALUATED", "FAKE_STATUS": "1"])
        #expect(result.stdout == "done\n")
        #expect(workspace.calls == ["refresh --auto --shell \(shell.program)"])
    }

    /// direnv tells users to put its line last; rolesh's hook comes back at the next switch.
    @Test func a_switch_puts_back_the_prompt_hook_a_later_rc_line_replaced() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let bashHooks = try workspace.run(bash, #"{load}; PROMPT_COMMAND=mine; {fake}; rolesh assume prod; rolesh exit; printf '<%s>' "${PROMPT_COMMAND[@]}""#)
        #expect(bashHooks.stdout == "<__rolesh_hook;mine>")
        let zshHooks = try workspace.run(zsh, "{load}; precmd_functions=(mine); {fake}; rolesh assume prod; rolesh exit; print -r -- $precmd_functions")
        #expect(zshHooks.stdout == "__rolesh_hook mine\n")
    }

    @Test(arguments: [bash, zsh])
    func the_hook_keeps_the_last_status(shell: TestShell) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let output = try ShellExport(["ROLESH_EXPIRES": "\(now + 3600)"]).render(in: shell.dialect)
        let template = "{load}; {fake}; (exit 5); __rolesh_hook; echo a=$?; ROLESH_EXPIRES=\(now + 10); (exit 6); __rolesh_hook; echo b=$?"
        let result = try workspace.run(shell, template, ["FAKE_OUTPUT": output])
        #expect(result.stdout == "a=5\nb=6\n")
        #expect(workspace.calls == ["refresh --auto --shell \(shell.program)"])
    }

    @Test(arguments: allShells)
    func the_shell_that_created_the_session_cleans_it_on_exit(shell: TestShell) throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let idle = try workspace.run(shell, "{load}; {fake}; echo $ROLESH_SESSION", ownSession: true)
        #expect(idle.stdout.trimmingCharacters(in: .whitespacesAndNewlines).count == 32)
        #expect(workspace.calls == [], "a session that never switched has no folder: no process at exit")

        // The fake switches nothing: mkdir stands in for the folder a real switch makes.
        let owner = try workspace.run(shell, "{load}; {fake}; rolesh assume prod; mkdir -p $__rolesh_session_dir; echo $ROLESH_SESSION", ownSession: true)
        let session = owner.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(session.count == 32)
        #expect(workspace.calls == ["assume --shell \(shell.program) prod", "clean --session \(session)"])

        try? FileManager.default.removeItem(atPath: workspace.callsFile)
        // A shell that inherited a session takes its own (issue 13 §2); never switching, it
        // has no folder to clean either.
        let child = try workspace.run(shell, "{load}; {fake}; echo $ROLESH_SESSION")
        let own = child.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(own.count == 32 && own != "parent", "\(child.stdout)")
        #expect(workspace.calls == [])
    }

    @Test func bash_runs_an_existing_exit_trap_after_its_own() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let result = try workspace.run(
            bash, #"trap 'echo "bye $?"' EXIT; {load}; {load}; {fake}; rolesh assume prod; rolesh exit; mkdir -p "$__rolesh_session_dir"; exit 4"#,
            ownSession: true)
        #expect(result.stdout == "bye 4\n")
        #expect(result.status == 4)
        #expect(workspace.calls.count == 3 && workspace.calls[2].hasPrefix("clean --session "), "one clean: the trap is set once")
    }

    @Test func bash_sets_no_exit_trap_before_a_switch() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let idle = try workspace.run(bash, #"{load}; trap -p EXIT; {fake}; {prompt}; trap -p EXIT; echo end"#, ownSession: true)
        #expect(idle.stdout == "end\n")
        // A switch sets it; so does the prompt hook once the session has a folder.
        let switched = try workspace.run(bash, #"{load}; {fake}; rolesh assume prod; trap -p EXIT"#, ownSession: true)
        #expect(switched.stdout == "trap -- '__rolesh_exit_hook' EXIT\n")
        let prompted = try workspace.run(bash, #"{load}; {fake}; mkdir -p "$__rolesh_session_dir"; {prompt}; trap -p EXIT"#, ownSession: true)
        #expect(prompted.stdout == "trap -- '__rolesh_exit_hook' EXIT\n")
        // A shell that inherited a session owns one of its own too (issue 13 §2).
        let child = try workspace.run(bash, #"{load}; {fake}; rolesh assume prod; trap -p EXIT; echo end"#)
        #expect(child.stdout == "trap -- '__rolesh_exit_hook' EXIT\nend\n")
    }
}

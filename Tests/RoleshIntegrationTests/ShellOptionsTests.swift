// The rc line, assume, the prompt hook (with a real refresh), the prompt helper, completion
// and exit under the shell options people's rc files set, one at a time and all at once, in
// bash, zsh and fish: nothing on stderr, and the identity each step should leave.
// (zsh's completion needs a line editor, so zsh_completion_works_under_every_option_at_once
// types it in tmux.)
import Foundation
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

struct ShellOptions: Sendable, CustomTestStringConvertible {
    var shell: TestShell
    /// Lines run before the rc line.
    var lines: [String]
    var environment: [String: String] = [:]
    var testDescription: String { "\(shell): \(lines.joined(separator: "; "))\(environment.isEmpty ? "" : " \(environment)")" }
}

private let bashOptions = ["set -euo pipefail", "shopt -s nullglob failglob extglob", "set -o posix"]
private let zshOptions = ["nounset", "ksh_arrays", "sh_word_split", "no_glob", "err_exit", "err_return", "warn_create_global", "no_clobber"]
    .map { "setopt \($0)" }

private let optionCases: [ShellOptions] =
    bashOptions.map { ShellOptions(shell: .bash, lines: [$0]) } + [ShellOptions(shell: .bash, lines: bashOptions)]
    + zshOptions.map { ShellOptions(shell: .zsh, lines: [$0]) } + [ShellOptions(shell: .zsh, lines: zshOptions)]
    + [ShellOptions(shell: .fish, lines: [], environment: ["fish_features": "all"]),
       ShellOptions(shell: .fish, lines: [], environment: ["fish_features": "no-qmark-noglob,no-regex-easyesc"])]

extension TestShell {
    /// Completes `rolesh assume p` as the shell's completion would and writes the words to `file`.
    func completeProfile(to file: String) -> String {
        switch self {
        case .bash:
            return """
                COMP_WORDS=(rolesh assume p); COMP_CWORD=2; COMP_LINE='rolesh assume p'; COMP_POINT=15; COMPREPLY=()
                _rolesh rolesh p assume
                printf '%s\\n' "${COMPREPLY[@]}" >'\(file)'
                """
        case .zsh: return "echo 'n/a' >|'\(file)'"
        case .fish: return "complete -C 'rolesh assume p' >'\(file)'"
        }
    }
}

@Test(arguments: optionCases)
func the_integration_works_silently_under_the_users_shell_options(options: ShellOptions) throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    scenario.environment.merge(options.environment.merging(["ROLESH_QUIET": "1"]) { $1 }) { $1 }
    let shell = options.shell
    let prompt = shell == .fish ? "rolesh_prompt >'\(scenario.output)/prompt'" : "rolesh_prompt >|'\(scenario.output)/prompt'"
    let result = try scenario.run(shell, options.lines + [
        shell.integration,
        "rolesh assume prod", "dump assumed",
        shell == .fish ? "set -g ROLESH_REFRESH_BEFORE 99999" : "ROLESH_REFRESH_BEFORE=99999",
        shell.firePrompt, "dump refreshed", "witness refreshed",
        prompt,
        shell.completeProfile(to: "\(scenario.output)/completion"),
        "rolesh exit", "dump exited",
        "echo done >'\(scenario.output)/done'",
    ])
    #expect(result.stderr == "", "\(options.testDescription)")
    #expect(scenario.text("done") == "done\n", "\(options.testDescription): every step ran")
    let assumed = try scenario.dump("assumed"), refreshed = try scenario.dump("refreshed")
    #expect(assumed["ROLESH_ROLE"] == "prod")
    #expect(refreshed["ROLESH_FRAME"] == assumed["ROLESH_FRAME"])
    #expect(refreshed["AWS_ACCESS_KEY_ID"] != assumed["AWS_ACCESS_KEY_ID"], "the prompt hook renewed the credentials")
    #expect(scenario.witness("refreshed").hasPrefix("arn:aws:sts::123456789012:assumed-role/Prod/"), "\(scenario.witness("refreshed"))")
    #expect(scenario.text("prompt").hasPrefix("prod "), "\(scenario.text("prompt"))")
    if shell != .zsh {
        #expect(scenario.text("completion").split(separator: "\n").map { $0.split(separator: "\t")[0] } == ["prod"])
    }
    let exited = try scenario.dump("exited")
    #expect(exited["ROLESH_ROLE"] == nil && exited["AWS_PROFILE"] == "base", "\(exited)")
}

/// zsh completes only in its line editor: typed in tmux, with every option of the table set
/// before compinit and the rc line.
@Test func zsh_completion_works_under_every_option_at_once() throws {
    let home = try completionHome()
    let rc = (["PS1='READY> '"] + zshOptions + ["autoload -Uz compinit && compinit -u", #"eval "$(rolesh init zsh)""#])
        .joined(separator: "\n") + "\n"
    try rc.write(toFile: "\(home)/.zshrc", atomically: true, encoding: .utf8)
    let terminal = try TmuxSession("zsh", environment: ["HOME": home, "ZDOTDIR": home, "PATH": pathWithRolesh()])
    try terminal.waitFor("the first prompt") { $0.contains("READY>") }
    try terminal.send("rolesh assume pr")
    try terminal.send("Tab", literal: false)
    let screen = try terminal.waitForScreen { $0.split(separator: "\n").contains("READY> rolesh assume prod") }
    #expect(screen.trimmingCharacters(in: .whitespacesAndNewlines) == "READY> rolesh assume prod", "nothing else on the screen: \(screen)")
}

// Profile, sso-session and role names that are shell code, in real interactive bash, zsh and
// fish (tmux): Tab after `rolesh assume ` and after `--sso-session ` offers each name as a
// literal word, quoted so that the word the shell reads back is exactly the name; the prompt
// helper shows a role name as text (no `%` escape in zsh's prompt, no raw control
// character). Nothing in a name ever runs.
import Foundation
import RoleshTestSupport
import Testing

/// Each name starts with its own two characters, so typing them and Tab completes that name
/// alone. `PWNED` is replaced by a path that must never be created. A name cannot hold a
/// newline: the config is read line by line, and botocore (like rolesh) reads a carriage
/// return as a line end too; the nearest a config can write is a tab (`c0`), which
/// `rolesh list --names` prints as it is and no completion offers.
private let hostileNames = [
    "c1$(touch PWNED1)", "c2`touch PWNED2`", "c3$HOME", "c4;touch PWNED4", "c5 two  spaces",
    "c6'q\"dq", "c7*", "c8%n%F{red}", "c9$((6*7))", "c0\tTAB",
]

/// `[profile "NAME"]` and `[sso-session "NAME"]`: botocore reads both headers with shlex,
/// where double quotes keep spaces and `;`, and `\` escapes `"` and `\` inside them.
private func hostileConfig(pwned: String) -> (config: String, names: [String]) {
    let names = hostileNames.map { $0.replacingOccurrences(of: "PWNED", with: pwned) }
    let config = names.map { name in
        let quoted = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "[profile \"\(quoted)\"]\nrole_arn = arn:aws:iam::123456789012:role/A\ncredential_source = Environment\n"
            + "[sso-session \"\(quoted)\"]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
    }.joined()
    return (config, names)
}

/// A role name for the prompt helper: a prompt escape, a command substitution and control
/// characters (a tab, and ESC starting a colour).
private func hostileRole(pwned: String) -> String { "p%n\tq\u{1B}[31mr$(touch \(pwned)P)" }

/// The startup command of `shell` with the integration, zsh's completion system, and a prompt
/// that shows `rolesh_prompt` in brackets before `READY> `.
private func interactiveShell(_ shell: TestShell, home: String) throws -> [String] {
    let prompt = "[$(rolesh_prompt)] READY> "
    switch shell {
    case .bash:
        try "\(shell.integration)\nPS1='\(prompt)'\n".write(toFile: "\(home)/.bashrc", atomically: true, encoding: .utf8)
        return ["/usr/bin/bash", "--noprofile", "--rcfile", "\(home)/.bashrc", "-i"]
    case .zsh:
        try "autoload -Uz compinit && compinit -u\n\(shell.integration)\nsetopt prompt_subst\nPS1='\(prompt)'\n"
            .write(toFile: "\(home)/.zshrc", atomically: true, encoding: .utf8)
        return ["/usr/bin/zsh", "-i"]
    case .fish:
        let config = "\(home)/.config/fish"
        try FileManager.default.createDirectory(atPath: config, withIntermediateDirectories: true)
        try "\(shell.integration)\nfunction fish_prompt; printf '[%s] READY> ' (rolesh_prompt); end\n"
            .write(toFile: "\(config)/config.fish", atomically: true, encoding: .utf8)
        return ["/usr/bin/fish", "-i"]
    }
}

@Test(arguments: TestShell.allCases)
func hostile_profile_names_complete_as_literal_words_and_run_nothing(shell: TestShell) throws {
    let sandbox = try RoleshSandbox()
    let pwned = "\(sandbox.home)/pwned"
    let (config, names) = hostileConfig(pwned: pwned)
    try sandbox.write(config, to: ".aws/config")
    for flag in ["--names", "--sso-sessions"] {
        let listed = try sandbox.rolesh(["list", flag])
        #expect(listed.stdout == names.sorted().map { $0 + "\n" }.joined(), "\(flag): the tab is printed as it is")
    }

    var environment = sandbox.environment
    environment["PATH"] = pathWithRolesh()
    environment["ZDOTDIR"] = sandbox.home
    let terminal = try TmuxSession(
        command: try interactiveShell(shell, home: sandbox.home), environment: environment,
        folder: try TestPaths.temporaryFolder("rolesh-tmux"))
    defer { terminal.close() }
    try terminal.waitFor("the first prompt", timeout: 30) { $0.contains("[] READY>") }

    // Each name from its first two characters; then some begun with a quote, inside which
    // the rest must be quoted for that quote.
    let begun = ["c1", "c5", "c6"].flatMap { start in
        ["'", "\""].map { quote in (quote + start, names.first { $0.hasPrefix(start) }!) }
    }
    // Profile names after `assume`, [sso-session] names after `--sso-session`.
    let commands = [["rolesh", "assume"], ["rolesh", "sso", "login", "--sso-session"]]
    let cases = commands.flatMap { command in (names.map { (String($0.prefix(2)), $0) } + begun).map { (command, $0.0, $0.1) } }
    for (index, (command, prefix, name)) in cases.enumerated() {
        let typed = (command + [prefix]).joined(separator: " ")
        try terminal.send(typed)
        try terminal.send("Tab", literal: false)
        // Tab inserts the rest of the name (nothing for the one that is not offered).
        try terminal.waitForScreen(timeout: prefix == "c0" ? 1 : 10) { screen in
            !(screen.split(separator: "\n").last ?? "").hasSuffix(typed)
        }
        // The completed line becomes printf's arguments: each word as the shell reads it.
        try terminal.send("C-a", literal: false)
        try terminal.send("echo BEGIN\"\"\(index); printf '<%s>\\n' ")
        try terminal.send("Enter", literal: false)
        let screen = try terminal.waitFor("the words of line \(index)") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            guard let begin = lines.lastIndex(of: "BEGIN\(index)") else { return false }
            return lines[(begin + 1)...].contains { $0.hasSuffix("READY>") }
        }
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let begin = try #require(lines.lastIndex(of: "BEGIN\(index)"))
        let words = Array(lines[(begin + 1)...].prefix { !$0.hasSuffix("READY>") })
        let expected = prefix == "c0" ? prefix : name
        #expect(words == command.map { "<\($0)>" } + ["<\(expected)>"], "\(shell): \(typed) \(name.debugDescription)\n\(screen)")
    }

    // The prompt helper: the role's `%` stays text in zsh's prompt_subst, control characters
    // show as "?", and the command substitution in it stays text.
    let role = hostileRole(pwned: pwned)
    let hex = role.utf8.map { String(format: "\\x%02x", $0) }.joined()
    try terminal.send(shell == .fish
        ? "set -gx ROLESH_ROLE (printf '\(hex)')"
        : "export ROLESH_ROLE=\"$(printf '\(hex)')\"")
    try terminal.send("Enter", literal: false)
    let shown = "[p%n?q?[31mr$(touch \(pwned)P)] READY>"
    let screen = try terminal.waitForScreen { $0.contains(shown) }
    #expect(screen.contains(shown), "\(shell):\n\(screen)")

    let created = try FileManager.default.contentsOfDirectory(atPath: sandbox.home).filter { $0.hasPrefix("pwned") }
    #expect(created.isEmpty, "\(shell) ran code from a name: \(created)")
}

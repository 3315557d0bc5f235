// Completion in the three real shells, with profile names from `rolesh list --names`: from
// the committed completions/ files (which must be exactly what the built binary generates),
// and through the integration, which loads the completion only at the first Tab.
import Foundation
import Testing
import RoleshTestSupport

/// A HOME whose config has the profiles dev, prod and staging, and the SSO profile sso-admin.
func completionHome() throws -> String {
    let home = try TestPaths.temporaryFolder("rolesh-completion")
    try FileManager.default.createDirectory(atPath: "\(home)/.aws", withIntermediateDirectories: true)
    try """
        [profile dev]
        role_arn = arn:aws:iam::123456789012:role/Dev
        credential_source = Environment
        [profile prod]
        role_arn = arn:aws:iam::123456789012:role/Prod
        credential_source = Environment
        region = eu-west-1
        [profile staging]
        role_arn = arn:aws:iam::123456789012:role/Staging
        credential_source = Environment
        [profile sso-admin]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = Admin
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-west-1

        """.write(toFile: "\(home)/.aws/config", atomically: true, encoding: .utf8)
    return home
}

/// A PATH where `rolesh` is the binary under test.
func pathWithRolesh() -> String {
    "\(URL(fileURLWithPath: TestPaths.rolesh).deletingLastPathComponent().path):/usr/local/bin:/usr/bin:/bin"
}

private let completions = "\(TestPaths.packageRoot)/completions"

@Test(arguments: [("bash", "rolesh.bash"), ("zsh", "_rolesh"), ("fish", "rolesh.fish")])
func committed_completion_files_are_what_the_binary_generates(shell: String, file: String) throws {
    let generated = try runProcess(TestPaths.rolesh, ["--generate-completion-script", shell])
    #expect(generated.status == 0)
    #expect(generated.stderr == "")
    let committed = try String(contentsOfFile: "\(completions)/\(file)", encoding: .utf8)
    #expect(generated.stdout == committed, "completions/\(file) is stale: run scripts/generate-completions")
}

/// The command lines every shell must complete, and what each must offer (among others).
private let cases: [(line: String, offers: [String], notOffers: [String])] = [
    ("rolesh assume d", ["dev"], ["prod"]),
    ("rolesh assume ", ["dev", "prod", "staging", "sso-admin"], []),
    ("rolesh assume ss", ["sso-admin"], ["staging"]),
    ("rolesh assume --dur", ["--duration"], []),
    ("rolesh init ", ["bash", "zsh", "fish"], []),
    ("rolesh exec p", ["prod"], ["dev"]),
    ("rolesh export s", ["staging"], []),
    ("rolesh console d", ["dev"], []),
    ("rolesh ", ["assume", "exit", "console", "list"], []),
    ("rolesh console --pr", ["--print"], []),
    ("rolesh export dev --format ", ["env", "json", "credential-process"], []),
]

/// The words bash's completion offers for each line of `cases`, in one shell where `load`
/// (given the completions/ file as $1) set completion up; the first line is its first Tab.
private func bashOffers(load: String) throws -> [String: Set<String>] {
    let home = try completionHome()
    // COMP_WORDS and COMP_CWORD as bash sets them for the cursor at the end of the line.
    let script = """
        \(load)
        shift
        for line in "$@"; do
            read -ra COMP_WORDS <<<"$line"
            [[ $line == *' ' ]] && COMP_WORDS+=('')
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1)) COMP_LINE=$line COMP_POINT=${#line}
            COMPREPLY=()
            "$(complete -p rolesh | sed -E 's/.* -F ([^ ]+) .*/\\1/')" rolesh "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\\t%s\\n' "$line" "${COMPREPLY[*]}"
        done
        """
    let result = try runProcess(
        "/bin/bash", ["--norc", "--noprofile", "-c", script, "bash", "\(completions)/rolesh.bash"] + cases.map(\.line),
        environment: ["HOME": home, "PATH": pathWithRolesh()])
    #expect(result.status == 0)
    #expect(result.stderr == "")
    return Dictionary(uniqueKeysWithValues: result.stdout.split(separator: "\n").map { line in
        let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), Set((parts.count > 1 ? parts[1] : "").split(separator: " ").map(String.init)))
    })
}

@Test(arguments: [#"source "$1""#, #"eval "$(rolesh init bash)""#])
func bash_completion_offers_profiles_flags_subcommands_and_shells(load: String) throws {
    let offered = try bashOffers(load: load)
    for (line, offers, notOffers) in cases {
        let words = try #require(offered[line], "no answer for \(line)")
        #expect(words.isSuperset(of: offers), "\(line): \(words)")
        #expect(words.isDisjoint(with: notOffers), "\(line): \(words)")
    }
}

/// Each line is completed in a new fish, so each is that shell's first Tab.
@Test(arguments: ["source $argv[1]", "rolesh init fish | source"])
func fish_completion_offers_profiles_flags_subcommands_and_shells(load: String) throws {
    let home = try completionHome()
    for (line, offers, notOffers) in cases {
        let result = try runProcess(
            "fish", ["--no-config", "-c", "\(load); complete -C $argv[2]", "\(completions)/rolesh.fish", line],
            environment: ["HOME": home, "PATH": pathWithRolesh()])
        #expect(result.status == 0)
        #expect(result.stderr == "")
        let words = Set(result.stdout.split(separator: "\n").map { String($0.split(separator: "\t")[0]) })
        #expect(words.isSuperset(of: offers), "\(line): \(words)")
        #expect(words.isDisjoint(with: notOffers), "\(line): \(words)")
    }
}

/// What zsh shows after typing `line` and Tab: the completed line, or its menu of choices.
private func zshCompletes(_ line: String, rc: String, home: String) throws -> String {
    try rc.write(toFile: "\(home)/.zshrc", atomically: true, encoding: .utf8)
    let terminal = try TmuxSession("zsh", environment: ["HOME": home, "ZDOTDIR": home, "PATH": pathWithRolesh()])
    try terminal.waitForScreen { $0.contains("READY>") }
    try terminal.send(line)
    try terminal.send("Tab", literal: false)
    // Done once the Tab has changed the screen and it has stayed the same for 0.3 s (under
    // load, loading the completion takes a while).
    let typed = "READY> \(line)".trimmingCharacters(in: .whitespaces)
    var screen = try terminal.waitForScreen(timeout: 10) { $0.trimmingCharacters(in: .whitespacesAndNewlines) != typed }
    while true {
        Thread.sleep(forTimeInterval: 0.3)
        let again = try terminal.screen()
        if again == screen { return screen }
        screen = again
    }
}

@Test func zsh_completion_offers_profiles_flags_subcommands_and_shells() throws {
    let home = try completionHome()
    let rc = "PS1='READY> '\nautoload -Uz compinit && compinit -u\nsource \(completions)/_rolesh\n"
    #expect(try zshCompletes("rolesh assume d", rc: rc, home: home).split(separator: "\n").contains("READY> rolesh assume dev"))
    #expect(try zshCompletes("rolesh assume --dur", rc: rc, home: home).contains("READY> rolesh assume --duration"))
    let shells = try zshCompletes("rolesh init ", rc: rc, home: home)
    for shell in ["bash", "zsh", "fish"] {
        #expect(shells.split(separator: "\n").dropFirst().contains { $0.split(separator: " ").contains(Substring(shell)) }, "\(shells)")
    }
}

@Test(arguments: [
    "autoload -Uz compinit && compinit -u\neval \"$(rolesh init zsh)\"\n",
    "eval \"$(rolesh init zsh)\"\nautoload -Uz compinit && compinit -u\n",
])
func zsh_completion_through_the_integration_completes_at_the_first_tab(setup: String) throws {
    let home = try completionHome()
    let rc = "PS1='READY> '\n" + setup
    // Each line is typed in a new terminal: each Tab is that shell's first.
    #expect(try zshCompletes("rolesh assume d", rc: rc, home: home).split(separator: "\n").contains("READY> rolesh assume dev"))
    #expect(try zshCompletes("rolesh assume --dur", rc: rc, home: home).contains("READY> rolesh assume --duration"))
}

@Test func bash_integration_parses_no_completion_until_the_first_tab() throws {
    let result = try runProcess(
        "/bin/bash", ["--norc", "--noprofile", "-c", #"eval "$(rolesh init bash)"; declare -F | grep -c __rolesh_offer_flags_options"#],
        environment: ["HOME": try completionHome(), "PATH": pathWithRolesh()])
    #expect(result.stdout == "0\n")
    #expect(result.stderr == "")
}

/// fish loads the completion from the file init wrote, at the first Tab and not before.
@Test func fish_integration_loads_the_completion_file_at_the_first_tab() throws {
    let home = try completionHome()
    let script = """
        rolesh init fish | source
        complete -c rolesh | count
        complete -C 'rolesh assume ' >/dev/null
        functions --details __rolesh_parse_tokens
        echo $fish_complete_path[1]/rolesh.fish
        """
    let result = try runProcess("fish", ["--no-config", "-c", script], environment: ["HOME": home, "PATH": pathWithRolesh()])
    #expect(result.stderr == "")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines.first == "0", "no completion before the first Tab")
    #expect(lines.count == 3 && lines[1] == lines[2] && lines[2].hasPrefix("\(home)/.local/state/rolesh/completions/"), "\(lines)")
}

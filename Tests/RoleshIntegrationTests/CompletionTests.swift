// Completion in the three real shells, from the committed completions/ files (which must
// be exactly what the built binary generates), with profile names from `rolesh list --names`.
import Foundation
import Testing
import RoleshTestSupport

/// A HOME whose config has the profiles dev, prod and staging.
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
    ("rolesh assume ", ["dev", "prod", "staging"], []),
    ("rolesh assume --dur", ["--duration"], []),
    ("rolesh init ", ["bash", "zsh", "fish"], []),
    ("rolesh exec p", ["prod"], ["dev"]),
    ("rolesh export s", ["staging"], []),
    ("rolesh console d", ["dev"], []),
    ("rolesh ", ["assume", "exit", "console", "list"], []),
    ("rolesh console --pr", ["--print"], []),
    ("rolesh export dev --format ", ["env", "json", "credential-process"], []),
]

@Test func bash_completion_offers_profiles_flags_subcommands_and_shells() throws {
    let home = try completionHome()
    // COMP_WORDS and COMP_CWORD as bash sets them for the cursor at the end of the line.
    let script = """
        source "$1"
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
    let offered = Dictionary(uniqueKeysWithValues: result.stdout.split(separator: "\n").map { line in
        let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
        return (String(parts[0]), Set((parts.count > 1 ? parts[1] : "").split(separator: " ").map(String.init)))
    })
    for (line, offers, notOffers) in cases {
        let words = try #require(offered[line], "no answer for \(line)")
        #expect(words.isSuperset(of: offers), "\(line): \(words)")
        #expect(words.isDisjoint(with: notOffers), "\(line): \(words)")
    }
}

@Test func fish_completion_offers_profiles_flags_subcommands_and_shells() throws {
    let home = try completionHome()
    for (line, offers, notOffers) in cases {
        let result = try runProcess(
            "fish", ["--no-config", "-c", "source $argv[1]; complete -C $argv[2]", "\(completions)/rolesh.fish", line],
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
    Thread.sleep(forTimeInterval: 0.5)
    return try terminal.screen()
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

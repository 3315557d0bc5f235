import Foundation
import Testing
import RoleshTestSupport
@testable import RoleshCore

/// A runtime folder of the test's own, so that init's state (fish's completion file) lands
/// there and not in the real user's state folder.
private let runtime = try! TestPaths.temporaryFolder("rolesh-init")
private let stateRoot = StateRoot.locate(environment: ["XDG_RUNTIME_DIR": runtime])

/// `rolesh init SHELL` as the binary at `binary` prints it, with a session `s1d` when it makes one.
private func initScript(_ shell: String, environment: [String: String], binary: String = "/bin/rolesh") throws -> String {
    let system = SystemFacts(parentProcessName: { nil }, parentShell: { nil }, userName: { nil }, binaryPath: { binary })
    let context = RoleshContext(environment: environment, transport: ScriptedSTSTransport(status: 200, STSFixtures.callerIdentityAnswer),
                                terminal: NoTerminal(), standardError: { _ in }, system: system)
    return try InitCommand.run(shell: shell, context: context, makeSession: { (id: "s1d", key: "k3y") })
}

private func initText(_ shell: String, environment: [String: String] = [:], binary: String = "/opt/my tools/rolesh") throws -> String {
    try initScript(shell, environment: environment.merging(["XDG_RUNTIME_DIR": runtime]) { $1 }, binary: binary)
}

/// Where a session `s1d` keeps its frames.
private let sessionFolder = SessionStore(root: stateRoot).folder(of: "s1d")

/// Nothing exported names the dialect (a child shell of another kind would inherit it).
@Test func init_for_a_shell_without_a_session_creates_one_and_owns_it() throws {
    let text = try initText("bash")
    #expect(text.hasPrefix("""
        __rolesh_bin='/opt/my tools/rolesh'
        export ROLESH_SESSION='s1d'
        export ROLESH_SESSION_KEY='k3y'
        __rolesh_session_dir='\(sessionFolder)'
        __rolesh_session_owner='s1d'
        # rolesh integration for bash
        """))
    #expect(text.hasSuffix(IntegrationScripts.bash + "\n"), "the script's own stand-in registers completion")
}

@Test func init_in_zsh_ends_with_the_script_whose_stand_in_registers_completion() throws {
    #expect(try initText("zsh").hasSuffix(IntegrationScripts.zsh + "\n"))
}

private let fishCompletionFile = "\(stateRoot)/completions/rolesh.fish"

@Test func init_in_fish_writes_the_completion_where_fish_loads_it_at_the_first_tab() throws {
    try? FileManager.default.removeItem(atPath: "\(stateRoot)/completions")
    let text = try initText("fish")
    #expect(text.hasSuffix(IntegrationScripts.fish + """

        contains -- '\(stateRoot)/completions' $fish_complete_path; or set -gp fish_complete_path '\(stateRoot)/completions'

        """))
    #expect(!text.contains("complete -c rolesh"), "no completion parsed at start-up")
    #expect(try String(contentsOfFile: fishCompletionFile, encoding: .utf8) == IntegrationScripts.fishCompletion + "\n")
    let mode = try FileManager.default.attributesOfItem(atPath: "\(stateRoot)/completions")[.posixPermissions] as? Int
    #expect(mode == 0o700)
}

@Test func init_in_fish_leaves_a_current_completion_file_alone_and_replaces_a_stale_one() throws {
    _ = try initText("fish")
    let written = try FileManager.default.attributesOfItem(atPath: fishCompletionFile)[.systemFileNumber] as? Int
    _ = try initText("fish")
    #expect(try FileManager.default.attributesOfItem(atPath: fishCompletionFile)[.systemFileNumber] as? Int == written,
            "same bytes: the file is not rewritten")

    try "complete -c rolesh -a old\n".write(toFile: fishCompletionFile, atomically: false, encoding: .utf8)
    _ = try initText("fish")
    #expect(try String(contentsOfFile: fishCompletionFile, encoding: .utf8) == IntegrationScripts.fishCompletion + "\n")
}

@Test func init_in_fish_prints_the_completion_inline_when_its_folder_cannot_be_written() throws {
    // A state root that is a file: no folder can be made in it.
    let blocked = try TestPaths.temporaryFolder("rolesh-init-blocked")
    try "".write(toFile: "\(blocked)/rolesh", atomically: false, encoding: .utf8)
    let text = try initScript("fish", environment: ["XDG_RUNTIME_DIR": blocked])
    #expect(text.hasSuffix(IntegrationScripts.fish + "\n" + IntegrationScripts.fishCompletion + "\n"))
    #expect(!text.contains("fish_complete_path"))
}

/// Issue 12 §2: another user who can write a folder above the state root could swap the
/// completion file fish runs at a later Tab; fish then gets its completion inline.
@Test func init_in_fish_adds_no_completion_folder_below_a_folder_others_can_write() throws {
    let parent = try TestPaths.temporaryFolder("rolesh-init-shared")
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: parent)
    try FileManager.default.createDirectory(atPath: "\(parent)/run", withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    let text = try initScript("fish", environment: ["XDG_RUNTIME_DIR": "\(parent)/run"])
    #expect(!text.contains("fish_complete_path"))
    #expect(text.hasSuffix(IntegrationScripts.fish + "\n" + IntegrationScripts.fishCompletion + "\n"))

    try FileManager.default.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: parent)
    let sticky = try initScript("fish", environment: ["XDG_RUNTIME_DIR": "\(parent)/run"])
    #expect(sticky.contains("set -gp fish_complete_path"), "a sticky folder (as /tmp) keeps what is the user's")
}

@Test func init_in_fish_uses_fish_statements() throws {
    let text = try initText("fish", binary: "/it's/rolesh")
    #expect(text.hasPrefix("""
        set -g __rolesh_bin '/it\\'s/rolesh'
        set -gx -- ROLESH_SESSION 's1d'
        set -gx -- ROLESH_SESSION_KEY 'k3y'
        set -g __rolesh_session_dir '\(sessionFolder)'
        set -g __rolesh_session_owner 's1d'
        # rolesh integration for fish
        """))
}

@Test func a_child_shell_takes_a_session_of_its_own_and_owns_it() throws {
    // Issue 13 §2: an inherited session is never shared; with no role active there are no
    // frames to carry over, so the new session is all there is to it.
    let text = try initText("zsh", environment: ["ROLESH_SESSION": String(repeating: "a", count: 32),
                                                 "ROLESH_SESSION_KEY": String(repeating: "0b", count: 32)])
    #expect(text.contains("export ROLESH_SESSION='s1d'\nexport ROLESH_SESSION_KEY='k3y'\n"))
    #expect(text.contains("__rolesh_session_owner='s1d'\n"))
}

@Test(arguments: [["ROLESH_SESSION": "only-id"], ["ROLESH_SESSION_KEY": "only-key"]])
func half_a_session_is_replaced_by_a_new_one(environment: [String: String]) throws {
    let text = try initText("bash", environment: environment)
    #expect(text.contains("export ROLESH_SESSION='s1d'\nexport ROLESH_SESSION_KEY='k3y'\n"))
    #expect(text.contains("__rolesh_session_owner='s1d'\n"))
}

@Test(arguments: ["sh", "tcsh", "", "Bash"])
func init_refuses_shells_without_an_integration(shell: String) {
    #expect(throws: ShellError.unknownShell(shell, choices: ["bash", "zsh", "fish"])) { try initText(shell) }
}

@Test func the_running_binary_path_is_absolute() {
    #expect(SystemFacts.live.binaryPath().hasPrefix("/"))
}

@Test(arguments: [("bash", IntegrationScripts.bash), ("zsh", IntegrationScripts.zsh), ("fish", IntegrationScripts.fish)])
func embedded_scripts_are_the_shell_folders(shell: String, embedded: String) throws {
    let source = try String(contentsOfFile: "\(TestPaths.packageRoot)/shell/rolesh.\(shell)", encoding: .utf8)
    #expect(Array(embedded.utf8) + [UInt8(ascii: "\n")] == Array(source.utf8))
}

@Test func embedded_fish_completion_is_the_completions_folders() throws {
    let source = try String(contentsOfFile: "\(TestPaths.packageRoot)/completions/rolesh.fish", encoding: .utf8)
    #expect(Array(IntegrationScripts.fishCompletion.utf8) + [UInt8(ascii: "\n")] == Array(source.utf8))
}

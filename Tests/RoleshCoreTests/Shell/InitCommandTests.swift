import Foundation
import Testing
import RoleshTestSupport
@testable import RoleshCore

private func initText(_ shell: String, environment: [String: String] = [:], binary: String = "/opt/my tools/rolesh") throws -> String {
    try InitCommand(shell: shell, binaryPath: binary, environment: environment, makeSession: { (id: "s1d", key: "k3y") }).run()
}

/// Where a session `s1d` of a shell with an empty environment keeps its frames.
private let sessionFolder = SessionStore(root: StateRoot.locate(environment: [:])).folder(of: "s1d")

@Test func init_for_a_shell_without_a_session_creates_one_and_owns_it() throws {
    let text = try initText("bash")
    #expect(text.hasPrefix("""
        __rolesh_bin='/opt/my tools/rolesh'
        export ROLESH_SESSION='s1d'
        export ROLESH_SESSION_KEY='k3y'
        export ROLESH_SHELL='bash'
        __rolesh_session_dir='\(sessionFolder)'
        __rolesh_session_owner='s1d'
        # rolesh integration for bash
        """))
    #expect(text.contains(IntegrationScripts.bash + "\n"))
    #expect(text.hasSuffix(IntegrationScripts.bashCompletion + "\n"), "completion registered after the script")
}

@Test func init_in_fish_uses_fish_statements() throws {
    let text = try initText("fish", binary: "/it's/rolesh")
    #expect(text.hasPrefix("""
        set -g __rolesh_bin '/it\\'s/rolesh'
        set -gx -- ROLESH_SESSION 's1d'
        set -gx -- ROLESH_SESSION_KEY 'k3y'
        set -gx -- ROLESH_SHELL 'fish'
        set -g __rolesh_session_dir '\(sessionFolder)'
        set -g __rolesh_session_owner 's1d'
        # rolesh integration for fish
        """))
}

@Test func a_child_shell_keeps_the_inherited_session_and_does_not_own_it() throws {
    var created = false
    let command = InitCommand(
        shell: "zsh", binaryPath: "/bin/rolesh", environment: ["ROLESH_SESSION": "parent", "ROLESH_SESSION_KEY": "key"],
        makeSession: { created = true; return (id: "new", key: "new") })
    let text = try command.run()
    #expect(text.hasPrefix("""
        __rolesh_bin='/bin/rolesh'
        export ROLESH_SHELL='zsh'
        # rolesh integration for zsh
        """))
    #expect(!created)
    #expect(!text.contains("__rolesh_session_owner="))
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
    #expect(InitCommand.runningBinaryPath().hasPrefix("/"))
}

@Test(arguments: [("bash", IntegrationScripts.bash), ("zsh", IntegrationScripts.zsh), ("fish", IntegrationScripts.fish)])
func embedded_scripts_match_shell_folder_run_scripts_embed_shell_when_this_fails(shell: String, embedded: String) throws {
    let source = try String(contentsOfFile: "\(TestPaths.packageRoot)/shell/rolesh.\(shell)", encoding: .utf8)
    #expect(Array(embedded.utf8) + [UInt8(ascii: "\n")] == Array(source.utf8))
}

@Test(arguments: [
    ("rolesh.bash", IntegrationScripts.bashCompletion), ("_rolesh", IntegrationScripts.zshCompletion),
    ("rolesh.fish", IntegrationScripts.fishCompletion),
])
func embedded_completions_match_completions_folder_run_scripts_embed_shell_when_this_fails(file: String, embedded: String) throws {
    let source = try String(contentsOfFile: "\(TestPaths.packageRoot)/completions/\(file)", encoding: .utf8)
    #expect(Array(embedded.utf8) + [UInt8(ascii: "\n")] == Array(source.utf8))
}

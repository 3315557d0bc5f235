// The derived world of a command: each fact from one place, once per run, and the system's
// facts (parent process, user name) set by the test rather than read from /proc.
import Foundation
@testable import RoleshCore
import Testing

private func context(_ environment: [String: String], parent: String? = nil, user: String? = nil) -> RoleshContext {
    RoleshContext(environment: environment, transport: ScriptedSTSTransport(status: 200, STSFixtures.callerIdentityAnswer),
                  terminal: ScriptedTerminal(.failure(.unavailable)), standardError: { _ in },
                  system: SystemFacts(parentProcessName: { parent }, parentShell: { nil }, userName: { user }))
}

@Test func the_dialect_comes_from_the_flag_else_the_parent_process_the_context_names() throws {
    #expect(try CommandState(context(["SHELL": "/bin/bash"], parent: "-zsh")).dialect().name == "zsh")
    #expect(try CommandState(context(["SHELL": "/bin/bash"], parent: "-zsh"), shell: "fish").dialect().name == "fish")
    #expect(try CommandState(context(["SHELL": "/usr/bin/fish"], parent: "python3")).dialect().name == "fish")
}

@Test func the_config_is_read_once_per_run() throws {
    let folder = try TestFolder()
    try folder.write("config", "[profile a]\nregion = eu-west-1\n")
    let state = CommandState(context(["AWS_CONFIG_FILE": "\(folder.path)/config", "HOME": folder.path]))
    #expect(try state.config().profileNames == ["a"])
    try folder.write("config", "[profile b]\nregion = eu-west-1\n")
    #expect(try state.config().profileNames == ["a"])
    #expect(try CommandState(state.context).config().profileNames == ["b"])
}

@Test func without_a_role_the_stack_is_empty_and_the_environment_below_it_is_the_shells() throws {
    let environment = ["HOME": "/nonexistent", "AWS_PROFILE": "base"]
    let state = CommandState(context(environment))
    #expect(try state.stack().isEmpty)
    #expect(try state.environmentBelowStack() == environment)
}

@Test func a_frame_without_its_session_is_damaged_not_empty() throws {
    let state = CommandState(context(["HOME": "/nonexistent", "ROLESH_FRAME": String(repeating: "a", count: 32)]))
    #expect(throws: SessionError.self) { try state.stack() }
}

@Test func role_session_names_fall_back_to_the_user_the_context_names() throws {
    let config = try AWSConfig(configText: "", configFile: "/c", credentialsText: "", credentialsFile: "/k")
    func assumer(_ environment: [String: String]) -> RoleAssumer {
        RoleAssumer(context: context(environment, user: "dana smith"), config: config,
                    baseEnvironment: environment, chainEnvironment: environment)
    }
    #expect(assumer([:]).defaultSessionName() == "dana-smith")
    #expect(assumer(["USER": "erin"]).defaultSessionName() == "erin")
}

// The integration as a person meets it: an interactive shell in tmux, commands typed at a
// prompt that shows the role, and credentials renewed by the prompt hook before they expire.
import Foundation
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()
private let prompt = "RP[$(rolesh_prompt)]> "

extension TestShell {
    /// The interactive command, after writing the startup file that loads the integration
    /// and sets a prompt showing `rolesh_prompt`; the environment variables it needs.
    func interactive(in scenario: ShellScenario) throws -> (command: [String], environment: [String: String]) {
        let files = FileManager.default
        switch self {
        case .bash:
            let rc = "\(scenario.folder)/bashrc"
            try "\(integration)\nPS1='\(prompt)'\n".write(toFile: rc, atomically: true, encoding: .utf8)
            return (["/usr/bin/bash", "--noprofile", "--rcfile", rc, "-i"], [:])
        case .zsh:
            let folder = "\(scenario.folder)/zdotdir"
            try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try "\(integration)\nsetopt prompt_subst\nPROMPT='\(prompt)'\n"
                .write(toFile: "\(folder)/.zshrc", atomically: true, encoding: .utf8)
            return (["/usr/bin/zsh", "-i"], ["ZDOTDIR": folder])
        case .fish:
            let folder = "\(scenario.folder)/config"
            try files.createDirectory(atPath: "\(folder)/fish", withIntermediateDirectories: true)
            try "\(integration)\nfunction fish_prompt; printf 'RP[%s]> ' (rolesh_prompt); end\n"
                .write(toFile: "\(folder)/fish/config.fish", atomically: true, encoding: .utf8)
            return (["/usr/bin/fish", "-i"], ["XDG_CONFIG_HOME": folder])
        }
    }
}

/// `NAME=value` of an output line that reads `NAME=value NAME=value …`.
private func field(_ name: String, in lines: [String]) -> String? {
    lines.flatMap { $0.split(separator: " ") }.first { $0.hasPrefix("\(name)=") }.map { String($0.dropFirst(name.count + 1)) }
}

@Test(arguments: TestShell.allCases)
func typed_at_the_prompt_assume_switches_and_exit_restores(shell: TestShell) throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    let (command, extra) = try shell.interactive(in: scenario)
    let pane = try TmuxSession(command: command, environment: scenario.environment.merging(extra.merging(["TERM": "screen"]) { $1 }) { $1 },
                               folder: scenario.folder)
    defer { pane.close() }
    // capture-pane drops trailing blanks: an empty prompt reads `RP[]>`.
    try pane.waitFor("the first prompt") { $0.contains("RP[]>") }
    let whoami = "aws sts get-caller-identity --query Arn --output text"

    let assumed = try pane.type("rolesh assume prod", promptPrefix: "RP[")
    #expect(assumed.output == [])
    #expect(assumed.prompt.hasPrefix("RP[prod "))
    #expect(try pane.type(whoami, promptPrefix: "RP[").output.first?.hasPrefix("arn:aws:sts::123456789012:assumed-role/Prod/") == true)

    let exited = try pane.type("rolesh exit", promptPrefix: "RP[")
    #expect(exited.output == [])
    #expect(exited.prompt.hasPrefix("RP[]>"))
    #expect(try pane.type(whoami, promptPrefix: "RP[").output == [Fixture.baseARN])

    // Credentials for 900 s, renewed when 1000 s or less are left: the first prompt after
    // the assume renews them, at the same stack position.
    _ = try pane.type(shell.export("ROLESH_REFRESH_BEFORE", "1000"), promptPrefix: "RP[]")
    let show = "echo KEY=$AWS_ACCESS_KEY_ID FRAME=$ROLESH_FRAME EXPIRES=$ROLESH_EXPIRES"
    let before = try pane.type("rolesh assume prod --duration 900; \(show)", promptPrefix: "RP[prod ").output
    let after = try pane.type(show, promptPrefix: "RP[prod ").output
    let key = try #require(field("KEY", in: before))
    #expect(!key.isEmpty)
    #expect(field("KEY", in: after) != key)
    #expect(field("FRAME", in: after) == field("FRAME", in: before))
    #expect(try #require(field("FRAME", in: before)).count == 32)
    #expect(try pane.type(whoami, promptPrefix: "RP[").output.first?.hasPrefix("arn:aws:sts::123456789012:assumed-role/Prod/") == true)
}

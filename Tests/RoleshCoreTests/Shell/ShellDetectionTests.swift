import Testing
@testable import RoleshCore

struct DetectionCase: Sendable, CustomTestStringConvertible {
    var flag: String?
    var environment: [String: String]
    var parent: String?
    var expected: String
    var testDescription: String { "flag \(flag ?? "-") env \(environment) parent \(parent ?? "-") → \(expected)" }
}

@Test(arguments: [
    DetectionCase(flag: "fish", environment: ["ROLESH_SHELL": "zsh", "SHELL": "/bin/bash"], parent: "bash", expected: "fish"),
    DetectionCase(flag: "sh", environment: [:], parent: "zsh", expected: "sh"),
    DetectionCase(flag: nil, environment: ["ROLESH_SHELL": "zsh", "SHELL": "/bin/bash"], parent: "fish", expected: "fish"),
    DetectionCase(flag: nil, environment: ["SHELL": "/bin/bash"], parent: "fish", expected: "fish"),
    DetectionCase(flag: nil, environment: ["SHELL": "/bin/fish"], parent: "-bash", expected: "bash"),
    DetectionCase(flag: nil, environment: ["SHELL": "/usr/bin/zsh"], parent: nil, expected: "zsh"),
    DetectionCase(flag: nil, environment: ["SHELL": "/usr/bin/zsh"], parent: "python3", expected: "zsh"),
    DetectionCase(flag: nil, environment: ["SHELL": "-zsh"], parent: nil, expected: "zsh"),
    DetectionCase(flag: nil, environment: ["ROLESH_SHELL": "tcsh", "SHELL": "/bin/tcsh"], parent: "sshd", expected: "sh"),
    DetectionCase(flag: nil, environment: [:], parent: "dash", expected: "sh"),
    DetectionCase(flag: nil, environment: [:], parent: nil, expected: "sh"),
])
/// ROLESH_SHELL, which older versions exported, decides nothing: a child shell of another
/// kind inherits it.
func detection_follows_flag_then_parent_then_login_shell(testCase: DetectionCase) throws {
    let dialect = try ShellDetection.detect(flag: testCase.flag, environment: testCase.environment, parentProcessName: testCase.parent)
    #expect(dialect.name == testCase.expected)
}

@Test func an_unknown_shell_flag_is_an_error_naming_the_choices() {
    #expect(throws: ShellError.unknownShell("tcsh", choices: ["bash", "zsh", "fish", "sh"])) {
        try ShellDetection.detect(flag: "tcsh", environment: ["SHELL": "/bin/bash"], parentProcessName: nil)
    }
    let message = ShellError.unknownShell("tcsh", choices: ["bash", "zsh", "fish", "sh"]).errorDescription
    #expect(message == #"unknown shell "tcsh": choose bash, zsh, fish or sh"#)
}

@Test func the_parent_process_of_the_tests_has_a_name() throws {
    let name = try #require(ShellDetection.parentProcessName())
    #expect(!name.isEmpty && !name.contains("\n"))
}

/// One registry: `--shell` and its completion take its names, `init` those with a script.
@Test func the_registry_lists_each_dialect_once_and_init_serves_those_with_a_script() {
    #expect(ShellDetection.names == ["bash", "zsh", "fish", "sh"])
    #expect(InitCommand.shells == ["bash", "zsh", "fish"])
    #expect(ShellDetection.dialect(named: "dash")?.name == "sh")
    #expect(ShellDetection.dialect(named: "ksh") == nil)
    #expect(BashDialect().shellVariable("__rolesh_x", "it's") == #"__rolesh_x='it'\''s'"#)
    #expect(FishDialect().shellVariable("__rolesh_x", "it's") == #"set -g __rolesh_x 'it\'s'"#)
}

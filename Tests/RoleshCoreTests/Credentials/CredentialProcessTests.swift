// credential_process with real programs: what they print, how they fail, how long they take.
import Foundation
import Testing
@testable import RoleshCore

private let environment = ["PATH": "/usr/bin:/bin"]

/// Writes an executable shell script into `folder` and returns its path.
private func script(_ folder: TestFolder, _ name: String, _ body: String) throws -> String {
    try folder.write(name, "#!/bin/sh\n\(body)\n")
    let path = "\(folder.path)/\(name)"
    chmod(path, 0o755)
    return path
}

@Test func a_process_that_prints_version_1_json_gives_its_credentials() throws {
    let folder = try TestFolder()
    let path = try script(folder, "creds", """
        test "$1" = "--profile" && test "$2" = "a b" || exit 9
        read -r line && exit 8
        echo '{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "SECRET", "SessionToken": "TOKEN", "Expiration": "2030-01-02T03:04:05Z"}'
        """)
    let credentials = try CredentialProcess(commandLine: "\(path) --profile 'a b'", profile: "p").run(environment: environment)
    #expect(credentials == Credentials(accessKeyID: "AKID", secretAccessKey: "SECRET", sessionToken: "TOKEN",
                                       expiration: Date(timeIntervalSince1970: 1_893_553_445)))
}

@Test func the_child_sees_the_environment_it_is_given() throws {
    let folder = try TestFolder()
    let path = try script(folder, "creds", #"echo "{\"Version\": 1, \"AccessKeyId\": \"$MARK\", \"SecretAccessKey\": \"s\"}""#)
    let credentials = try CredentialProcess(commandLine: path, profile: "p").run(environment: environment.merging(["MARK": "from-env"]) { $1 })
    #expect(credentials.accessKeyID == "from-env")
    #expect(credentials.sessionToken == nil)
    #expect(credentials.expiration == nil)
}

struct FailingProcess: Sendable, CustomTestStringConvertible {
    var label: String
    var body: String
    var error: CredentialProcessError
    var testDescription: String { label }
}

private let failures: [FailingProcess] = [
    .init(label: "non-zero exit", body: "echo 'denied' >&2; exit 3", error: .failed(profile: "p", status: 3)),
    .init(label: "not JSON", body: "echo 'hello'",
          error: .badOutput(profile: "p", reason: "its output is not the credential_process JSON object")),
    .init(label: "Version 2", body: #"echo '{"Version": 2, "AccessKeyId": "a", "SecretAccessKey": "s"}'"#,
          error: .unsupportedVersion(profile: "p", version: "2")),
    .init(label: "no Version", body: #"echo '{"AccessKeyId": "a", "SecretAccessKey": "s"}'"#,
          error: .unsupportedVersion(profile: "p", version: "none")),
    .init(label: "no secret", body: #"echo '{"Version": 1, "AccessKeyId": "a"}'"#,
          error: .badOutput(profile: "p", reason: "SecretAccessKey is missing")),
    .init(label: "a bad expiration", body: #"echo '{"Version": 1, "AccessKeyId": "a", "SecretAccessKey": "s", "Expiration": "tomorrow"}'"#,
          error: .badOutput(profile: "p", reason: "Expiration \"tomorrow\" is not an ISO-8601 time")),
    .init(label: "killed by a signal", body: "kill -9 $$", error: .killed(profile: "p", signal: 9)),
]

@Test(arguments: failures)
func a_process_that_misbehaves_is_a_clear_error(_ case: FailingProcess) throws {
    let folder = try TestFolder()
    let path = try script(folder, "creds", `case`.body)
    #expect(throws: `case`.error) {
        try CredentialProcess(commandLine: path, profile: "p").run(environment: environment)
    }
}

@Test func a_process_that_hangs_is_killed_at_the_timeout() throws {
    let folder = try TestFolder()
    let path = try script(folder, "creds", "exec sleep 30")
    let started = Date()
    #expect(throws: CredentialProcessError.timedOut(profile: "p", after: .milliseconds(300))) {
        try CredentialProcess(commandLine: path, profile: "p", timeout: .milliseconds(300)).run(environment: environment)
    }
    #expect(Date().timeIntervalSince(started) < 5)
}

@Test func a_program_that_does_not_exist_says_so() {
    #expect(throws: CredentialProcessError.cannotStart(profile: "p", program: "/no/such/tool", reason: "No such file or directory")) {
        try CredentialProcess(commandLine: "/no/such/tool --x", profile: "p").run(environment: environment)
    }
}

@Test(arguments: ["", "   ", "tool 'unclosed"])
func a_command_line_that_does_not_split_is_refused(_ line: String) {
    #expect(throws: CredentialProcessError.badCommandLine(profile: "p")) {
        try CredentialProcess(commandLine: line, profile: "p").run(environment: environment)
    }
}

@Test(arguments: [
    ([:], Duration.seconds(60)),
    (["ROLESH_CREDENTIAL_PROCESS_TIMEOUT": "5"], Duration.seconds(5)),
    (["ROLESH_CREDENTIAL_PROCESS_TIMEOUT": "0.5"], Duration.milliseconds(500)),
    (["ROLESH_CREDENTIAL_PROCESS_TIMEOUT": "soon"], Duration.seconds(60)),
])
func the_timeout_comes_from_the_environment(environment: [String: String], timeout: Duration) {
    #expect(CredentialProcess.timeout(environment: environment) == timeout)
}

@Test func fractional_expirations_parse() throws {
    let output = #"{"Version": 1, "AccessKeyId": "a", "SecretAccessKey": "s", "Expiration": "2030-01-02T03:04:05.250Z"}"#
    let credentials = try CredentialProcess.credentials(fromOutput: Array(output.utf8), profile: "p")
    #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_553_445.25))
}

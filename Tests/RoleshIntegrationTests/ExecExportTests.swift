// `exec` without `--`, its exit statuses, and `export --format dotenv` (issue 13 §6).
import Foundation
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

@Test func exec_starts_the_command_at_the_first_word_that_is_not_a_rolesh_flag() throws {
    let sandbox = try StoreSandbox(endpoint: try moto.endpoint(), label: "rolesh-exec")
    defer { sandbox.remove() }
    var environment = sandbox.baseEnvironment
    environment["PATH"] = "\(TestPaths.packageRoot)/.venv/bin:/usr/bin:/bin"

    // rolesh's flags before and after PROFILE; the command's own flags, --query among them, untouched.
    let arn = try sandbox.rolesh(["exec", "--refresh", "prod", "--region", "eu-west-2",
                                  "aws", "sts", "get-caller-identity", "--query", "Arn", "--output", "text"],
                                 environment: environment)
    #expect(arn.status == 0, "\(arn.stderr)")
    #expect(arn.stdout.hasPrefix("arn:aws:sts::123456789012:assumed-role/Prod/"), "\(arn.stdout)")

    // Words that look like rolesh's flags belong to the command once it has started; -- still ends them.
    for (arguments, expected) in [
        (["exec", "dev", "/usr/bin/printf", "%s|", "--region", "x", "--help"], "--region|x|--help|"),
        (["exec", "dev", "--region", "eu-north-1", "--", "/bin/sh", "-c", "printf %s \"$AWS_REGION\"", "--"], "eu-north-1"),
    ] {
        let result = try sandbox.rolesh(arguments, environment: environment)
        #expect(result.status == 0 && result.stdout == expected, "\(arguments): \(result)")
    }

    // As shells do: 127 for a command not found, 126 for one that cannot be run; a typo of a flag is no command.
    for (arguments, status, message) in [
        (["exec", "dev", "no-such-command-here"], Int32(127), "rolesh: cannot run no-such-command-here: command not found"),
        (["exec", "dev", "\(sandbox.home)/.aws/config"], 126, "Permission denied"),
        (["exec", "dev", "--regoin", "x", "ls"], 64, "unknown option --regoin"),
    ] {
        let result = try sandbox.rolesh(arguments, environment: environment)
        #expect(result.status == status && result.stdout.isEmpty, "\(arguments): \(result)")
        #expect(result.stderr.contains(message) && result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)")
    }
}

@Test func export_as_dotenv_prints_lines_every_env_file_reader_reads_alike() throws {
    let sandbox = try StoreSandbox(endpoint: try moto.endpoint(), label: "rolesh-dotenv")
    defer { sandbox.remove() }
    let script = "\(sandbox.folder)/spaced.sh"
    try """
        #!/bin/sh
        printf '{"Version": 1, "AccessKeyId": "ASIASPACED", "SecretAccessKey": "two words", "SessionToken": "t"}'

        """.write(toFile: script, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
    let config = try FileHandle(forWritingTo: URL(fileURLWithPath: "\(sandbox.home)/.aws/config"))
    try config.seekToEnd()
    try config.write(contentsOf: Data("\n[profile spaced]\ncredential_process = \(script)\n".utf8))
    try config.close()

    let result = try sandbox.rolesh(["export", "prod", "--format", "dotenv"], environment: sandbox.baseEnvironment)
    #expect(result.status == 0 && result.stderr.isEmpty, "\(result.stderr)")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.map { String($0.prefix { $0 != "=" }) } == [
        "AWS_ACCESS_KEY_ID", "AWS_CREDENTIAL_EXPIRATION", "AWS_DEFAULT_REGION", "AWS_REGION",
        "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    ])
    #expect(lines.contains("AWS_REGION=eu-central-1"))
    // What docker --env-file does: the rest of the line, literally; the shell agrees.
    let read = try runProcess("/bin/sh", ["-c", #"set -a; . "$1"; printf %s "$AWS_SECRET_ACCESS_KEY""#, "sh", try {
        let path = "\(sandbox.folder)/prod.env"
        try result.stdout.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }()], environment: [:])
    let secret = try #require(lines.first { $0.hasPrefix("AWS_SECRET_ACCESS_KEY=") }).dropFirst("AWS_SECRET_ACCESS_KEY=".count)
    #expect(read.stdout == String(secret))

    let refused = try sandbox.rolesh(["export", "spaced", "--format", "dotenv"], environment: sandbox.baseEnvironment)
    #expect(refused.status != 0 && refused.stdout.isEmpty)
    #expect(refused.stderr.hasPrefix("rolesh: cannot write AWS_SECRET_ACCESS_KEY as a dotenv line: its value holds \" \""),
            "\(refused.stderr)")
}

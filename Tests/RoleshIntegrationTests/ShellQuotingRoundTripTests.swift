// Every value rolesh can export, put through each dialect, eval'd by the real shell and read
// back by a child process: the bytes must come back unchanged and no byte may run code.
import Foundation
import Testing
@testable import RoleshCore
import RoleshTestSupport

/// Pieces that are hard for a quoter: every ASCII byte, multi-byte UTF-8 of each length,
/// combining marks, quotes, expansions and command substitutions that would touch CANARY.
private let hardPieces: [String] =
    (1...0x7F).map { String(UnicodeScalar(UInt8($0))) } + [
        "é", "ß", "€", "中文", "𝄞", "😀", "👩‍💻", "🇫🇷", "e\u{301}", "\u{301}", "\u{200B}", "\u{FEFF}", "\u{7FF}", "\u{800}", "\u{FFFD}", "\u{10FFFF}",
        "'", "''", "\"", "\\", "\\'", "'\\''", "\\\\", "$(touch CANARY)", "`touch CANARY`", "${x}", "$x", "$((1+1))", "%", "%s", "!", "!!",
        "\n", "\r", "\t", "\r\n", " ", ";", "&", "|", "*", "?", "[a]", "{a,b}", "~", "#", "(", ")", "<", ">", "--", "=",
    ]

/// 2,000 values: each ASCII byte alone, the empty string, a leading dash and `=`, long values,
/// and the rest random mixes of `hardPieces`.
private func generatedValues() -> [String] {
    var generator = SeededGenerator(seed: 0x726F_6C65_7368)
    var values = (1...0x7F).map { String(UnicodeScalar(UInt8($0))) }
    values += ["", "-", "-n", "--help", "-e 'x'", "=", "=x", "='", "a=b", String(repeating: "x'\\\"$", count: 4000)]
    while values.count < 2000 {
        let length = Int.random(in: 1...12, using: &generator)
        var value = (0..<length).map { _ in hardPieces.randomElement(using: &generator)! }.joined()
        if values.count % 50 == 0 { value = String(repeating: value, count: 300) }
        if values.count % 7 == 0 { value = "-" + value }
        if values.count % 11 == 0 { value = "=" + value }
        values.append(value)
    }
    return values
}

struct ShellUnderTest: Sendable, CustomTestStringConvertible {
    var dialect: any ShellDialect
    var program: String
    /// Arguments that eval the script named by the next argument, then run the command after it.
    var arguments: [String]
    var locale: String
    var testDescription: String { "\(program) (\(locale))" }
}

private let evalThenExec = [#"eval "$(cat "$1")" && shift && exec "$@""#, "sh"]
private let shells: [ShellUnderTest] = [
    ShellUnderTest(dialect: BashDialect(), program: "bash", arguments: ["-c"] + evalThenExec, locale: "C.UTF-8"),
    ShellUnderTest(dialect: ZshDialect(), program: "zsh", arguments: ["-c"] + evalThenExec, locale: "C.UTF-8"),
    ShellUnderTest(dialect: ZshDialect(), program: "zsh", arguments: ["-o", "rcquotes", "-c"] + evalThenExec, locale: "C"),
    ShellUnderTest(dialect: POSIXDialect(), program: "dash", arguments: ["-c"] + evalThenExec, locale: "C.UTF-8"),
    ShellUnderTest(dialect: FishDialect(), program: "fish", arguments: ["-c", "source $argv[1]; and exec $argv[2..-1]"], locale: "C.UTF-8"),
    ShellUnderTest(dialect: FishDialect(), program: "fish", arguments: ["-c", "source $argv[1]; and exec $argv[2..-1]"], locale: "C"),
]

private func hex(_ text: String) -> String {
    text.utf8.map { String(format: "%02x", $0) }.joined()
}

@Test(arguments: shells)
func every_value_comes_back_byte_for_byte_and_runs_nothing(shell: ShellUnderTest) throws {
    let folder = try TestPaths.temporaryFolder("rolesh-quoting")
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let values = generatedValues()
    var export = ShellExport()
    for (index, value) in values.enumerated() { export.changes["V\(index)"] = .some(value) }
    // The unsets come last: the script's status is theirs, and must be 0.
    let script = try export.render(in: shell.dialect)
        + ShellExport(["U_SET": nil, "U_UNSET": nil]).render(in: shell.dialect)
    let scriptPath = "\(folder)/exports"
    try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)

    let environment = ["PATH": "/usr/bin:/bin", "HOME": folder, "LC_ALL": shell.locale, "U_SET": "before"]
    let result = try runProcess(
        shell.program,
        shell.arguments + [scriptPath, TestPaths.python, "\(TestPaths.packageRoot)/Tests/Scripts/environment_hex.py"],
        environment: environment, currentDirectory: folder)

    #expect(result.stderr == "")
    #expect(result.status == 0)
    let exported = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: String])
    let mismatches = values.indices.filter { exported[hex("V\($0)")] != hex(values[$0]) }
    #expect(mismatches.isEmpty, "\(mismatches.count) of \(values.count) differ, first: \(mismatches.prefix(5).map { values[$0].debugDescription })")
    #expect(exported[hex("U_SET")] == nil)
    #expect(exported[hex("U_UNSET")] == nil)
    #expect(!FileManager.default.fileExists(atPath: "\(folder)/CANARY"))
}

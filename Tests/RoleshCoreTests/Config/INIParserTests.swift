// botocore's INI rules, one behaviour per case; fixtures written after botocore's
// tests/unit/test_configloader.py and Python's configparser semantics.
import Testing
@testable import RoleshCore

private func parse(_ text: String) throws -> [String: [String: ConfigValue]] {
    var sections: [String: [String: ConfigValue]] = [:]
    for section in try INIParser.parse(text, file: "/cfg") {
        sections[section.name] = section.entries.mapValues(\.value)
    }
    return sections
}

private func failureLine(_ text: String) -> Int? {
    do {
        _ = try INIParser.parse(text, file: "/cfg")
        return nil
    } catch {
        if case .syntax(let location, _) = error { return location.line }
        return -1
    }
}

struct ParsedCase: Sendable, CustomTestStringConvertible {
    var label: String
    var text: String
    var section: String
    var key: String
    var expected: ConfigValue?
    var testDescription: String { label }
}

private let parsedCases: [ParsedCase] = [
    .init(label: "keys are lower-cased", text: "[Sec]\nRole_ARN = x\n", section: "Sec", key: "role_arn", expected: .text("x")),
    .init(label: "section names keep their case", text: "[Sec]\na = 1\n", section: "Sec", key: "a", expected: .text("1")),
    .init(label: "colon works like equals", text: "[s]\nregion: eu-west-1\n", section: "s", key: "region", expected: .text("eu-west-1")),
    .init(label: "the first delimiter splits", text: "[s]\nk = a:b=c\n", section: "s", key: "k", expected: .text("a:b=c")),
    .init(label: "colon before equals splits at colon", text: "[s]\nk:v = w\n", section: "s", key: "k", expected: .text("v = w")),
    .init(label: "an inline # is part of the value", text: "[s]\nregion = us-east-1 # home\n", section: "s", key: "region", expected: .text("us-east-1 # home")),
    .init(label: "an inline ; is part of the value", text: "[s]\nk = v ; note\n", section: "s", key: "k", expected: .text("v ; note")),
    .init(label: "full-line # comments are skipped", text: "[s]\n# k = no\nk = yes\n", section: "s", key: "k", expected: .text("yes")),
    .init(label: "indented ; comments are skipped", text: "[s]\n   ; k = no\nk = yes\n", section: "s", key: "k", expected: .text("yes")),
    .init(label: "spaces around key and value go", text: "[s]\n  k   =   v  \n", section: "s", key: "k", expected: .text("v")),
    .init(label: "an empty value is empty text", text: "[s]\nk =\n", section: "s", key: "k", expected: .text("")),
    .init(label: "indented lines continue a value", text: "[s]\nk = a\n  b\n", section: "s", key: "k", expected: .text("a\nb")),
    .init(label: "blank lines inside a value are kept, trailing ones dropped",
          text: "[s]\nk = a\n\n  b\n\n", section: "s", key: "k", expected: .text("a\n\nb")),
    .init(label: "comments inside a continued value are dropped", text: "[s]\nk = a\n  # c\n  b\n", section: "s", key: "k", expected: .text("a\nb")),
    .init(label: "an indented block after `key =` is a sub-section",
          text: "[default]\ns3 =\n  signature_version = s3v4\n  addressing_style = path\n", section: "default", key: "s3",
          expected: .nested(["signature_version": "s3v4", "addressing_style": "path"])),
    .init(label: "sub-section keys keep their case and split only at =",
          text: "[s]\nsts =\n  Endpoint_URL = http://x:1\n", section: "s", key: "sts", expected: .nested(["Endpoint_URL": "http://x:1"])),
    .init(label: "a header runs to the last ]", text: "[a]b] trailing\nk = v\n", section: "a]b", key: "k", expected: .text("v")),
    .init(label: "[DEFAULT] keys fill every section", text: "[DEFAULT]\nregion = r\n[s]\nk = v\n", section: "s", key: "region", expected: .text("r")),
    .init(label: "a section's own key beats [DEFAULT]", text: "[s]\nregion = mine\n[DEFAULT]\nregion = r\n", section: "s", key: "region", expected: .text("mine")),
    .init(label: "CRLF line endings", text: "[s]\r\nk = v\r\n", section: "s", key: "k", expected: .text("v")),
    .init(label: "an indented header after a key continues its value", text: "[s]\nk = v\n  [t]\n", section: "s", key: "k", expected: .text("v\n[t]")),
    .init(label: "[DEFAULT] is not a section", text: "[DEFAULT]\nk = v\n[s]\n", section: "DEFAULT", key: "k", expected: nil),
]

@Test(arguments: parsedCases)
func parser_reads_values_as_botocore_does(_ case: ParsedCase) throws {
    let sections = try parse(`case`.text)
    #expect(sections[`case`.section]?[`case`.key] == `case`.expected)
}

struct RejectedCase: Sendable, CustomTestStringConvertible {
    var label: String
    var text: String
    var line: Int
    var testDescription: String { label }
}

private let rejectedCases: [RejectedCase] = [
    .init(label: "a duplicate section", text: "[a]\nk = 1\n[b]\n[a]\n", line: 4),
    .init(label: "a duplicate key", text: "[a]\nk = 1\nK = 2\n", line: 3),
    .init(label: "a duplicate key across two [DEFAULT] headers", text: "[DEFAULT]\nk = 1\n[DEFAULT]\nk = 2\n", line: 4),
    .init(label: "a key before any section", text: "# hi\nk = v\n[a]\n", line: 2),
    .init(label: "a line that is not key = value", text: "[a]\nk = v\njunk\n", line: 3),
    .init(label: "a line with no key", text: "[a]\n= v\n", line: 2),
    .init(label: "an empty header", text: "[a]\n[]\n", line: 2),
    .init(label: "a sub-section line without =", text: "[a]\ns3 =\n  foo\n", line: 2),
    .init(label: "a duplicate key is reported before an earlier bad line", text: "[a]\njunk\nk = 1\nk = 2\n", line: 4),
    .init(label: "a byte-order mark before the first header", text: "\u{FEFF}[a]\n", line: 1),
]

@Test(arguments: rejectedCases)
func parser_rejects_what_botocore_rejects_naming_the_line(_ case: RejectedCase) {
    #expect(failureLine(`case`.text) == `case`.line)
}

@Test func a_sub_section_in_default_only_fails_when_a_section_inherits_it() throws {
    #expect(try parse("[DEFAULT]\ns3 =\n  foo\n").isEmpty)
    #expect(failureLine("[DEFAULT]\ns3 =\n  foo\n[a]\n") == 2)
}

@Test func entries_know_their_file_and_line() throws {
    let sections = try INIParser.parse("[a]\n\nk = v\n", file: "/home/u/.aws/config")
    #expect(sections[0].location == SourceLocation(file: "/home/u/.aws/config", line: 1))
    #expect(sections[0].entries["k"]?.location == SourceLocation(file: "/home/u/.aws/config", line: 3))
}

@Test func parse_errors_name_file_and_line_in_one_line() {
    let error = ConfigError.syntax(SourceLocation(file: "/x/config", line: 7), reason: "section [a] appears twice")
    #expect(error.errorDescription?.hasPrefix("/x/config:7: section [a] appears twice") == true)
    #expect(error.errorDescription?.contains("\n") == false)
}

struct SplitCase: Sendable, CustomTestStringConvertible {
    var line: String
    var words: [String]?
    var testDescription: String { line }
}

private let splitCases: [SplitCase] = [
    .init(line: "profile x", words: ["profile", "x"]),
    .init(line: "profile   \"my name\"", words: ["profile", "my name"]),
    .init(line: "a 'b c' d", words: ["a", "b c", "d"]),
    .init(line: "a ''", words: ["a", ""]),
    .init(line: "a\\ b", words: ["a b"]),
    .init(line: "\"a\\\"b\\x\"", words: ["a\"b\\x"]),
    .init(line: "'a\\b'", words: ["a\\b"]),
    .init(line: "x#y # z", words: ["x#y", "#", "z"]),
    .init(line: "ab'cd'ef", words: ["abcdef"]),
    .init(line: "'open", words: nil),
    .init(line: "trailing\\", words: nil),
]

@Test(arguments: splitCases)
func shell_words_split_like_python_shlex(_ case: SplitCase) {
    #expect((try? ShellWords.split(`case`.line)) == `case`.words)
}

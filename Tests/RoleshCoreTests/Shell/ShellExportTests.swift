import Testing
@testable import RoleshCore

@Test func statements_come_out_sorted_by_name_one_per_line() throws {
    let export = ShellExport(["ROLESH_ROLE": "prod", "AWS_PROFILE": nil, "AWS_ACCESS_KEY_ID": "AKIA", "A_B": "x"])
    let text = try export.render(in: BashDialect())
    #expect(text == """
        export AWS_ACCESS_KEY_ID='AKIA'
        unset -v AWS_PROFILE
        export A_B='x'
        export ROLESH_ROLE='prod'

        """)
}

@Test func an_empty_change_renders_nothing() throws {
    #expect(try ShellExport().render(in: FishDialect()) == "")
}

@Test(arguments: [
    (BashDialect() as any ShellDialect, "export V='it'\\''s'\n", "unset -v V\n"),
    (ZshDialect(), "export V='it'\\''s'\n", "unset -v V\n"),
    (POSIXDialect(), "export V='it'\\''s'\n", "unset -v V\n"),
    (FishDialect(), "set -gx -- V 'it\\'s'\n", "if set -q -g V; set -e -g V; end\n"),
])
func each_dialect_writes_its_own_statements(dialect: any ShellDialect, exported: String, unset: String) throws {
    #expect(try ShellExport(["V": "it's"]).render(in: dialect) == exported)
    #expect(try ShellExport(["V": nil]).render(in: dialect) == unset)
}

@Test(arguments: [
    ("\\", "'\\\\'"), ("'", "'\\''"), ("a\\'b", "'a\\\\\\'b'"), ("é\n$x", "'é\n$x'"), ("", "''"),
])
func fish_escapes_only_backslash_and_quote(value: String, quoted: String) {
    #expect(FishDialect().quote(value) == quoted)
}

// A quote followed by a combining mark is a single grapheme that is not `'`: it must still
// be escaped, or it ends the quoted word and the rest of the value runs as shell code
// (found by Fuzz/ShellFuzzer).
@Test(arguments: [
    (BashDialect() as any ShellDialect, "'\u{0301};id", "''\\''\u{0301};id'"),
    (ZshDialect(), "x'\u{20DD}", "'x'\\''\u{20DD}'"),
    (POSIXDialect(), "'\u{0487}'\u{0487}", "''\\''\u{0487}'\\''\u{0487}'"),
    (FishDialect(), "'\u{0301}\\\u{0301}", "'\\'\u{0301}\\\\\u{0301}'"),
])
func a_quote_joined_to_a_combining_mark_is_still_escaped(dialect: any ShellDialect, value: String, quoted: String) {
    #expect(dialect.quote(value).unicodeScalars.elementsEqual(quoted.unicodeScalars))
}

@Test(arguments: ["A", "_", "_a1", "AWS_ACCESS_KEY_ID", "z9"])
func valid_names_are_accepted(name: String) throws {
    #expect(try ShellExport([name: "v"]).render(in: BashDialect()) == "export \(name)='v'\n")
}

@Test(arguments: ["", "1A", "A-B", "A B", "A=B", "É", "A;rm", "$(x)", "A\n"])
func invalid_names_are_refused(name: String) {
    #expect(throws: ShellError.invalidName(name)) { try ShellExport([name: "v"]).render(in: BashDialect()) }
    #expect(throws: ShellError.invalidName(name)) { try ShellExport([name: nil]).render(in: FishDialect()) }
}

@Test func a_value_with_a_nul_byte_is_refused() {
    #expect(throws: ShellError.nulByte(name: "V")) { try ShellExport(["V": "a\u{0}b"]).render(in: ZshDialect()) }
}

@Test func errors_are_one_line() {
    for error in [ShellError.invalidName("A\nB"), .nulByte(name: "V"), .unknownShell("tcsh\r", choices: ["bash", "zsh"])] {
        let message = error.errorDescription ?? ""
        #expect(!message.isEmpty)
        #expect(!message.contains("\n") && !message.contains("\r"))
    }
}

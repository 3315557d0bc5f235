// man/rolesh.1 is made of the hand-written prose in man/rolesh.1.in and a COMMANDS section
// that scripts/manual.py builds from the binary's own help: the committed page must be
// exactly what the binary under test generates, and mandoc must find nothing to warn about.
import Foundation
import RoleshTestSupport
import Testing

private let page = "\(TestPaths.packageRoot)/man/rolesh.1"

@Test func committed_man_page_is_what_the_binary_and_the_prose_generate() throws {
    let generated = try runProcess(
        TestPaths.python,
        ["\(TestPaths.packageRoot)/scripts/manual.py", TestPaths.rolesh, "\(TestPaths.packageRoot)/man/rolesh.1.in"])
    #expect(generated.status == 0, "\(generated.stderr)")
    let committed = try String(contentsOfFile: page, encoding: .utf8)
    #expect(generated.stdout == committed, "man/rolesh.1 is stale: run scripts/generate-manual")
    for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "ENVIRONMENT", "FILES", "EXIT STATUS", "EXAMPLES",
                    "SEE ALSO", "SECURITY CONSIDERATIONS"] {
        #expect(committed.contains("\n.Sh \(section)\n"), "the page has no \(section)")
    }
    for variable in ["ROLESH_TIMEOUT", "ROLESH_REFRESH_BEFORE", "ROLESH_QUIET", "ROLESH_ROLE", "ROLESH_SESSION_KEY", "AWS_CONFIG_FILE"] {
        #expect(committed.contains(variable), "ENVIRONMENT lacks \(variable)")
    }
}

@Test func man_page_passes_mandoc_lint_at_warning_level() throws {
    // STYLE notes below warning level name only manuals this machine lacks (aws(1), xdg-open(1)).
    let lint = try runProcess("mandoc", ["-T", "lint", "-W", "warning", page])
    #expect(lint.status == 0 && lint.stdout.isEmpty && lint.stderr.isEmpty, "\(lint.stdout)\(lint.stderr)")
}

// rolesh's one JSON string writer against Python's json.dumps, the writer of the aws CLI's
// files: with asciiOnly byte for byte as json.dumps writes by default, without it as
// json.dumps(ensure_ascii=False).
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let samples = [
    "", "plain", "say \"hi\"", "back\\slash", "line\nbreak\r\ttab", "\u{08}\u{0C}\u{00}\u{1F}\u{7F}",
    "café", "日本", "😀 emoji", "mixed é\n\"😀\"", "https://device.sso.us-east-1.amazonaws.com/?user_code=ABCD-EFGH",
]

@Test func json_strings_are_written_as_python_writes_them() throws {
    let script = """
        import json, sys
        for line in sys.stdin.read().split("\\n")[:-1]:
            text = bytes.fromhex(line).decode("utf-8")
            print(json.dumps(text) + "\\t" + json.dumps(text, ensure_ascii=False))
        """
    let input = samples.map { Array($0.utf8).map { String(format: "%02x", $0) }.joined() + "\n" }.joined()
    let result = try runProcess(TestPaths.python, ["-c", script], input: input)
    try #require(result.status == 0, "python failed: \(result.stderr)")
    let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    try #require(lines.count == samples.count)
    for (text, line) in zip(samples, lines) {
        let python = line.split(separator: "\t", maxSplits: 1).map(String.init)
        #expect(jsonString(text, asciiOnly: true) == python[0], "\(text.debugDescription)")
        #expect(jsonString(text) == python[1], "\(text.debugDescription)")
    }
}

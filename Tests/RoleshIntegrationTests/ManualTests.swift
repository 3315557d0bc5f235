// man/rolesh.1 against the built binary's help. scripts/generate-manual regenerates it with
// swift-argument-parser's plugin, which rebuilds the package and its own tool: too slow for a
// test, and it would contend with `swift test` for the build folder. So this test compares
// what the page is made of: the binary's --experimental-dump-help (the plugin's own input)
// against the page's commands, in order, and each command's texts and long flags.
import Foundation
import RoleshTestSupport
import Testing

/// One command of the dump, with only what the page shows.
private struct HelpCommand {
    var name: String
    var texts: [String]
    var longFlags: Set<String>
    var subcommands: [HelpCommand]

    init(_ json: [String: Any]) {
        name = json["commandName"] as? String ?? ""
        let arguments = (json["arguments"] as? [[String: Any]] ?? []).filter { $0["shouldDisplay"] as? Bool != false }
        texts = ([json["abstract"], json["discussion"]] + arguments.map { $0["abstract"] }).compactMap { $0 as? String }
        longFlags = Set(arguments.flatMap { argument in
            (argument["names"] as? [[String: String]] ?? []).filter { $0["kind"] == "long" }.compactMap { $0["name"] }
        })
        subcommands = (json["subcommands"] as? [[String: Any]] ?? [])
            .filter { $0["shouldDisplay"] as? Bool != false }.map(HelpCommand.init)
    }

    /// This command and every one below it, depth first: the page's order.
    var all: [HelpCommand] { [self] + subcommands.flatMap(\.all) }
}

/// The page cut at each `.It Em NAME` (a command's entry); the part before the first is the root's.
private func pageSections(_ page: String) -> [(name: String, lines: [Substring])] {
    var sections: [(name: String, lines: [Substring])] = [("rolesh", [])]
    for line in page.split(separator: "\n", omittingEmptySubsequences: false) {
        if line.hasPrefix(".It Em ") {
            sections.append((String(line.dropFirst(".It Em ".count)), []))
        } else {
            sections[sections.count - 1].lines.append(line)
        }
    }
    return sections
}

private func collapsed(_ text: some StringProtocol) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

@Test func committed_man_page_matches_the_commands_texts_and_flags_of_the_binary() throws {
    let dump = try runProcess(TestPaths.rolesh, ["--experimental-dump-help"])
    #expect(dump.status == 0)
    #expect(dump.stderr == "")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
    let commands = HelpCommand(try #require(json["command"] as? [String: Any])).all
    let page = try String(contentsOfFile: "\(TestPaths.packageRoot)/man/rolesh.1", encoding: .utf8)
    let sections = pageSections(page)
    let stale = "man/rolesh.1 is stale: run scripts/generate-manual"

    #expect(sections.map(\.name) == commands.map(\.name), "\(stale)")
    for (command, section) in zip(commands, sections) {
        // Text lines (not mdoc requests) and the quoted .Nd line hold the help texts.
        let text = collapsed(section.lines.map { line in
            line.hasPrefix(".Nd ") ? line.dropFirst(4).trimmingCharacters(in: ["\""]) : line.hasPrefix(".") ? "" : String(line)
        }.joined(separator: "\n"))
        for help in command.texts {
            #expect(text.contains(collapsed(help)), "\(stale): \(command.name) lacks \(help)")
        }
        let flags = Set(section.lines.filter { $0.hasPrefix(".It Fl ") }.flatMap { line in
            line.split(separator: " ").filter { $0.hasPrefix("-") && $0.count > 1 }.map { String($0.dropFirst()) }
        })
        #expect(flags == command.longFlags, "\(stale): \(command.name)")
    }
}

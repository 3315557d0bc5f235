// The prompt hook's automatic refresh when STS does not answer, typed at a real prompt
// (tmux) in bash, zsh and fish: the prompt comes back within about 2 seconds, one line says
// that the automatic refresh failed, and the hook leaves STS alone for a minute after.
import Foundation
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

/// An STS that never answers: a server that accepts connections and stays silent, or a
/// port where nothing listens.
enum DeadSTS: String, CaseIterable, Sendable {
    case silent, closed
}

/// An interactive `shell` in tmux, in `scenario`, that has assumed prod for 900 s.
private func paneWithProd(_ shell: TestShell, in scenario: ShellScenario) throws -> TmuxSession {
    let (command, extra) = try shell.interactive(in: scenario)
    let environment = scenario.environment.merging(extra.merging(["TERM": "screen", "ROLESH_QUIET": "1"]) { $1 }) { $1 }
    let pane = try TmuxSession(command: command, environment: environment, folder: scenario.folder)
    try pane.waitFor("the first prompt") { $0.contains("RP[]>") }
    _ = try pane.type("rolesh assume prod --duration 900", promptPrefix: "RP[prod ")
    return pane
}

@Test(arguments: TestShell.allCases, DeadSTS.allCases)
func the_prompt_comes_back_within_two_seconds_when_the_automatic_refresh_gets_no_answer(shell: TestShell, sts: DeadSTS) throws {
    let silentServer = sts == .silent ? try LocalHTTPServer(arguments: ["--silent"]) : nil
    let deadEndpoint = try silentServer?.url ?? "http://127.0.0.1:\(freeLocalPort())"
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    let pane = try paneWithProd(shell, in: scenario)
    defer { pane.close() }

    // 900 s left and a refresh due at 1000 s: the prompt after this line renews, from a dead STS.
    let started = Date()
    _ = try pane.type(
        "\(shell.export("AWS_ENDPOINT_URL_STS", deadEndpoint)); \(shell.export("ROLESH_REFRESH_BEFORE", "1000"))",
        promptPrefix: "RP[prod ")
    let waited = Date().timeIntervalSince(started)
    #expect(waited < 2.5, "\(shell), \(sts) STS: the prompt took \(waited) s")
    // The hook runs after the command's own output, before the prompt.
    let message = "rolesh: automatic refresh of prod failed:"
    let screen = try pane.screen().split(separator: "\n").map(String.init)
    let messages = screen.filter { $0.hasPrefix(message) }
    #expect(messages.count == 1, "\(shell), \(sts):\n\(screen.joined(separator: "\n"))")
    #expect(messages.first?.contains("rolesh refresh") == true, "it says what to do: \(messages)")
    let after = screen.firstIndex { $0.hasPrefix(message) }.map { screen[($0 + 1)...].first }
    #expect(after??.hasPrefix("RP[prod ") == true, "one line, then the prompt: \(screen)")

    // Within the minute after a failure the hook starts nothing and says nothing.
    let again = Date()
    _ = try pane.type("true", promptPrefix: "RP[prod ")
    #expect(Date().timeIntervalSince(again) < 1.5)
    #expect(try pane.screen().split(separator: "\n").filter { $0.hasPrefix(message) }.count == 1, "\(shell), \(sts)")
}

/// The pid of the `rolesh refresh --auto` whose environment has `XDG_RUNTIME_DIR=runtime`.
private func automaticRefresh(runtime: String) -> Int32? {
    let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    for pid in processes.compactMap(Int32.init) {
        guard let command = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
              String(decoding: command, as: UTF8.self).contains("refresh\0--auto"),
              let environment = FileManager.default.contents(atPath: "/proc/\(pid)/environ"),
              environment.split(separator: 0).contains(Data("XDG_RUNTIME_DIR=\(runtime)".utf8))
        else { continue }
        return pid
    }
    return nil
}

@Test(arguments: TestShell.allCases)
func ctrl_c_ends_the_automatic_refresh_and_the_prompt_comes_back_at_once(shell: TestShell) throws {
    let silentServer = try LocalHTTPServer(arguments: ["--silent"])
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    let pane = try paneWithProd(shell, in: scenario)
    defer { pane.close() }

    let line = "\(shell.export("AWS_ENDPOINT_URL_STS", silentServer.url)); \(shell.export("ROLESH_REFRESH_BEFORE", "1000"))"
    try pane.send(line)
    try pane.send("Enter", literal: false)
    let deadline = Date().addingTimeInterval(5)
    var refresh = automaticRefresh(runtime: scenario.runtime)
    while refresh == nil && Date() < deadline {
        Thread.sleep(forTimeInterval: 0.02)
        refresh = automaticRefresh(runtime: scenario.runtime)
    }
    let pid = try #require(refresh, "\(shell): no automatic refresh started")
    let interrupted = Date()
    try pane.send("C-c", literal: false)
    let screen = try pane.waitFor("the prompt after Ctrl-C") { screen in
        let last = screen.split(separator: "\n").last.map(String.init) ?? ""
        return last.hasPrefix("RP[prod ") && !last.contains("AWS_ENDPOINT_URL_STS")
    }
    let waited = Date().timeIntervalSince(interrupted)
    #expect(waited < 1.0, "\(shell): the prompt came back \(waited) s after Ctrl-C")
    #expect(kill(pid, 0) != 0, "\(shell): the refresh ended")
    // Interrupted is as failed: the next prompts wait a minute before another try.
    _ = try pane.type("true", promptPrefix: "RP[prod ")
    #expect(automaticRefresh(runtime: scenario.runtime) == nil)
    #expect(!(try pane.screen()).contains("automatic refresh of prod failed"), "\(shell):\n\(screen)")
}

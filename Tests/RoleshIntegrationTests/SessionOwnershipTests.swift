// Issue 13 §2: a shell started from a shell that has a role keeps a working stack after that
// shell has exited. Every shell takes a session of its own at start-up, holding the frames it
// stands on re-sealed; and a session is removed only once no process carries it in its
// environment, since a tmux server hands the environment of the shell that started it to
// every pane it opens later.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let moto = SharedMotoServer()

/// Waits until `done` holds, polling; false after `timeout` seconds.
private func eventually(_ timeout: TimeInterval = 60, _ done: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if done() { return true }
        usleep(50_000)
    }
    return done()
}

/// True once process `pid` has ended: gone, or a zombie that nobody reaps (the first
/// shell's descendants are left to PID 1, which in a container may never reap them).
private func hasEnded(_ pid: String) -> Bool {
    guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
    return stat.split(separator: ")").last?.split(separator: " ").first == "Z"
}

/// The lines of a shell that loads the integration, says where it stands, waits for the file
/// `go` (when given), then exits twice, saying each time where it then stands.
private func descendant(_ name: String, in shell: TestShell, waitingFor go: String?) -> [String] {
    let wait: [String] = go.map { file in
        shell == .fish ? ["while not test -e '\(file)'; sleep 0.05; end"] : ["while [ ! -e '\(file)' ]; do sleep 0.05; done"]
    } ?? []
    let pid = shell == .fish ? "$fish_pid" : "$$"
    return [shell.integration, "dump \(name)-start", "echo \(pid) >\(name).pid"] + wait + [
        "rolesh exit", "dump \(name)-exit-1", "witness \(name)-exit-1",
        "rolesh exit", "dump \(name)-exit-2", "witness \(name)-exit-2",
        "touch \(name).done",
    ]
}

@Test(arguments: TestShell.allCases)
func shells_started_from_a_shell_with_a_role_walk_down_to_its_base_after_it_exits(shell: TestShell) throws {
    let scenario = try BaseIdentity.profile.scenario(stsEndpoint: try moto.endpoint())
    defer { scenario.remove() }
    let socket = "rolesh-test-\(UUID().uuidString.prefix(8))"
    let tmux = ["/usr/bin/tmux", "-L", socket, "-f", "/dev/null"]
    defer { _ = try? runProcess(tmux[0], Array(tmux.dropFirst()) + ["kill-server"], environment: scenario.environment) }
    let run = shell.command.joined(separator: " ")
    let child = try scenario.writeScript("child.\(shell)", for: shell, descendant("child", in: shell, waitingFor: "go"))
    let pane = try scenario.writeScript("pane.\(shell)", for: shell, descendant("pane", in: shell, waitingFor: nil))
    // Started with every inherited descriptor above 2 closed and no signal blocked: a test
    // runner's pipes leaked into them would keep the scenario's output open.
    let detached = "python3 -c 'import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); "
        + "os.closerange(3, 65536); os.execvp(sys.argv[1], sys.argv[1:])'"
    let readyWait = shell == .fish ? "while not test -e child.pid; sleep 0.05; end" : "while [ ! -e child.pid ]; do sleep 0.05; done"

    // The first shell: a role two deep, a detached child shell (setsid) that outlives it, and
    // a tmux server started from it; then it exits, and its exit hook runs.
    let first = try scenario.run(shell, [
        shell.integration, "dump start", "witness start",
        "rolesh assume dev", "rolesh assume prod", "dump prod",
        // The integration loaded again (the rc file sourced again) keeps the stack working.
        shell.integration, "dump reloaded",
        "\(detached) setsid \(run) '\(child)' </dev/null >/dev/null 2>&1 &",
        "\(detached) \(tmux.joined(separator: " ")) new-session -d -s t 'sleep 600' </dev/null >/dev/null 2>&1",
        readyWait,
    ], timeout: 60)
    #expect(first.stderr == "")
    #expect(first.status == 0)
    let start = try scenario.dump("start"), prod = try scenario.dump("prod"), reloaded = try scenario.dump("reloaded")
    let firstSession = try #require(reloaded["ROLESH_SESSION"])
    #expect(reloaded.without("ROLESH_SESSION", "ROLESH_SESSION_KEY")
            == prod.without("ROLESH_SESSION", "ROLESH_SESSION_KEY"), "loading the integration again moved the shell")
    let store = SessionStore(root: "\(scenario.runtime)/rolesh")
    // The first shell has gone, but the child and the tmux server carry its session: kept.
    #expect(try store.sessionIDs().contains(firstSession), "the session was removed while processes carry it")

    // A pane opened only now, from the server's environment (the first shell's).
    let opened = try runProcess(tmux[0], Array(tmux.dropFirst()) + ["new-window", "-t", "t", "-c", scenario.output, "\(run) '\(pane)'"],
                                environment: scenario.environment)
    #expect(opened.status == 0, "\(opened.stderr)")
    try "".write(toFile: "\(scenario.output)/go", atomically: true, encoding: .utf8)
    for name in ["child", "pane"] {
        #expect(eventually { FileManager.default.fileExists(atPath: "\(scenario.output)/\(name).done") }, "\(name) did not finish")
        let own = try scenario.dump("\(name)-start")
        #expect(own.without("ROLESH_SESSION", "ROLESH_SESSION_KEY") == prod.without("ROLESH_SESSION", "ROLESH_SESSION_KEY"),
                "\(name) starts where the first shell stood")
        #expect(own["ROLESH_SESSION"] != firstSession, "\(name) took a session of its own")
        #expect(try scenario.dump("\(name)-exit-1")["ROLESH_ROLE"] == "dev", "\(name): one exit is dev")
        #expect(scenario.witness("\(name)-exit-1").hasPrefix("arn:aws:sts::123456789012:assumed-role/Dev/"))
        // Two exits: the first shell's base, AWS_PROFILE included, in the descendant's own session.
        #expect(try scenario.dump("\(name)-exit-2").without("ROLESH_SESSION", "ROLESH_SESSION_KEY")
                == start.without("ROLESH_SESSION", "ROLESH_SESSION_KEY"), "\(name): two exits are the base")
        #expect(scenario.witness("\(name)-exit-2") == scenario.witness("start"))
        let pid = scenario.text("\(name).pid").trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(eventually { hasEnded(pid) }, "\(name) did not exit")
    }

    // Once the server is gone too, nothing carries the first session: `clean` takes it. The
    // descendants removed their own sessions when they exited.
    _ = try runProcess(tmux[0], Array(tmux.dropFirst()) + ["kill-server"], environment: scenario.environment)
    #expect(eventually { SessionOwner.processes(carrying: firstSession).isEmpty })
    let clean = try runProcess(TestPaths.rolesh, ["clean"], environment: scenario.environment)
    #expect(clean.status == 0, "\(clean.stderr)")
    #expect(clean.stdout.contains("removed session \(firstSession)"), "\(clean.stdout)")
    #expect(try store.sessionIDs() == [])
}

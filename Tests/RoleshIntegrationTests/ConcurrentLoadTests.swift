// Many shells switching at once against one moto (DESIGN §6: no shared file to lock for a
// push or a pop; the cache is rewritten under flock). Half the shells each have their own
// session, half share one (same ROLESH_SESSION and key, as subshells of one shell would).
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

/// One shell's loop: stand on `assume prod` (its own session, or the shared one), then
/// `assume dev` / `exit` CYCLES times, checking after every exit that each AWS_* and
/// ROLESH_* variable is what it was at the start. Every tenth assume skips the cache.
private let cycleScript = #"""
    set -u
    if [ "$MODE" = shared ]; then
        eval "$(cat "$SHARED_CODE")"
    else
        eval "$("$ROLESH" assume prod --shell bash)" || { echo "initial assume failed" >&2; exit 1; }
    fi
    identity() { env | grep -E '^(AWS|ROLESH)_' | sort; }
    start="$(identity)"
    for cycle in $(seq "$CYCLES"); do
        refresh=
        if [ $(( (cycle + SHELL_NUMBER) % 10 )) -eq 0 ]; then refresh=--refresh; fi
        code="$("$ROLESH" assume dev --shell bash $refresh)" || { echo "cycle $cycle: assume failed" >&2; exit 2; }
        eval "$code"
        [ "$ROLESH_ROLE" = dev ] && [ "$ROLESH_DEPTH" = 2 ] || { echo "cycle $cycle: not switched to dev" >&2; exit 3; }
        code="$("$ROLESH" exit --shell bash)" || { echo "cycle $cycle: exit failed" >&2; exit 4; }
        eval "$code"
        [ "$(identity)" = "$start" ] || { echo "cycle $cycle: exit did not restore the start" >&2; exit 5; }
    done
    echo "SESSION $ROLESH_SESSION $ROLESH_SESSION_KEY"
    """#

/// Starts every shell in the background and reports each one's status as `STATUS n code`.
private let driverScript = #"""
    pids=()
    for n in $(seq "$SHELLS"); do
        if [ "$n" -le $(( SHELLS / 2 )) ]; then mode=separate; else mode=shared; fi
        MODE=$mode SHELL_NUMBER=$n bash --norc --noprofile "$CYCLE_SCRIPT" >"$OUT/out.$n" 2>"$OUT/err.$n" &
        pids+=($!)
    done
    for n in $(seq "$SHELLS"); do
        wait "${pids[$((n - 1))]}"
        echo "STATUS $n $?"
    done
    """#

/// 64 × 50 cycles took 226 s on the debug build on 2 shared cores; scripts/test runs this
/// test alone, after the others, so that it neither starves nor is starved by them.
/// ROLESH_LOAD_CYCLES sets another count.
private var loadCycles: Int {
    ProcessInfo.processInfo.environment["ROLESH_LOAD_CYCLES"].flatMap { Int($0) } ?? 50
}

@Test func sixty_four_shells_switching_at_once_each_restore_their_start_and_keep_the_store_whole() throws {
    let shells = 64, cycles = loadCycles
    let moto = try MotoServer()
    let sandbox = try StoreSandbox(endpoint: moto.endpoint, label: "rolesh-load")
    defer { sandbox.remove() }
    let shared = try sandbox.rolesh(["assume", "prod", "--shell", "bash"], environment: sandbox.baseEnvironment)
    try #require(shared.status == 0, "\(shared.stderr)")
    let output = "\(sandbox.folder)/shells"
    try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
    try shared.stdout.write(toFile: "\(sandbox.folder)/shared.sh", atomically: true, encoding: .utf8)
    try cycleScript.write(toFile: "\(sandbox.folder)/cycle.sh", atomically: true, encoding: .utf8)

    var environment = sandbox.baseEnvironment
    environment.merge([
        "ROLESH": TestPaths.rolesh, "SHELLS": "\(shells)", "CYCLES": "\(cycles)", "OUT": output,
        "CYCLE_SCRIPT": "\(sandbox.folder)/cycle.sh", "SHARED_CODE": "\(sandbox.folder)/shared.sh",
    ]) { $1 }
    let started = Date()
    let driver = try runProcess("/bin/bash", ["--norc", "--noprofile", "-c", driverScript], environment: environment, timeout: 600)
    let seconds = Date().timeIntervalSince(started)
    print("load: \(shells) shells × \(cycles) assume/exit cycles = \(shells * cycles) cycles "
          + "(\(shells * cycles * 2) rolesh runs) in \(String(format: "%.1f", seconds)) s")

    let statuses = driver.stdout.split(separator: "\n").filter { $0.hasPrefix("STATUS ") }
    #expect(statuses.count == shells, "\(driver.stdout) \(driver.stderr)")
    for line in statuses {
        let fields = line.split(separator: " ")
        let errors = (try? String(contentsOfFile: "\(output)/err.\(fields[1])", encoding: .utf8)) ?? ""
        #expect(fields[2] == "0", "shell \(fields[1]) exited \(fields[2]): \(errors)")
    }

    // Every frame of every session opens with the key its shell printed.
    var sessions: [String: SessionIdentity] = [:]
    for n in 1...shells {
        let text = (try? String(contentsOfFile: "\(output)/out.\(n)", encoding: .utf8)) ?? ""
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("SESSION ") }) else { continue }
        let fields = line.split(separator: " ").map(String.init)
        sessions[fields[1]] = SessionIdentity(id: fields[1], key: try SymmetricKey(hex: fields[2]))
    }
    #expect(sessions.count == shells / 2 + 1, "separate sessions plus the shared one")
    let store = SessionStore(root: sandbox.stateRoot)
    var frames = 0
    for (id, session) in sessions {
        let names = try FileManager.default.contentsOfDirectory(atPath: store.folder(of: id))
        for name in names where name.hasSuffix(".frame") {
            frames += 1
            #expect(throws: Never.self, "\(id)/\(name)") { try store.read(String(name.dropLast(".frame".count)), session: session) }
        }
        #expect(Set(names).isSubset(of: Set(names.filter { $0.hasSuffix(".frame") } + ["owner"])), "\(id): \(names)")
    }
    // One assume prod per session plus one assume dev per cycle.
    #expect(frames == shells / 2 + 1 + shells * cycles)

    // The cache: one sealed entry per profile asked (dev, prod), each opening with the key.
    let cache = CredentialCache(root: StateRoot.resolve(environment: ["XDG_RUNTIME_DIR": sandbox.runtime]))
    let cacheFiles = try FileManager.default.contentsOfDirectory(atPath: "\(sandbox.stateRoot)/cache").sorted()
    let entries = cacheFiles.filter { $0 != ".lock" }
    #expect(entries.count == 2, "\(cacheFiles)")
    for file in entries {
        let entry = file.replacing(/\.cred$/, with: "")
        #expect(entry.wholeMatch(of: /[0-9a-f]{64}/) != nil && file.hasSuffix(".cred"), "unexpected cache file \(file)")
        #expect(try cache.lookup(entry, now: Date()) != nil, "cache entry \(file) does not open")
    }
    #expect(sandbox.leftoverTemporaries().isEmpty, "\(sandbox.leftoverTemporaries())")
}

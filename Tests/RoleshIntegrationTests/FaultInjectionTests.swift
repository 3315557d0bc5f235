// System-call faults and SIGKILL injected into the built rolesh (strace's `-e inject`), to
// pin DESIGN §3 and §6 under failure: a command either succeeds with complete shell code
// or fails with one line and nothing to eval; the store still opens; and an exit from
// whatever the shell then holds restores the right identity. EINTR never fails anything.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

/// The command a fault is injected into, with the state it runs in.
enum FaultedCommand: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// `assume dev` in a shell without a session, nothing cached: STS is asked.
    case assumeMiss = "assume-miss"
    /// `assume dev` on top of `assume dev` and `assume prod`: the cache answers.
    case assumeHit = "assume-hit"
    /// `exit` at depth 2.
    case exit

    var testDescription: String { rawValue }

    var arguments: [String] {
        self == .exit ? ["exit", "--shell", "bash"] : ["assume", "dev", "--shell", "bash"]
    }
}

/// The shell states around one faulted command, each a full environment.
struct FaultScenario {
    let sandbox: StoreSandbox
    /// The states the shell went through before the faulted command, oldest first; the
    /// last is where the command runs.
    let history: [[String: String]]

    var current: [String: String] { history.last! }

    static func prepare(_ command: FaultedCommand, moto: MotoServer) throws -> FaultScenario {
        let sandbox = try StoreSandbox(endpoint: moto.endpoint, label: "rolesh-fault")
        var history = [sandbox.baseEnvironment]
        // dev, then prod: dev is cached, and the faulted `assume dev` is not the active role
        // again (which would push nothing).
        for profile in command == .assumeMiss ? [] : ["dev", "prod"] {
            let result = try sandbox.rolesh(["assume", profile, "--shell", "bash"], environment: history.last!)
            guard result.status == 0, let next = try sandbox.evaluate(result.stdout, over: history.last!) else {
                throw TestSupportError("setup assume failed: \(result.stderr)")
            }
            history.append(next)
        }
        return FaultScenario(sandbox: sandbox, history: history)
    }
}

/// What strace is asked to do to a run of rolesh.
struct Injection: Sendable {
    var syscall: String
    var error: String
    /// Which call of `syscall` (counted by strace over the whole process) fails.
    var when: Int
}

/// The system calls that rolesh's storage makes and that the faults are injected into.
/// Everything is reached through folder descriptors (renameat, linkat, mkdirat); fsync,
/// fdatasync and the path forms rename, renameat2 and link are traced too, to show they
/// are not used (issue 12 §2, issue 13 §7).
private let faultedSyscalls = ["openat", "write", "mkdirat", "renameat", "linkat", "flock"]
private let unusedSyscalls = ["fsync", "fdatasync", "rename", "renameat2", "link"]
private let faultErrors = ["ENOSPC", "EIO", "EINTR"]
/// Positions among rolesh's `count` own calls of a syscall: the first, the second, and a
/// later one: the fifth, or the last when there are three or four.
private func faultPositions(count: Int) -> [Int] {
    [1, 2, min(5, max(count, 3))]
}

/// Runs rolesh under strace; `injection` nil only traces. Returns the result and the trace.
private func runTraced(_ arguments: [String], environment: [String: String], syscalls: [String],
                       injection: Injection?, traceFile: String) throws -> (ProcessResult, String) {
    var straceArguments = ["-f", "-qq", "-o", traceFile, "-e", "trace=\(syscalls.joined(separator: ","))"]
    if let injection {
        straceArguments += ["-e", "inject=\(injection.syscall):error=\(injection.error):when=\(injection.when)"]
    }
    let result = try runProcess("/usr/bin/strace", straceArguments + [TestPaths.rolesh] + arguments,
                                environment: environment, timeout: 60)
    let trace = (try? String(contentsOfFile: traceFile, encoding: .utf8)) ?? ""
    return (result, trace)
}

/// The calls of each syscall that rolesh's own code makes, as strace numbers them: the
/// index (1-based, main thread) and the call's text. openat counts only paths inside the
/// sandbox (config, credentials, state) and names opened relative to a folder's descriptor
/// (the state below its root): the loader's and the runtime's opens are not rolesh's.
private func ownCalls(in trace: String, sandbox: StoreSandbox) -> [String: [(index: Int, text: String)]] {
    var counters: [String: Int] = [:]
    var calls: [String: [(index: Int, text: String)]] = [:]
    let lines = trace.split(separator: "\n")
    let mainPID = lines.first.map { $0.prefix(while: { $0 != " " }) }
    for line in lines where line.prefix(while: { $0 != " " }) == mainPID {
        let call = line.drop(while: { $0 != " " }).drop(while: { $0 == " " })
        guard let parenthesis = call.firstIndex(of: "("), !call.hasPrefix("<") else { continue }
        let name = String(call[..<parenthesis])
        counters[name, default: 0] += 1
        if name == "openat" && !call.contains(sandbox.folder) && call.hasPrefix("openat(AT_FDCWD") { continue }
        calls[name, default: []].append((counters[name]!, String(call)))
    }
    return calls
}

/// The path (last component) a traced call names, for the matrix.
private func target(of call: String) -> String {
    if call.hasPrefix("write(") {
        let descriptor = call.dropFirst("write(".count).prefix(while: { $0 != "," })
        return descriptor == "1" ? "stdout" : "file on fd \(descriptor)"
    }
    guard let open = call.firstIndex(of: "\"") else {
        return String(call.prefix(while: { $0 != "," && $0 != ")" }))
    }
    let rest = call[call.index(after: open)...]
    let path = rest.prefix(while: { $0 != "\"" })
    let name = path.split(separator: "/").last.map(String.init) ?? String(path)
    return name.replacing(/[0-9a-f]{16,}/, with: "…")
}

/// One line of the printed matrix.
private struct MatrixRow {
    var injection: Injection
    var position: Int
    var command: FaultedCommand
    var target: String
    var outcome: String

    var line: String {
        let cell = "\(injection.syscall) \(injection.error) #\(position)"
        return cell.padding(toLength: 22, withPad: " ", startingAt: 0)
            + command.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
            + target.padding(toLength: 22, withPad: " ", startingAt: 0) + outcome
    }
}

/// Checks what a faulted (or killed) command left: the shell state it leads to, that
/// `status` works there, and that an exit from there restores the identity expected.
/// Returns the shell state after the command.
private func checkAftermath(of result: ProcessResult, in scenario: FaultScenario, command: FaultedCommand,
                            killed: Bool, label: String) throws -> [String: String] {
    let sandbox = scenario.sandbox
    let start = scenario.current
    var after = start
    if result.status == 0 || (killed && !result.stdout.isEmpty) {
        let evaluated = try sandbox.evaluate(result.stdout, over: start)
        #expect(evaluated != nil, "\(label): stdout does not eval: \(result.stdout)")
        guard let evaluated else { return start }
        after = evaluated
        switch command {
        case .exit:
            let below = scenario.history[scenario.history.count - 2]
            #expect(StoreSandbox.identity(after) == StoreSandbox.identity(below), "\(label): exit restored the wrong identity")
        case .assumeMiss, .assumeHit:
            #expect(after["ROLESH_ROLE"] == "dev" && after["ROLESH_DEPTH"] == String(scenario.history.count)
                    && after["AWS_SESSION_TOKEN"] != nil, "\(label): incomplete push: \(StoreSandbox.identity(after))")
        }
    } else if !killed {
        #expect(result.isCleanFailure, "\(label): failure is not clean: status \(result.status), stdout \(result.stdout.count) bytes, stderr \(result.stderr)")
    }

    let status = try sandbox.rolesh(["status"], environment: after)
    #expect(status.status == 0, "\(label): status fails afterwards: \(status.stderr)")
    let unreadable = try sandbox.unreadableFrames(of: after)
    #expect(unreadable.isEmpty, "\(label): frames do not open: \(unreadable)")

    // The identity one exit from `after` must give back: the state before the last push.
    let depth = Int(after["ROLESH_DEPTH"] ?? "0") ?? 0
    if depth == 0 {
        #expect(StoreSandbox.identity(after) == StoreSandbox.identity(scenario.history[0]), "\(label): base identity changed")
        let exit = try sandbox.rolesh(["exit", "--shell", "bash"], environment: after)
        #expect(exit.isCleanFailure, "\(label): exit with nothing pushed: \(exit.stderr)")
        return after
    }
    let exit = try sandbox.rolesh(["exit", "--shell", "bash"], environment: after)
    #expect(exit.status == 0, "\(label): exit afterwards fails: \(exit.stderr)")
    let restored = try sandbox.evaluate(exit.stdout, over: after)
    #expect(restored.map(StoreSandbox.identity) == StoreSandbox.identity(scenario.history[depth - 1]),
            "\(label): exit afterwards restored the wrong identity")
    return after
}

@Suite(.serialized) struct FaultInjectionTests {
    @Test(arguments: FaultedCommand.allCases)
    func every_storage_fault_leaves_a_clean_failure_or_a_complete_switch(_ command: FaultedCommand) throws {
        let moto = try MotoServer()
        let probe = try FaultScenario.prepare(command, moto: moto)
        defer { probe.sandbox.remove() }
        let (probeResult, trace) = try runTraced(
            command.arguments, environment: probe.current, syscalls: faultedSyscalls + unusedSyscalls,
            injection: nil, traceFile: "\(probe.sandbox.folder)/probe.trace")
        try #require(probeResult.status == 0, "\(probeResult.stderr)")
        let calls = ownCalls(in: trace, sandbox: probe.sandbox)
        for unused in unusedSyscalls {
            #expect(calls[unused] == nil, "\(command.rawValue) calls \(unused); add it to the faulted syscalls")
        }

        var rows: [MatrixRow] = []
        for syscall in faultedSyscalls {
            let own = calls[syscall] ?? []
            for error in faultErrors {
                for position in faultPositions(count: own.count) {
                    let planned = Injection(syscall: syscall, error: error, when: 0)
                    guard position <= own.count else {
                        rows.append(MatrixRow(injection: planned, position: position, command: command, target: "-",
                                              outcome: "not reached (\(own.count) calls)"))
                        continue
                    }
                    let injection = Injection(syscall: syscall, error: error, when: own[position - 1].index)
                    let scenario = try FaultScenario.prepare(command, moto: moto)
                    defer { scenario.sandbox.remove() }
                    let label = "\(syscall) \(error) #\(position) \(command.rawValue)"
                    let (result, trace) = try runTraced(
                        command.arguments, environment: scenario.current, syscalls: [syscall], injection: injection,
                        traceFile: "\(scenario.sandbox.folder)/fault.trace")
                    let injected = trace.split(separator: "\n").first { $0.contains("(INJECTED)") }
                    #expect(injected != nil, "\(label): strace did not inject")
                    let call = injected.map { String($0.drop(while: { $0 != " " }).dropFirst()) } ?? own[position - 1].text
                    if error == "EINTR" {
                        #expect(result.status == 0 && result.stderr.isEmpty, "\(label): EINTR was not retried: \(result.stderr)")
                    }
                    #expect(scenario.sandbox.leftoverTemporaries().isEmpty,
                            "\(label): temporaries left: \(scenario.sandbox.leftoverTemporaries())")
                    _ = try checkAftermath(of: result, in: scenario, command: command, killed: false, label: label)
                    let outcome = result.status == 0
                        ? (result.stderr.isEmpty ? "ok" : "ok, warned: \(result.stderr.dropLast())")
                        : "failed \(result.status): \(result.stderr.dropLast())"
                    rows.append(MatrixRow(injection: injection, position: position, command: command,
                                          target: target(of: call), outcome: outcome))
                }
            }
        }
        print("fault matrix, \(command.rawValue) (rolesh's own calls: "
              + faultedSyscalls.map { "\($0) \(calls[$0]?.count ?? 0)" }.joined(separator: ", ") + ")")
        for row in rows { print("  " + row.line) }
    }
}

/// How a run of rolesh is cut short.
private enum Kill: CustomStringConvertible {
    /// SIGKILL this many microseconds after the spawn.
    case after(microseconds: UInt32)
    /// SIGKILL (by strace) as the process enters its Nth write.
    case atWrite(Int)

    var description: String {
        switch self {
        case .after(let microseconds): "after \(microseconds / 1000) ms"
        case .atWrite(let n): "at write #\(n)"
        }
    }
}

/// Runs rolesh and kills it as `kill` says (if it is still running by then).
private func runKilled(_ kill: Kill, _ arguments: [String], environment: [String: String]) throws -> ProcessResult {
    switch kill {
    case .atWrite(let n):
        return try runProcess("/usr/bin/strace", ["-f", "-qq", "-o", "/dev/null", "-e", "trace=write",
                                                  "-e", "inject=write:signal=KILL:when=\(n)", TestPaths.rolesh] + arguments,
                              environment: environment, timeout: 60)
    case .after(let microseconds):
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TestPaths.rolesh)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        usleep(microseconds)
        if process.isRunning { Glibc.kill(process.processIdentifier, SIGKILL) }
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
        return ProcessResult(status: status, stdout: String(decoding: stdout, as: UTF8.self),
                             stderr: String(decoding: stderr, as: UTF8.self))
    }
}

extension FaultInjectionTests {
    /// 200 cycles of `assume dev` (every tenth with --refresh, to reach STS) and `exit` on
    /// top of a first `assume dev`, each command SIGKILLed at a random point: 0–30 ms after
    /// the spawn, or as it enters its Nth write. A killed command prints nothing or all of
    /// its code; afterwards status works, every frame opens, and exit restores the start.
    @Test func sigkill_at_random_points_of_200_assume_exit_cycles() throws {
        let moto = try MotoServer()
        let base = try FaultScenario.prepare(.assumeHit, moto: moto)
        defer { base.sandbox.remove() }
        let seed = UInt64(Date().timeIntervalSince1970 * 1000)
        var random = SeededGenerator(seed: seed)
        var tally: [String: Int] = [:]

        func nextKill(writes: Int) -> Kill {
            Bool.random(using: &random)
                ? .after(microseconds: UInt32.random(in: 0...30_000, using: &random))
                : .atWrite(Int.random(in: 1...(writes + 1), using: &random))
        }
        func record(_ phase: String, _ result: ProcessResult) {
            let outcome = result.status == 137 ? (result.stdout.isEmpty ? "killed, no output" : "killed after output")
                : result.status == 0 ? "completed" : "failed"
            tally["\(phase): \(outcome)", default: 0] += 1
        }

        for cycle in 0..<200 {
            let refresh = cycle % 10 == 0
            let assumeArguments = ["assume", "dev", "--shell", "bash"] + (refresh ? ["--refresh"] : [])
            let assumeKill = nextKill(writes: refresh ? 3 : 2)
            let assumed = try runKilled(assumeKill, assumeArguments, environment: base.current)
            record("assume", assumed)
            #expect(assumed.status == 0 || assumed.status == 137 || assumed.isCleanFailure,
                    "cycle \(cycle) assume killed \(assumeKill): \(assumed.status) \(assumed.stderr)")
            let after = try checkAftermath(of: assumed, in: base, command: .assumeHit, killed: assumed.status == 137,
                                           label: "cycle \(cycle) assume killed \(assumeKill)")
            guard after["ROLESH_DEPTH"] == String(base.history.count) else { continue }

            let pushed = FaultScenario(sandbox: base.sandbox, history: base.history + [after])
            let exitKill = nextKill(writes: 1)
            let exited = try runKilled(exitKill, ["exit", "--shell", "bash"], environment: after)
            record("exit", exited)
            _ = try checkAftermath(of: exited, in: pushed, command: .exit, killed: exited.status == 137,
                                   label: "cycle \(cycle) exit killed \(exitKill)")
        }
        let leftovers = base.sandbox.leftoverTemporaries()
        print("SIGKILL cycles (seed \(seed)): " + tally.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
              + "; temporaries left by kills: \(leftovers.count)")
        let cacheEntries = base.sandbox.stateFiles().filter { $0.hasPrefix("cache/") && $0.hasSuffix(".cred") }
        #expect(cacheEntries.count == 2, "two profiles (dev and prod), one cache entry each: \(cacheEntries)")

        // What the kills left in the cache goes with `rolesh clean` (one more is planted so
        // that there is always something to remove); the live session stays whole.
        let planted = "\(base.sandbox.stateRoot)/\(cacheEntries.first ?? "cache/x.cred").tmp-0123456789abcdef"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: planted))
        let clean = try base.sandbox.rolesh(["clean"], environment: base.current)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.contains("unfinished cache write"), "\(clean.stdout)")
        #expect(base.sandbox.leftoverTemporaries().filter { $0.hasPrefix("cache/") }.isEmpty)
        let unreadable = try base.sandbox.unreadableFrames(of: base.current)
        #expect(unreadable.isEmpty, "\(unreadable)")
    }
}

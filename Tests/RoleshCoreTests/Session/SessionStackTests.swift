// The session stack in-process: push, pop, refresh, the frames on disk and their seals.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private func assume(_ target: String, in world: SessionWorld, from environment: [String: String],
                    options: (inout AssumeOptions) -> Void = { _ in }) throws -> [String: String] {
    var assumeOptions = AssumeOptions(target: target)
    options(&assumeOptions)
    let script = try AssumeCommand.run(assumeOptions, shell: "sh", context: world.context(environment))
    return apply(script, to: environment)
}

private func exit(_ options: ExitCommand.Options = .init(), in world: SessionWorld,
                  from environment: [String: String]) throws -> [String: String] {
    var options = options
    options.shell = "sh"
    return apply(try ExitCommand.run(options, context: world.context(environment)), to: environment)
}

private func managed(_ environment: [String: String], without: Set<String> = []) -> [String: String] {
    environment.filter { ManagedVariable.all.contains($0.key) && !without.contains($0.key) }
}

@Test func nested_assume_and_exit_restore_each_previous_environment_exactly() throws {
    let world = try SessionWorld()
    let start = world.environment(["AWS_PROFILE": "base", "AWS_SECURITY_TOKEN": "stale", "AWS_DEFAULT_REGION": "us-west-2"])
    let dev = try assume("dev", in: world, from: start)
    #expect(dev["ROLESH_ROLE"] == "dev")
    #expect(dev["ROLESH_DEPTH"] == "1")
    #expect(dev["AWS_PROFILE"] == nil)
    #expect(dev["AWS_SECURITY_TOKEN"] == nil)
    #expect(dev["AWS_ACCESS_KEY_ID"]?.hasPrefix("ASIAFAKE") == true)
    #expect(dev["AWS_DEFAULT_REGION"] == "us-west-2", "dev names no region: left alone")

    let prod = try assume("prod", in: world, from: dev)
    #expect(prod["ROLESH_DEPTH"] == "2")
    #expect(prod["AWS_REGION"] == "eu-central-1")
    #expect(prod["AWS_DEFAULT_REGION"] == "eu-central-1")
    #expect(prod["ROLESH_SESSION"] == dev["ROLESH_SESSION"])

    let back = try exit(in: world, from: prod)
    #expect(managed(back) == managed(dev))
    let base = try exit(in: world, from: back)
    #expect(base == start)
}

@Test func exit_all_returns_to_the_base_from_any_depth() throws {
    let world = try SessionWorld()
    let start = world.environment(["AWS_ACCESS_KEY_ID": "AKIASTART", "AWS_SECRET_ACCESS_KEY": "s"])
    var environment = start
    for profile in ["dev", "prod", "dev"] {
        environment = try assume(profile, in: world, from: environment)
    }
    #expect(environment["ROLESH_DEPTH"] == "3")
    #expect(try exit(.init(all: true), in: world, from: environment) == start)
}

@Test func exit_with_no_role_active_fails_and_says_so() throws {
    let world = try SessionWorld()
    #expect(throws: SessionError.nothingToExit) {
        try ExitCommand.run(.init(shell: "sh"), context: world.context(world.environment()))
    }
}

@Test func a_cached_assume_asks_sts_nothing() throws {
    let world = try SessionWorld()
    let first = try assume("dev", in: world, from: world.environment())
    let requestsAfterFirst = world.sts.requests
    let second = try assume("dev", in: world, from: world.environment())
    #expect(world.sts.requests == requestsAfterFirst)
    #expect(second["AWS_ACCESS_KEY_ID"] == first["AWS_ACCESS_KEY_ID"])
    let refreshed = try assume("dev", in: world, from: world.environment()) { $0.skipCache = true }
    #expect(world.sts.requests == requestsAfterFirst + 1)
    #expect(refreshed["AWS_ACCESS_KEY_ID"] != first["AWS_ACCESS_KEY_ID"])
}

@Test func different_flags_are_different_cache_entries() throws {
    let world = try SessionWorld()
    _ = try assume("dev", in: world, from: world.environment())
    _ = try assume("dev", in: world, from: world.environment()) { $0.spec.durationSeconds = 7200 }
    _ = try assume("dev", in: world, from: world.environment()) { $0.spec.tags = [SessionTag(key: "team", value: "core")] }
    #expect(world.sts.requests == 3)
}

@Test func static_keys_profile_gets_a_session_token_not_the_long_term_keys() throws {
    let world = try SessionWorld()
    let environment = try assume("base", in: world, from: world.environment())
    #expect(world.sts.bodies.last?.contains("Action=GetSessionToken") == true)
    #expect(environment["AWS_ACCESS_KEY_ID"] != "AKIABASE")
    #expect(environment["AWS_SESSION_TOKEN"] != nil)
}

@Test func refresh_renews_the_credentials_at_the_same_stack_position() throws {
    let world = try SessionWorld()
    let dev = try assume("dev", in: world, from: world.environment())
    let script = try RefreshCommand.run(auto: false, shell: "sh", context: world.context(dev))
    let refreshed = apply(script, to: dev)
    #expect(refreshed["AWS_ACCESS_KEY_ID"] != dev["AWS_ACCESS_KEY_ID"])
    #expect(refreshed["ROLESH_FRAME"] == dev["ROLESH_FRAME"])
    #expect(refreshed["ROLESH_DEPTH"] == "1")
    #expect(try exit(in: world, from: refreshed) == world.environment())
}

@Test func chain_assumes_from_the_credentials_in_the_environment() throws {
    let world = try SessionWorld()
    let dev = try assume("dev", in: world, from: world.environment())
    _ = try assume("arn:aws:iam::123456789012:role/Other", in: world, from: dev)
    let body = try #require(world.sts.bodies.last)
    #expect(body.contains("RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FOther"))
    #expect(body.contains("RoleSessionName=tester"))
}

@Test func a_failed_assume_prints_nothing_and_writes_no_frame() throws {
    let world = try SessionWorld()
    let dev = try assume("dev", in: world, from: world.environment())
    let session = try #require(dev["ROLESH_SESSION"])
    let before = ((try? FileManager.default.contentsOfDirectory(atPath: world.store.folder(of: session))) ?? []).sorted()
    #expect(throws: (any Error).self) {
        try AssumeCommand.run(AssumeOptions(target: "nosuchprofile"), shell: "sh", context: world.context(dev))
    }
    var tooShort = AssumeOptions(target: "dev")
    tooShort.spec.durationSeconds = 10
    #expect(throws: (any Error).self) {
        try AssumeCommand.run(tooShort, shell: "sh", context: world.context(dev))
    }
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: world.store.folder(of: session))) ?? []).sorted() == before)
}

// MARK: Damage

private enum Damage: String, CaseIterable {
    case flippedBit, truncated, missing, swappedFromAnotherSession, wrongKey
}

@Test(arguments: Damage.allCases)
private func exit_refuses_a_damaged_stack_and_names_reset(_ damage: Damage) throws {
    let world = try SessionWorld()
    var dev = try assume("dev", in: world, from: world.environment())
    let session = try #require(dev["ROLESH_SESSION"])
    let frame = try #require(dev["ROLESH_FRAME"])
    let path = world.store.path(of: frame, in: session)
    var bytes = try AtomicFile.read(path)
    switch damage {
    case .flippedBit:
        bytes[bytes.count / 2] ^= 0x04
        try AtomicFile.write(bytes, to: path)
    case .truncated:
        try AtomicFile.write(Array(bytes.prefix(bytes.count - 7)), to: path)
    case .missing:
        try FileManager.default.removeItem(atPath: path)
    case .swappedFromAnotherSession:
        let other = try assume("dev", in: world, from: world.environment())
        let otherPath = world.store.path(of: try #require(other["ROLESH_FRAME"]), in: try #require(other["ROLESH_SESSION"]))
        try AtomicFile.write(try AtomicFile.read(otherPath), to: path)
    case .wrongKey:
        dev["ROLESH_SESSION_KEY"] = SymmetricKey.random().hex
    }
    do {
        _ = try ExitCommand.run(.init(shell: "sh"), context: world.context(dev))
        Issue.record("exit accepted a \(damage) frame")
    } catch {
        #expect(error.message.contains("rolesh exit --reset"))
        #expect(!error.message.contains("\n"))
    }
    let reset = try exit(.init(reset: true), in: world, from: dev)
    #expect(managed(reset).isEmpty)
    #expect(!FileManager.default.fileExists(atPath: world.store.folder(of: session)))
}

@Test func a_frame_opens_only_under_its_own_session_and_id() throws {
    let world = try SessionWorld()
    let session = SessionIdentity.create()
    let frame = Frame(id: SecureRandom.identifier(), parent: nil, session: session.id, role: "dev", roleARN: "arn",
                      expires: 1, created: 0, spec: AssumeSpec(profile: "dev"),
                      saved: ["AWS_PROFILE": "base", "AWS_REGION": nil])
    try world.store.write(frame, session: session, owner: nil)
    #expect(try world.store.read(frame.id, session: session) == frame)
    #expect(throws: (any Error).self) { try world.store.write(frame, session: session, owner: nil) }
    let renamed = SecureRandom.identifier()
    try AtomicFile.write(try AtomicFile.read(world.store.path(of: frame.id, in: session.id)),
                         to: world.store.path(of: renamed, in: session.id))
    #expect(throws: SessionError.self) { try world.store.read(renamed, session: session) }
}

@Test func a_frame_keeps_unset_apart_from_unknown() throws {
    let frame = Frame(id: "a", parent: nil, session: "s", role: "r", roleARN: "arn", expires: 1, created: 0,
                      spec: AssumeSpec(profile: "r"), saved: ["AWS_PROFILE": nil, "AWS_REGION": "x"])
    let decoded = try #require(Frame(json: frame.json))
    #expect(decoded.saved.keys.contains("AWS_PROFILE"))
    #expect(decoded.saved["AWS_PROFILE"] == .some(nil))
    #expect(decoded == frame)
}

// MARK: Pieces

@Test(arguments: [
    ("1234 (bash) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 987654 20", UInt64(987654)),
    ("1234 (a) b (c) S 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 42 20", UInt64(42)),
])
func process_start_time_is_read_after_the_last_parenthesis(stat: String, expected: UInt64) {
    #expect(SessionOwner.parseStartTime(stat: stat) == expected)
}

@Test func the_running_process_is_its_own_live_owner() throws {
    let me = try #require(SessionOwner.startTime(of: getpid()))
    #expect(SessionOwner(pid: getpid(), startTime: me).isAlive)
    #expect(!SessionOwner(pid: getpid(), startTime: me + 1).isAlive)
    #expect(SessionOwner(record: SessionOwner(pid: 7, startTime: 9).record) == SessionOwner(pid: 7, startTime: 9))
}

@Test(arguments: [(45, "45s"), (60, "1m"), (3599, "59m"), (3600, "1h00m"), (3900, "1h05m")])
func status_writes_time_left_for_people(seconds: Int, text: String) {
    #expect(durationText(seconds) == text)
}

@Test func status_lists_the_stack_from_the_frames() throws {
    let world = try SessionWorld()
    var environment = try assume("dev", in: world, from: world.environment())
    environment = try assume("prod", in: world, from: environment)
    let report = try StatusCommand.report(context: world.context(environment))
    #expect(report.active)
    #expect(report.stack == ["prod", "dev"])
    #expect(report.depth == 2)
    #expect(report.secondsLeft == 1_893_456_000 - 1_800_000_000)
}

@Test func clean_removes_sessions_whose_shell_is_gone_and_keeps_live_ones() throws {
    let world = try SessionWorld()
    let environment = world.environment()
    let live = SessionIdentity.create(), gone = SessionIdentity.create()
    let me = SessionOwner(pid: getpid(), startTime: try #require(SessionOwner.startTime(of: getpid())))
    for (session, owner) in [(live, me), (gone, SessionOwner(pid: me.pid, startTime: me.startTime + 1))] {
        let frame = Frame(id: SecureRandom.identifier(), parent: nil, session: session.id, role: "dev", roleARN: "a",
                          expires: 0, created: 0, spec: AssumeSpec(profile: "dev"), saved: [:])
        try world.store.write(frame, session: session, owner: owner)
    }
    let output = try CleanCommand.run(session: nil, context: world.context(environment))
    #expect(output.contains("removed session \(gone.id)"))
    #expect(try world.store.sessionIDs() == [live.id])
}

/// The processes that carry a session and whether its shell runs are the context's system
/// facts: with these set, clean decides without looking at /proc.
@Test func clean_asks_the_system_facts_who_carries_a_session_and_whether_its_shell_runs() throws {
    let world = try SessionWorld()
    let carried = SessionIdentity.create(), running = SessionIdentity.create(), gone = SessionIdentity.create()
    for (session, pid) in [(carried, Int32(11)), (running, 12), (gone, 13)] {
        let frame = Frame(id: SecureRandom.identifier(), parent: nil, session: session.id, role: "dev", roleARN: "a",
                          expires: 0, created: 0, spec: AssumeSpec(profile: "dev"), saved: [:])
        try world.store.write(frame, session: session, owner: SessionOwner(pid: pid, startTime: 1))
    }
    var context = world.context(world.environment())
    context.system = SystemFacts(parentProcessName: { nil }, parentShell: { nil }, userName: { nil },
                                 processesCarrying: { $0 == carried.id ? [4343] : [] }, ownerRuns: { $0.pid == 12 })
    #expect(try CleanCommand.run(session: carried.id, context: context)
        == "kept session \(carried.id): process 4343 still carries it\n")
    let output = try CleanCommand.run(session: nil, context: context)
    #expect(output.contains("removed session \(gone.id) (its shell is gone)"))
    #expect(!output.contains(carried.id) && !output.contains(running.id))
    #expect(try world.store.sessionIDs().sorted() == [carried.id, running.id].sorted())
}

@Test func an_assume_whose_output_cannot_be_delivered_takes_its_frame_back() throws {
    struct ClosedPipe: Error {}
    let world = try SessionWorld()
    let dev = try assume("dev", in: world, from: world.environment())
    let session = try #require(dev["ROLESH_SESSION"])
    let before = ((try? FileManager.default.contentsOfDirectory(atPath: world.store.folder(of: session))) ?? []).sorted()
    #expect(throws: ClosedPipe.self) {
        try AssumeCommand.run(AssumeOptions(target: "prod"), shell: "sh", context: world.context(dev)) { _ in throw ClosedPipe() }
    }
    #expect(((try? FileManager.default.contentsOfDirectory(atPath: world.store.folder(of: session))) ?? []).sorted() == before)
}

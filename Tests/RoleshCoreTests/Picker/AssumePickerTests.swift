// `rolesh assume` with no profile, in-process: what the picker is offered, and what its
// answer (a name, a cancel, no terminal at all) does to the command.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

/// A terminal whose picker answers from a script and remembers what it was offered.
final class PickingTerminal: Terminal, @unchecked Sendable {
    private let answer: Result<String, any Error>
    private(set) var offered: [[PickerEntry]] = []

    init(_ answer: Result<String, any Error>) {
        self.answer = answer
    }

    func ask(_ prompt: String) throws -> String { throw TerminalError.unavailable }

    func pick(from entries: [PickerEntry]) throws -> String {
        offered.append(entries)
        return try answer.get()
    }
}

private func context(_ world: SessionWorld, terminal: any Terminal) -> RoleshContext {
    var context = world.context(world.environment())
    context.terminal = terminal
    return context
}

@Test func assume_without_a_profile_offers_the_listed_profiles_and_assumes_the_one_picked() throws {
    let world = try SessionWorld()
    let terminal = PickingTerminal(.success("prod"))
    let script = try AssumeCommand.run(AssumeOptions(target: nil), shell: "sh", context: context(world, terminal: terminal))
    #expect(apply(script, to: world.environment())["ROLESH_ROLE"] == "prod")
    #expect(terminal.offered == [[
        PickerEntry(name: "base", identity: "static keys", region: nil),
        PickerEntry(name: "dev", identity: "arn:aws:iam::123456789012:role/Dev", region: nil),
        PickerEntry(name: "prod", identity: "arn:aws:iam::123456789012:role/Prod", region: "eu-central-1"),
    ]])
    #expect(world.sts.bodies.contains { $0.contains("Action=AssumeRole") && $0.contains("role%2FProd") })
}

@Test func assume_with_a_profile_never_opens_the_picker() throws {
    let world = try SessionWorld()
    let terminal = PickingTerminal(.success("prod"))
    let script = try AssumeCommand.run(AssumeOptions(target: "dev"), shell: "sh", context: context(world, terminal: terminal))
    #expect(apply(script, to: world.environment())["ROLESH_ROLE"] == "dev")
    #expect(terminal.offered.isEmpty)
}

@Test func a_cancelled_pick_fails_with_cancelled_and_pushes_nothing() throws {
    let world = try SessionWorld()
    let error = try #require(throws: PickerError.self) {
        try AssumeCommand.run(AssumeOptions(target: nil), shell: "sh",
                              context: context(world, terminal: PickingTerminal(.failure(PickerError.cancelled))))
    }
    #expect(error.localizedDescription == "cancelled")
    #expect(world.sts.requests == 0)
    #expect(!FileManager.default.fileExists(atPath: "\(world.runtime)/rolesh/sessions"))
}

@Test func without_a_terminal_or_without_profiles_assume_asks_for_a_profile_on_the_command_line() throws {
    let world = try SessionWorld()
    #expect(throws: AssumeError.noTarget) {
        try AssumeCommand.run(AssumeOptions(target: nil), shell: "sh", context: context(world, terminal: NoTerminal()))
    }
    let empty = try SessionWorld(config: "[profile sso]\nsso_session = corp\n")
    try "".write(toFile: "\(empty.home)/.aws/credentials", atomically: true, encoding: .utf8)
    let terminal = PickingTerminal(.success("sso"))
    #expect(throws: AssumeError.noTarget) {
        try AssumeCommand.run(AssumeOptions(target: nil), shell: "sh", context: context(empty, terminal: terminal))
    }
    #expect(terminal.offered.isEmpty)
    #expect(AssumeError.noTarget.localizedDescription.contains("rolesh list"))
}

@Test func the_picker_offers_sso_profiles_with_their_account_and_role() throws {
    let world = try SessionWorld(config: SessionWorld.standardConfig + """

        [profile sso-dev]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = Admin
        region = eu-west-1
        [profile bearer-only]
        sso_session = corp
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-west-1

        """)
    let terminal = PickingTerminal(.failure(PickerError.cancelled))
    #expect(throws: PickerError.self) {
        try AssumeCommand.run(AssumeOptions(target: nil), shell: "sh", context: context(world, terminal: terminal))
    }
    let offered = try #require(terminal.offered.first)
    #expect(offered.contains(PickerEntry(name: "sso-dev", identity: "sso 111111111111 Admin", region: "eu-west-1")))
    #expect(!offered.contains { $0.name == "bearer-only" })
}

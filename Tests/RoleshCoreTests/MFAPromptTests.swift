import Foundation
@testable import RoleshCore
import Testing

/// A terminal that answers from a script and remembers what it was asked.
final class ScriptedTerminal: Terminal, @unchecked Sendable {
    private let answer: Result<String, TerminalError>
    private(set) var prompts: [String] = []

    init(_ answer: Result<String, TerminalError>) {
        self.answer = answer
    }

    func ask(_ prompt: String) throws -> String {
        prompts.append(prompt)
        return try answer.get()
    }
}

@Suite struct MFAPromptTests {
    @Test func the_question_names_the_profile_that_names_the_device() throws {
        let terminal = ScriptedTerminal(.success(" 123 456 \n"))
        #expect(try MFAPrompt.tokenCode(for: Self.serial, profile: "prod", given: nil, terminal: terminal) == "123456")
        #expect(terminal.prompts == ["MFA code for arn:aws:iam::123456789012:mfa/alice (profile prod): "])
    }

    static let serial = "arn:aws:iam::123456789012:mfa/alice"

    @Test func the_flag_wins_and_the_terminal_is_not_asked() throws {
        let terminal = ScriptedTerminal(.success("999999"))
        #expect(try MFAPrompt.tokenCode(for: Self.serial, given: "123456", terminal: terminal) == "123456")
        #expect(terminal.prompts.isEmpty)
    }

    @Test func without_the_flag_the_terminal_is_asked_naming_the_device() throws {
        let terminal = ScriptedTerminal(.success(" 654321 "))
        #expect(try MFAPrompt.tokenCode(for: Self.serial, given: nil, terminal: terminal) == "654321")
        #expect(terminal.prompts == ["MFA code for arn:aws:iam::123456789012:mfa/alice: "])
    }

    @Test func without_a_terminal_the_error_names_token_code() throws {
        let error = try #require(throws: STSError.self) {
            try MFAPrompt.tokenCode(for: Self.serial, given: nil, terminal: ScriptedTerminal(.failure(.unavailable)))
        }
        #expect(error.localizedDescription
            == "an MFA code for arn:aws:iam::123456789012:mfa/alice is needed and none was given (pass it with --token-code, or run rolesh where it can ask on a terminal)")
    }

    @Test(arguments: [("12345", nil), (nil, "abcdef"), ("1234567", nil), (nil, "")] as [(String?, String?)])
    func codes_that_are_not_six_digits_are_refused(given: String?, typed: String?) {
        #expect(throws: STSError.invalidInput("the MFA code must be 6 digits")) {
            try MFAPrompt.tokenCode(for: Self.serial, given: given, terminal: ScriptedTerminal(.success(typed ?? "")))
        }
    }

    @Test func tty_terminal_prompts_on_the_terminal_and_reads_one_line() throws {
        // Glibc's module hides posix_openpt; /dev/ptmx with Linux's ioctls does the same.
        let master = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        try #require(master >= 0)
        defer { close(master) }
        var unlock: CInt = 0
        var number: CUnsignedInt = 0
        try #require(ioctl(master, UInt(0x4004_5431) /* TIOCSPTLCK */, &unlock) == 0)
        try #require(ioctl(master, UInt(0x8004_5430) /* TIOCGPTN */, &number) == 0)
        let device = "/dev/pts/\(number)"
        let typed = Array("246810\nignored\n".utf8)
        #expect(write(master, typed, typed.count) == typed.count)
        let answer = try TTYTerminal(path: device).ask("MFA code for x: ")
        #expect(answer == "246810")
        // The terminal also echoes what was typed, and one read may return only that: read
        // until the prompt has come or nothing more comes for two seconds.
        var seen: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 256)
        var request = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        while !String(decoding: seen, as: UTF8.self).contains("MFA code for x: "), poll(&request, 1, 2000) > 0 {
            let count = read(master, &buffer, buffer.count)
            guard count > 0 else { break }
            seen += buffer.prefix(count)
        }
        #expect(String(decoding: seen, as: UTF8.self).contains("MFA code for x: "))
    }

    @Test func tty_terminal_without_a_device_is_unavailable() {
        #expect(throws: TerminalError.unavailable) { try TTYTerminal(path: "/nonexistent/tty").ask("MFA code: ") }
    }
}

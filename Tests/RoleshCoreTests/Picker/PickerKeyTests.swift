@testable import RoleshCore
import Testing

/// Reads arrive in chunks; each case feeds them in order, then flushes (nothing more came).
private let decodingCases: [(name: String, reads: [[UInt8]], keys: [PickerKey])] = [
    ("letters", [Array("pro".utf8)], [.text("p"), .text("r"), .text("o")]),
    ("enter as CR or LF", [[0x0D, 0x0A]], [.enter, .enter]),
    ("backspace as DEL or BS", [[0x7F, 0x08]], [.backspace, .backspace]),
    ("ctrl-c cancels", [[0x03]], [.cancel]),
    ("ctrl-p and ctrl-n move", [[0x10, 0x0E]], [.up, .down]),
    ("arrows", [[0x1B, 0x5B, 0x41, 0x1B, 0x5B, 0x42]], [.up, .down]),
    ("application-mode arrows", [[0x1B, 0x4F, 0x41, 0x1B, 0x4F, 0x42]], [.up, .down]),
    ("an arrow split across reads", [[0x1B], [0x5B], [0x42]], [.down]),
    ("a lone escape is esc once nothing follows", [[0x1B]], [.cancel]),
    ("escape before a letter is esc, then the letter", [[0x1B, 0x78]], [.cancel, .text("x")]),
    ("other sequences are skipped whole", [Array("\u{1B}[1;5Cx\u{1B}[D".utf8)], [.text("x")]),
    ("ctrl-u clears, ctrl-w deletes a word", [[0x15, 0x17]], [.clearFilter, .deleteWord]),
    ("other control bytes are ignored", [[0x01, 0x09, 0x0B]], []),
    ("multi-byte characters, split or not", [[0xC3], [0xA9, 0xE2, 0x82, 0xAC]], [.text("é"), .text("€")]),
    ("invalid UTF-8 is dropped", [[0xFF, 0xC3, 0x28]], [.text("(")]),
    ("a sequence cut off at the end is dropped", [[0x1B, 0x5B, 0x31]], []),
]

@Test(arguments: decodingCases.indices)
func key_decoder_turns_terminal_bytes_into_keys(case index: Int) {
    let (name, reads, expected) = decodingCases[index]
    var decoder = PickerKeyDecoder()
    let keys = reads.flatMap { decoder.feed($0) } + decoder.flush()
    #expect(keys == expected, "\(name)")
    #expect(!decoder.isWaiting, "\(name)")
}

@Test func key_decoder_holds_an_escape_until_it_knows_what_follows() {
    var decoder = PickerKeyDecoder()
    #expect(decoder.feed([0x1B]) == [])
    #expect(decoder.isWaiting)
    #expect(decoder.feed([0x5B, 0x41]) == [.up])
    #expect(!decoder.isWaiting)
}

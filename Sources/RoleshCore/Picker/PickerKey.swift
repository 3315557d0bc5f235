// The keys the profile picker understands, decoded from the bytes a terminal in raw mode
// sends. Pure: the terminal's reads feed a decoder, the decoder hands out keys.

/// One key press, as the picker sees it.
enum PickerKey: Equatable, Sendable {
    /// Printable text to add to the filter.
    case text(String)
    case up, down, backspace, enter, cancel
    /// Ctrl-U: the whole filter goes.
    case clearFilter
    /// Ctrl-W: the last word of the filter goes.
    case deleteWord
}

/// Turns bytes read from a raw terminal into keys. A read may end inside an arrow's escape
/// sequence or a multi-byte character, so an unfinished tail is held for the next read; a
/// lone ESC is the Esc key only once the reader saw nothing follow it (`flush`).
struct PickerKeyDecoder: Sendable {
    private var pending: [UInt8] = []

    init() {}

    /// True while bytes are held that the next read could complete.
    var isWaiting: Bool { !pending.isEmpty }

    /// The keys `bytes` completes, in order; bytes that mean nothing to the picker are dropped.
    mutating func feed(_ bytes: some Sequence<UInt8>) -> [PickerKey] {
        pending.append(contentsOf: bytes)
        var keys: [PickerKey] = []
        var start = 0
        while start < pending.count {
            guard let (key, length) = Self.decode(pending[start...]) else { break }
            if let key { keys.append(key) }
            start += length
        }
        pending.removeFirst(start)
        return keys
    }

    /// Nothing followed the held bytes in time: a lone ESC is Esc, any other tail is dropped.
    mutating func flush() -> [PickerKey] {
        defer { pending = [] }
        return pending == [Self.escape] ? [.cancel] : []
    }

    private static let escape: UInt8 = 0x1B

    /// The key at the start of `bytes` (nil for an ignored one) and how many bytes it took,
    /// or nil when `bytes` is the unfinished start of a key.
    private static func decode(_ bytes: ArraySlice<UInt8>) -> (PickerKey?, Int)? {
        let first = bytes[bytes.startIndex]
        switch first {
        case escape: return decodeEscape(bytes)
        case 0x0D, 0x0A: return (.enter, 1)
        case 0x7F, 0x08: return (.backspace, 1)
        case 0x03: return (.cancel, 1)  // Ctrl-C: raw mode delivers it as a byte, not SIGINT
        case 0x10: return (.up, 1)  // Ctrl-P
        case 0x0E: return (.down, 1)  // Ctrl-N
        case 0x15: return (.clearFilter, 1)  // Ctrl-U
        case 0x17: return (.deleteWord, 1)  // Ctrl-W
        case 0x00..<0x20: return (nil, 1)
        case 0x20..<0x80: return (.text(String(UnicodeScalar(first))), 1)
        default: return decodeUTF8(bytes)
        }
    }

    /// ESC [ A / ESC [ B (and ESC O A / ESC O B, the application-cursor form) are the arrows;
    /// other CSI and SS3 sequences are skipped whole; ESC before anything else is Esc.
    private static func decodeEscape(_ bytes: ArraySlice<UInt8>) -> (PickerKey?, Int)? {
        guard bytes.count > 1 else { return nil }
        let introducer = bytes[bytes.startIndex + 1]
        guard introducer == UInt8(ascii: "[") || introducer == UInt8(ascii: "O") else { return (.cancel, 1) }
        // A sequence ends at its final byte, 0x40...0x7E.
        guard let end = bytes.dropFirst(2).firstIndex(where: { (0x40...0x7E).contains($0) }) else {
            return bytes.count < 16 ? nil : (nil, bytes.count)
        }
        let length = end - bytes.startIndex + 1
        guard length == 3 else { return (nil, length) }
        switch bytes[end] {
        case UInt8(ascii: "A"): return (.up, 3)
        case UInt8(ascii: "B"): return (.down, 3)
        default: return (nil, 3)
        }
    }

    private static func decodeUTF8(_ bytes: ArraySlice<UInt8>) -> (PickerKey?, Int)? {
        let length: Int
        switch bytes[bytes.startIndex] {
        case 0xC2...0xDF: length = 2
        case 0xE0...0xEF: length = 3
        case 0xF0...0xF4: length = 4
        default: return (nil, 1)
        }
        guard bytes.count >= length else { return nil }
        guard let text = String(validating: bytes.prefix(length), as: UTF8.self) else { return (nil, 1) }
        return (.text(text), length)
    }
}

// The bytes of a config file and the byte-level reading INIFile and LineReader share:
// line ends, delimiters, Python's strip.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A config file's text as UTF-8 bytes (valid UTF-8), read by offset.
struct ConfigBytes: Sendable {
    let bytes: [UInt8]
    /// Whether any line ends in \r (old Mac) or \r\n (Windows), not \n alone.
    private let hasCarriageReturn: Bool

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        hasCarriageReturn = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { memchr($0, Int32(UInt8(ascii: "\r")), buffer.count) != nil } ?? false
        }
    }

    var count: Int { bytes.count }

    subscript(offset: Int) -> UInt8 { bytes[offset] }

    func slice(_ range: Range<Int>) -> ArraySlice<UInt8> { bytes[range] }

    /// Whether `bytes` are UTF-8, as Python's strict decoder requires. Most config files are
    /// ASCII, checked eight bytes at a time; others go through the standard library's check.
    static func isUTF8(_ bytes: [UInt8]) -> Bool {
        let isASCII = bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset + 8 <= raw.count {
                if raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                offset += 8
            }
            while offset < raw.count {
                if raw[offset] >= 0x80 { return false }
                offset += 1
            }
            return true
        }
        return isASCII || String(validating: bytes, as: UTF8.self) != nil
    }

    /// Where the line starting at `start` ends: the offset of its \n or \r, or `count`.
    /// Files with \n line ends only are searched with memchr, which reads 32 bytes at a
    /// time: going byte by byte was a tenth of reading a 10,000-profile config.
    @inline(__always)
    func lineEnd(from start: Int) -> Int {
        guard hasCarriageReturn else {
            return firstIndex(of: UInt8(ascii: "\n"), in: start..<bytes.count) ?? bytes.count
        }
        var index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "\r") { index += 1 }
        return index
    }

    /// Where the line after the one ending at `lineEnd` starts: past its \n, \r or \r\n
    /// (Python's text files break lines at all three).
    func lineStart(after lineEnd: Int) -> Int {
        guard lineEnd < bytes.count else { return bytes.count }
        let next = lineEnd + 1
        return bytes[lineEnd] == UInt8(ascii: "\r") && next < bytes.count && bytes[next] == UInt8(ascii: "\n") ? next + 1 : next
    }

    /// The first offset in `range` holding `=` or `:`, configparser's delimiters, or nil.
    @inline(__always)
    func firstDelimiter(in range: Range<Int>) -> Int? {
        let equals = firstIndex(of: UInt8(ascii: "="), in: range)
        let colon = firstIndex(of: UInt8(ascii: ":"), in: equals.map { range.lowerBound..<$0 } ?? range)
        return colon ?? equals
    }

    /// The first offset in `range` holding `byte` (memchr), or nil.
    @inline(__always)
    private func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, !range.isEmpty,
                  let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The last offset in `range` holding `byte`, or nil.
    func lastIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        var offset = range.upperBound
        while offset > range.lowerBound {
            offset -= 1
            if bytes[offset] == byte { return offset }
        }
        return nil
    }

    /// The text of `range`. Every byte the reader looks for is ASCII, so each range it
    /// cuts starts and ends on a scalar boundary.
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Whether the text of `range` has a byte `String.lowercased()` would change: A-Z, or any non-ASCII.
    @inline(__always)
    func mayHaveUppercase(_ range: Range<Int>) -> Bool {
        var offset = range.lowerBound
        while offset < range.upperBound {
            let byte = bytes[offset]
            if byte >= UInt8(ascii: "A") && (byte <= UInt8(ascii: "Z") || byte >= 0x80) { return true }
            offset += 1
        }
        return false
    }

    /// Python's `strip()` of `range` (or `rstrip()` with `leading: false`), and how many
    /// scalars it took off the front.
    @inline(__always)
    func stripped(_ range: Range<Int>, leading: Bool = true) -> (range: Range<Int>, leadingScalars: Int) {
        var start = range.lowerBound
        var leadingScalars = 0
        while leading, start < range.upperBound {
            // ASCII, nearly every byte of these files, is classified without decoding a scalar.
            let byte = bytes[start]
            let length: Int
            if byte < 0x80 {
                guard Self.isPythonSpace(byte) else { break }
                length = 1
            } else {
                let decoded = scalar(at: start)
                guard decoded.scalar.isPythonSpace else { break }
                length = decoded.length
            }
            start += length
            leadingScalars += 1
        }
        var end = range.upperBound
        while end > start {
            let byte = bytes[end - 1]
            if byte < 0x80 {
                guard Self.isPythonSpace(byte) else { break }
                end -= 1
                continue
            }
            var lead = end - 1
            while bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            guard scalar(at: lead).scalar.isPythonSpace else { break }
            end = lead
        }
        return (start..<end, leadingScalars)
    }

    /// `Unicode.Scalar.isPythonSpace` for an ASCII byte.
    private static func isPythonSpace(_ byte: UInt8) -> Bool {
        (0x09...0x0D).contains(byte) || (0x1C...0x20).contains(byte)
    }

    /// The scalar whose encoding starts at `offset`, and its length in bytes.
    private func scalar(at offset: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = bytes[offset]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead & (0xFF >> (length + 1)))
        for continuation in bytes[(offset + 1)..<(offset + length)] {
            value = value << 6 | UInt32(continuation & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
}

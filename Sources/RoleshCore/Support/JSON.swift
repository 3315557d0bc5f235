// The JSON inside sealed frames and cache entries, written and read by hand. Foundation's
// JSONEncoder and JSONDecoder went through Codable's generic containers, whose types the
// runtime resolves from mangled names, about a third of a cached `assume`, and pages of
// code a short-lived process then has to fault in (Benchmarks/ANALYSIS.md, fix 10).

/// A JSON value (RFC 8259). Numbers keep their text; the reader checks their syntax.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// `text` as JSON, or nil when it is not exactly one JSON value (surrounding space allowed).
    init?(parsing text: [UInt8]) {
        var reader = JSONReader(bytes: text)
        guard let value = reader.value(depth: 0) else { return nil }
        reader.skipSpace()
        guard reader.isAtEnd else { return nil }
        self = value
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    var int: Int? {
        if case .number(let text) = self { return Int(text) }
        return nil
    }

    var double: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    var array: [JSONValue]? {
        if case .array(let values) = self { return values }
        return nil
    }

    /// The value as JSON text; object members in the order of their keys' code points, so
    /// that equal values have equal text (the credential cache names entries by a hash of it).
    var text: String {
        switch self {
        case .null: "null"
        case .bool(let value): value ? "true" : "false"
        case .number(let text): text
        case .string(let text): jsonString(text)
        case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
        case .object(let members):
            "{" + members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
                .map { jsonString($0.key) + ":" + $0.value.text }.joined(separator: ",") + "}"
        }
    }

    /// The value as JSON for people to read as well: members sorted by key, one per line,
    /// indented two spaces, `": "` after each key, `/` left as it is.
    var prettyText: String { pretty(indent: "") }

    private func pretty(indent: String) -> String {
        let inner = indent + "  "
        switch self {
        case .array(let values) where !values.isEmpty:
            return "[\n" + values.map { inner + $0.pretty(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let members) where !members.isEmpty:
            return "{\n" + members.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
                .map { inner + jsonString($0.key) + ": " + $0.value.pretty(indent: inner) }.joined(separator: ",\n")
                + "\n" + indent + "}"
        default:
            return text
        }
    }

    /// A string, or null for nil.
    static func optional(_ text: String?) -> JSONValue {
        text.map(JSONValue.string) ?? .null
    }

    static func number(_ value: Int) -> JSONValue {
        .number(String(value))
    }
}

/// An array of flat objects whose values are strings or null, one object per line, keys
/// in the order given: the shape of `list --json` and `sso roles --json`.
func jsonArrayOfObjects(_ objects: [[(String, String?)]]) -> String {
    let lines = objects.map { fields in
        "  {" + fields.map { "\(jsonString($0.0)): \($0.1.map { jsonString($0) } ?? "null")" }.joined(separator: ", ") + "}"
    }
    return lines.isEmpty ? "[]\n" : "[\n" + lines.joined(separator: ",\n") + "\n]\n"
}

/// `text` as a JSON string literal: `"` and `\` escaped, the short escapes for \b \f \n \r
/// \t, other control characters as `\u00XX`, everything else verbatim UTF-8. With
/// `asciiOnly`, as Python's `json.dumps` writes a string by default (`ensure_ascii`, which
/// the aws CLI's files are written with): everything outside space to `~` as `\uXXXX` too,
/// in UTF-16 surrogate pairs above U+FFFF.
func jsonString(_ text: String, asciiOnly: Bool = false) -> String {
    // Most values need no escape: one copy, not a string built scalar by scalar.
    let needsEscape = { (byte: UInt8) in
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || (asciiOnly && byte > 0x7E)
    }
    if !text.utf8.contains(where: needsEscape) {
        return "\"" + text + "\""
    }
    var escaped = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": escaped += "\\\""
        case "\\": escaped += "\\\\"
        case "\n": escaped += "\\n"
        case "\r": escaped += "\\r"
        case "\t": escaped += "\\t"
        case "\u{08}": escaped += "\\b"
        case "\u{0C}": escaped += "\\f"
        case _ where scalar.value < 0x20 || (asciiOnly && scalar.value > 0x7E):
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        default: escaped.unicodeScalars.append(scalar)
        }
    }
    return escaped + "\""
}

/// A strict RFC 8259 reader over UTF-8 bytes; every method returns nil at the first fault.
private struct JSONReader {
    /// Deeper nesting than rolesh ever writes is refused rather than followed.
    private static let maximumDepth = 16

    let bytes: [UInt8]
    private var offset = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { offset == bytes.count }

    mutating func skipSpace() {
        while offset < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[offset]) { offset += 1 }
    }

    mutating func value(depth: Int) -> JSONValue? {
        skipSpace()
        guard offset < bytes.count, depth <= Self.maximumDepth else { return nil }
        switch bytes[offset] {
        case UInt8(ascii: "{"): return object(depth: depth)
        case UInt8(ascii: "["): return array(depth: depth)
        case UInt8(ascii: "\""): return string().map(JSONValue.string)
        case UInt8(ascii: "t"): return literal("true", .bool(true))
        case UInt8(ascii: "f"): return literal("false", .bool(false))
        case UInt8(ascii: "n"): return literal("null", .null)
        default: return number()
        }
    }

    private mutating func literal(_ word: String, _ value: JSONValue) -> JSONValue? {
        let word = Array(word.utf8)
        guard bytes.count - offset >= word.count, bytes[offset..<(offset + word.count)].elementsEqual(word) else { return nil }
        offset += word.count
        return value
    }

    private mutating func object(depth: Int) -> JSONValue? {
        offset += 1
        var members: [String: JSONValue] = [:]
        skipSpace()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        repeat {
            skipSpace()
            guard let key = string() else { return nil }
            skipSpace()
            guard consume(UInt8(ascii: ":")), let value = value(depth: depth + 1) else { return nil }
            members[key] = value
            skipSpace()
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "}")) ? .object(members) : nil
    }

    private mutating func array(depth: Int) -> JSONValue? {
        offset += 1
        var values: [JSONValue] = []
        skipSpace()
        if consume(UInt8(ascii: "]")) { return .array(values) }
        repeat {
            guard let value = value(depth: depth + 1) else { return nil }
            values.append(value)
            skipSpace()
        } while consume(UInt8(ascii: ","))
        return consume(UInt8(ascii: "]")) ? .array(values) : nil
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard offset < bytes.count, bytes[offset] == byte else { return false }
        offset += 1
        return true
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    private mutating func number() -> JSONValue? {
        let start = offset
        _ = consume(UInt8(ascii: "-"))
        if !consume(UInt8(ascii: "0")) {
            guard digits() > 0 else { return nil }
        }
        if consume(UInt8(ascii: ".")) {
            guard digits() > 0 else { return nil }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else { return nil }
        }
        return .number(String(decoding: bytes[start..<offset], as: UTF8.self))
    }

    private mutating func digits() -> Int {
        let start = offset
        while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
        return offset - start
    }

    /// A string literal: its escapes resolved (surrogate pairs joined), raw UTF-8 kept, raw
    /// control characters and lone surrogates refused.
    private mutating func string() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var scalars = String.UnicodeScalarView()
        var runStart = offset
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<offset], as: UTF8.self).unicodeScalars)
                if byte < 0x20 { return nil }
                offset += 1
                if byte == UInt8(ascii: "\"") { return String(scalars) }
                guard let scalar = escape() else { return nil }
                scalars.append(scalar)
                runStart = offset
            } else {
                offset += 1
            }
        }
        return nil
    }

    /// The scalar of the escape after a backslash.
    private mutating func escape() -> Unicode.Scalar? {
        guard offset < bytes.count else { return nil }
        let byte = bytes[offset]
        offset += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return Unicode.Scalar(byte)
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            guard let unit = hexUnit() else { return nil }
            if (0xD800..<0xDC00).contains(unit) {
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")), let low = hexUnit(),
                      (0xDC00..<0xE000).contains(low) else { return nil }
                return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            }
            return Unicode.Scalar(unit)
        default: return nil
        }
    }

    private mutating func hexUnit() -> UInt32? {
        guard bytes.count - offset >= 4 else { return nil }
        var unit: UInt32 = 0
        for byte in bytes[offset..<(offset + 4)] {
            guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
            unit = unit << 4 | UInt32(digit)
        }
        offset += 4
        return unit
    }
}

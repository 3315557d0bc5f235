// The INI dialect botocore reads: Python's configparser.RawConfigParser (strict, `=` and `:`
// delimiters, `#`/`;` full-line comments only, keys lower-cased, [DEFAULT] folded into every
// section) followed by botocore's parsing of indented sub-sections. Text in, values out.

/// A value as botocore leaves it: a string, or the `key = value` lines of an indented
/// sub-section (`s3 =` followed by indented lines).
public enum ConfigValue: Equatable, Sendable {
    case text(String)
    case nested([String: String])

    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// One `key = value` of a section, with the line it starts on.
public struct ConfigEntry: Equatable, Sendable {
    public var value: ConfigValue
    public var location: SourceLocation
}

/// One `[name]` section, its keys lower-cased, with [DEFAULT]'s keys filled in.
public struct ConfigSection: Equatable, Sendable {
    public var name: String
    public var location: SourceLocation
    public var entries: [String: ConfigEntry]
}

public enum INIParser {
    /// Parses `text` as botocore's `raw_config_parse` does; `file` only names the file in errors.
    /// Sections come back in file order.
    ///
    /// The lines are read as UTF-8 bytes, and a `String` is made only for a section name, a
    /// key and a value: reading them as Unicode scalars cost ~80 k instructions a profile,
    /// 240 ms for a 10,000-profile config (Benchmarks/ANALYSIS.md). Every byte this parser
    /// looks for is ASCII, so each slice it copies out starts and ends on a scalar boundary.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> [ConfigSection] {
        let bytes = ConfigBytes(text)
        var reader = RawReader(file: file)
        var lineStart = 0
        var number = 0
        // Python's text files break lines at \n, \r\n and \r; no empty line after a final break.
        while lineStart < bytes.count {
            let lineEnd = bytes.firstIndex(from: lineStart) { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
            number += 1
            try reader.read(lineStart..<lineEnd, of: bytes, number: number)
            lineStart = lineEnd + 1
            if lineStart < bytes.count, bytes[lineEnd] == UInt8(ascii: "\r"), bytes[lineStart] == UInt8(ascii: "\n") {
                lineStart += 1
            }
        }
        if let deferred = reader.deferredError { throw deferred }
        return try reader.sections.map { section throws(ConfigError) in
            let merged = reader.defaults.entries.isEmpty ? section : section.inheriting(reader.defaults)
            return ConfigSection(name: section.name, location: SourceLocation(file: file, line: section.line),
                                 entries: try merged.finishedEntries())
        }
    }

    /// botocore reads a value that starts with a newline (`key =` then indented lines) as
    /// `key = value` lines split at the first `=` only; keys keep their case there.
    fileprivate static func subsectionOrText(_ value: String, at location: SourceLocation) throws(ConfigError) -> ConfigValue {
        guard value.utf8.first == UInt8(ascii: "\n") else { return .text(value) }
        var nested: [String: String] = [:]
        for line in pythonSplitLines(value) {
            let trimmed = line.strippingPythonSpace()
            if trimmed.isEmpty { continue }
            let scalars = trimmed.unicodeScalars
            guard let equals = scalars.firstIndex(of: "=") else {
                // The line is not quoted: a stray line in these files is often a pasted secret.
                throw .syntax(location, reason: "an indented sub-section line has no '='")
            }
            nested[String(scalars[..<equals]).strippingPythonSpace()] =
                String(scalars[scalars.index(after: equals)...]).strippingPythonSpace()
        }
        return .nested(nested)
    }

    /// Python's `str.splitlines()`, which also breaks at \v, \f, \x1c-\x1e, \x85, U+2028, U+2029:
    /// the lines between breaks, \r\n counting as one break, no empty last line after a final
    /// break. Only sub-section values go through here, so it stays on scalars.
    private static func pythonSplitLines(_ text: String) -> [String] {
        let breaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{85}", "\u{2028}", "\u{2029}"]
        let scalars = text.unicodeScalars
        var lines: [String] = []
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard breaks.contains(scalar) else {
                index = scalars.index(after: index)
                continue
            }
            lines.append(String(scalars[start..<index]))
            index = scalars.index(after: index)
            if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" {
                index = scalars.index(after: index)
            }
            start = index
        }
        if start < scalars.endIndex { lines.append(String(scalars[start...])) }
        return lines
    }
}

/// A config file's text as UTF-8 bytes (valid UTF-8: it came from a `String`), read by offset.
private struct ConfigBytes {
    private let bytes: [UInt8]

    init(_ text: String) {
        bytes = Array(text.utf8)
    }

    var count: Int { bytes.count }

    subscript(offset: Int) -> UInt8 { bytes[offset] }

    /// The first offset from `start` whose byte matches, or `count`.
    func firstIndex(from start: Int, where matches: (UInt8) -> Bool) -> Int {
        var index = start
        while index < bytes.count, !matches(bytes[index]) { index += 1 }
        return index
    }

    /// The first offset in `range` whose byte matches, or nil.
    func firstIndex(in range: Range<Int>, where matches: (UInt8) -> Bool) -> Int? {
        bytes[range].firstIndex(where: matches)
    }

    /// The last offset in `range` holding `byte`, or nil.
    func lastIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        bytes[range].lastIndex(of: byte)
    }

    /// The text of `range`, which starts and ends on scalar boundaries.
    func string(_ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Whether the text of `range` has a byte `String.lowercased()` would change: A-Z, or any non-ASCII.
    func mayHaveUppercase(_ range: Range<Int>) -> Bool {
        bytes[range].contains { $0 >= UInt8(ascii: "A") && ($0 <= UInt8(ascii: "Z") || $0 >= 0x80) }
    }

    /// Python's `strip()` of `range` (or `rstrip()` with `leading: false`), and how many
    /// scalars it took off the front.
    func stripped(_ range: Range<Int>, leading: Bool = true) -> (range: Range<Int>, leadingScalars: Int) {
        var start = range.lowerBound
        var leadingScalars = 0
        while leading, start < range.upperBound {
            let (scalar, length) = scalar(at: start)
            guard scalar.isPythonSpace else { break }
            start += length
            leadingScalars += 1
        }
        var end = range.upperBound
        while end > start {
            var lead = end - 1
            while bytes[lead] & 0xC0 == 0x80 { lead -= 1 }
            guard scalar(at: lead).scalar.isPythonSpace else { break }
            end = lead
        }
        return (start..<end, leadingScalars)
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

/// configparser's `_read` loop, line by line, with its strict duplicate checks.
private struct RawReader {
    struct Section {
        var name: String
        var line: Int
        /// Each key once (configparser's duplicate check), with its first line's value. Most
        /// sections have a few keys: one allocation, not one per growth.
        var entries = [String: ConfigEntry](minimumCapacity: 6)
        /// The indented lines that continue a key's value, for the keys that have any.
        var continuations: [String: [String]] = [:]

        /// This section with [DEFAULT]'s keys added where it does not set them itself.
        func inheriting(_ defaults: Section) -> Section {
            var merged = self
            merged.entries = defaults.entries.merging(entries, uniquingKeysWith: { $1 })
            merged.continuations = defaults.continuations.filter { entries[$0.key] == nil }
                .merging(continuations, uniquingKeysWith: { $1 })
            return merged
        }

        /// The entries with each continued value as configparser leaves it (the lines joined
        /// with newlines, the end stripped), read as text or an indented sub-section.
        func finishedEntries() throws(ConfigError) -> [String: ConfigEntry] {
            var finished = entries
            for (key, lines) in continuations {
                guard var entry = finished[key], case .text(let first) = entry.value else { continue }
                let joined = ([first] + lines).joined(separator: "\n").strippingPythonSpace(leading: false)
                entry.value = try INIParser.subsectionOrText(joined, at: entry.location)
                finished[key] = entry
            }
            return finished
        }
    }

    enum Cursor: Equatable {
        case none, defaults, section(Int)
    }

    let file: String
    var sections: [Section] = []
    var defaults = Section(name: "DEFAULT", line: 0)
    var cursor = Cursor.none
    var optionName: String?
    /// Blank lines since the current key's last line. configparser keeps them in the value,
    /// but its final strip drops them unless an indented line follows, so they are added
    /// only then (not appended at every blank line between two profiles).
    var blankLines = 0
    var indentLevel = 0
    var seenSections: Set<String> = []
    /// configparser reports lines it cannot read only at the end, after any fatal error.
    var deferredError: ConfigError?

    init(file: String) {
        self.file = file
    }

    mutating func read(_ line: Range<Int>, of bytes: ConfigBytes, number: Int) throws(ConfigError) {
        let (value, indent) = bytes.stripped(line)
        let first = value.isEmpty ? nil : bytes[value.lowerBound]
        let isComment = first == UInt8(ascii: "#") || first == UInt8(ascii: ";")
        if value.isEmpty || isComment {
            if !isComment, optionName != nil, cursor != .none { blankLines += 1 }
            return
        }
        if cursor != .none, let optionName, indent > indentLevel {
            appendToOption(optionName, bytes.string(value))
            return
        }
        indentLevel = indent
        if let header = Self.sectionHeader(value, of: bytes) {
            try openSection(bytes.string(header), line: number)
        } else if cursor == .none {
            throw .syntax(location(number), reason: "a key comes before any [section] header")
        } else if let delimiter = bytes.firstIndex(in: value, where: { $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: ":") }) {
            let nameRange = bytes.stripped(value.lowerBound..<delimiter, leading: false).range
            if nameRange.isEmpty {
                deferredError = deferredError ?? .syntax(location(number), reason: "a line starts with '\(Unicode.Scalar(bytes[delimiter]))' and has no key")
            }
            let rawName = bytes.string(nameRange)
            let name = bytes.mayHaveUppercase(nameRange) ? rawName.lowercased() : rawName
            let optionValue = bytes.stripped((delimiter + 1)..<value.upperBound).range
            guard setOption(name, ConfigEntry(value: .text(bytes.string(optionValue)), location: location(number))) else {
                throw .syntax(location(number), reason: "key \"\(name)\" appears twice in section [\(currentSectionName)]")
            }
            optionName = name
            blankLines = 0
        } else {
            // The line is not quoted: a stray line in these files is often a pasted secret.
            deferredError = deferredError ?? .syntax(location(number), reason: "the line is neither a [section], a key = value, nor a comment")
        }
    }

    /// `[name]`: configparser's `\[(?P<header>.+)\]` matched at the start, greedy, so the
    /// name runs to the last `]` and anything after it is ignored.
    static func sectionHeader(_ value: Range<Int>, of bytes: ConfigBytes) -> Range<Int>? {
        guard bytes[value.lowerBound] == UInt8(ascii: "["),
              let close = bytes.lastIndex(of: UInt8(ascii: "]"), in: value) else { return nil }
        let start = value.lowerBound + 1
        guard close > start else { return nil }
        return start..<close
    }

    private mutating func openSection(_ name: String, line: Int) throws(ConfigError) {
        optionName = nil
        blankLines = 0
        // [DEFAULT] may appear more than once; its keys still may not.
        if name == "DEFAULT" {
            cursor = .defaults
            return
        }
        guard seenSections.insert(name).inserted else {
            throw .syntax(location(line), reason: "section [\(name)] appears twice")
        }
        sections.append(Section(name: name, line: line))
        cursor = .section(sections.count - 1)
    }

    private var currentSectionName: String {
        if case .section(let index) = cursor { return sections[index].name }
        return "DEFAULT"
    }

    /// Sets key `name` of the current section; false when the section already had it
    /// (the reader then fails, so the replaced value does not matter).
    private mutating func setOption(_ name: String, _ entry: ConfigEntry) -> Bool {
        switch cursor {
        case .none: true
        case .defaults: defaults.entries.updateValue(entry, forKey: name) == nil
        case .section(let index): sections[index].entries.updateValue(entry, forKey: name) == nil
        }
    }

    private mutating func appendToOption(_ name: String, _ line: String) {
        let lines = Array(repeating: "", count: blankLines) + [line]
        blankLines = 0
        switch cursor {
        case .none: break
        case .defaults: defaults.continuations[name, default: []] += lines
        case .section(let index): sections[index].continuations[name, default: []] += lines
        }
    }

    private func location(_ line: Int) -> SourceLocation {
        SourceLocation(file: file, line: line)
    }
}

extension Unicode.Scalar {
    /// Python's `str.isspace()`, which `strip()` and the regex `\s` follow.
    var isPythonSpace: Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}

extension String {
    /// Python's `strip()` (or `rstrip()` with `leading: false`).
    func strippingPythonSpace(leading: Bool = true) -> String {
        var scalars = Substring(self).unicodeScalars[...]
        if leading { scalars = scalars.drop(while: \.isPythonSpace) }
        while let last = scalars.last, last.isPythonSpace { scalars = scalars.dropLast() }
        // One copy of the slice, not a string rebuilt scalar by scalar.
        return String(scalars)
    }
}

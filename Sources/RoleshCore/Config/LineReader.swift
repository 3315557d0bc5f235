// One line of an INI file classified with configparser's rules (INIParser.swift has them).

/// configparser's `_read` loop for one line at a time: what the line is, given the lines
/// before it. Used to check a whole file, and again to read one section's lines.
struct LineReader {
    enum Line {
        case blankOrComment
        /// An indented line that continues the last key's value, after the blank lines kept
        /// before it. (No array here: a payload that needs reference counting made every
        /// line of a file pay for copying and destroying this value.)
        case continuation(blankLines: Int, line: Range<Int>)
        case header(name: Range<Int>, indent: Int)
        /// `key = value` (or `:`); the key is empty when the line starts with its delimiter.
        case entry(key: Range<Int>, value: Range<Int>, delimiter: UInt8)
        case keyBeforeSection
        case stray
    }

    /// Whether a header has been read: keys before the first one are an error.
    private var inSection = false
    var inDefaults = false
    /// Whether a key has been read since the last header: indented lines continue it.
    private var hasKey = false
    /// Blank lines since the key's last line. configparser keeps them in the value, but its
    /// final strip drops them unless an indented line follows, so they are added only then.
    private var blankLines = 0
    private var indentLevel = 0

    init() {}

    /// A reader of a section's lines, which start after a header indented by `indent`.
    init(reading indent: Int) {
        inSection = true
        indentLevel = indent
    }

    mutating func read(_ line: Range<Int>, of text: ConfigBytes) -> Line {
        let (value, indent) = text.stripped(line)
        let first = value.isEmpty ? nil : text[value.lowerBound]
        let isComment = first == UInt8(ascii: "#") || first == UInt8(ascii: ";")
        if value.isEmpty || isComment {
            if !isComment, hasKey, inSection { blankLines += 1 }
            return .blankOrComment
        }
        if inSection, hasKey, indent > indentLevel {
            defer { blankLines = 0 }
            return .continuation(blankLines: blankLines, line: value)
        }
        indentLevel = indent
        if let header = Self.sectionHeader(value, of: text) {
            inSection = true
            hasKey = false
            blankLines = 0
            return .header(name: header, indent: indent)
        }
        guard inSection else { return .keyBeforeSection }
        guard let delimiter = text.firstDelimiter(in: value) else { return .stray }
        hasKey = true
        blankLines = 0
        return .entry(key: text.stripped(value.lowerBound..<delimiter, leading: false).range,
                      value: text.stripped((delimiter + 1)..<value.upperBound).range, delimiter: text[delimiter])
    }

    /// `[name]`: configparser's `\[(?P<header>.+)\]` matched at the start, greedy, so the
    /// name runs to the last `]` and anything after it is ignored.
    private static func sectionHeader(_ value: Range<Int>, of text: ConfigBytes) -> Range<Int>? {
        guard text[value.lowerBound] == UInt8(ascii: "["),
              let close = text.lastIndex(of: UInt8(ascii: "]"), in: value) else { return nil }
        let start = value.lowerBound + 1
        guard close > start else { return nil }
        return start..<close
    }
}

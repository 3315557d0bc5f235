// One INI file read the way botocore reads it (the rules are in INIParser.swift): checked
// whole when it is read, so a fault anywhere in it fails as botocore fails, but of each
// section only its place and a few bits are kept, and its keys are read again, into Strings,
// when that profile is asked for. `rolesh assume prod` needs two sections of a
// 10,000-profile config and `rolesh list --names` none: building all of them cost 190 M
// instructions, 45 ms, at every switch, and even keeping every key's place cost ~275 page
// faults at ~2.5 µs each (Benchmarks/ANALYSIS.md).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A config or credentials file, read and checked, whose sections are built on demand.
struct INIFile: Sendable {
    /// A `[name]` header, where its lines are, and which of `KeySet`'s keys it sets.
    private struct RawSection: Sendable {
        var name: Range<Int>
        var line: Int
        /// From the line after the header to the next header (or the end of the file).
        var body: Range<Int>
        /// The header's indentation, which the lines after it are compared with.
        var indent: Int
        var keys = KeySet()
        var hasContinuedValues = false
    }

    /// A `key = value` line, stripped as configparser strips it: ranges and flags only, so
    /// that copying one costs no reference counting.
    private struct RawEntry: Sendable {
        /// The key as configparser's `optionxform` leaves it (lower-cased): in `text` when it
        /// was written so, else in its `SectionKeys`' folded keys.
        var key: Range<Int>
        var keyIsFolded = false
        /// The value's first line, in `text`.
        var value: Range<Int>
        var line: Int
        var isContinued = false
    }

    /// The keys of one section as read, with lower-cased copies of the keys that needed one
    /// and the lines that continue a value.
    private struct SectionKeys: Sendable {
        private(set) var entries: [RawEntry] = []
        private var folded: [UInt8] = []
        /// By index in `entries`; a blank line kept in a value is an empty range.
        private(set) var continuations: [Int: [Range<Int>]] = [:]

        mutating func add(key: Range<Int>, value: Range<Int>, line: Int, in text: ConfigBytes) {
            var entry = RawEntry(key: key, value: value, line: line)
            if text.mayHaveUppercase(key) {
                let start = folded.count
                folded += text.string(key).lowercased().utf8
                entry.key = start..<folded.count
                entry.keyIsFolded = true
            }
            entries.append(entry)
        }

        mutating func continueLast(with line: Range<Int>, after blankLines: Int) {
            entries[entries.count - 1].isContinued = true
            continuations[entries.count - 1, default: []] += Array(repeating: 0..<0, count: blankLines) + [line]
        }

        mutating func removeAll() {
            entries.removeAll(keepingCapacity: true)
            folded.removeAll(keepingCapacity: true)
            continuations.removeAll()
        }

        /// The index of the entry (before `end`) whose key is `key`, compared byte by byte:
        /// slices of the keys would cost a retain and a release each.
        func index(of key: ArraySlice<UInt8>, before end: Int? = nil, in text: ConfigBytes) -> Int? {
            for index in 0..<(end ?? entries.count) where keyCount(index) == key.count {
                let entry = entries[index]
                var offset = key.startIndex
                var same = true
                for position in entry.key {
                    if (entry.keyIsFolded ? folded[position] : text[position]) != key[offset] {
                        same = false
                        break
                    }
                    offset += 1
                }
                if same { return index }
            }
            return nil
        }

        private func keyCount(_ index: Int) -> Int { entries[index].key.count }

        /// The key of entry `index`, lower-cased.
        func key(_ index: Int, in text: ConfigBytes) -> ArraySlice<UInt8> {
            entries[index].keyIsFolded ? folded[entries[index].key] : text.slice(entries[index].key)
        }

        func keyString(_ index: Int, in text: ConfigBytes) -> String {
            String(decoding: key(index, in: text), as: UTF8.self)
        }
    }

    /// The keys `AWSConfig` asks about for every profile (`list`) or for the selected one
    /// (which credential provider applies), noted for each section as it is read.
    private struct KeySet: Sendable {
        static let names = ["role_arn", "aws_access_key_id", "credential_process", "credential_source",
                            "web_identity_token_file", "sso_session", "sso_start_url", "login_session",
                            "sso_account_id", "sso_role_name"].map { Array($0.utf8) }
        private var bits: UInt16 = 0

        /// The bit of `key` (lower-case), or nil when it is not one of `names`.
        static func bit(of key: ArraySlice<UInt8>) -> UInt16? {
            // The lengths of `names`: most keys (`region`, `source_profile`) are ruled out here.
            switch key.count {
            case 8, 11, 13, 14, 17, 18, 23: break
            default: return nil
            }
            for index in names.indices where names[index].count == key.count {
                var offset = key.startIndex
                var same = true
                for byte in names[index] {
                    if byte != key[offset] {
                        same = false
                        break
                    }
                    offset += 1
                }
                if same { return 1 << index }
            }
            return nil
        }

        mutating func insert(_ bit: UInt16) { bits |= bit }
        func contains(_ bit: UInt16) -> Bool { bits & bit != 0 }
    }

    let file: String
    private let text: ConfigBytes
    /// In file order. [DEFAULT] is not one: its keys are in every section.
    private var sections: [RawSection] = []
    /// [DEFAULT]'s keys, in file order.
    private var defaults = SectionKeys()
    /// What each continued value became (text, or an indented sub-section), by the line of
    /// its key: computed once, when the file is checked.
    private var continuedValues: [Int: ConfigValue] = [:]
    /// Section names, to index in `sections`.
    private var sectionNames: ByteStringIndex

    /// Reads `bytes` as botocore's `raw_config_parse` does; `file` names the file in errors.
    init(bytes: [UInt8], file: String) throws(ConfigError) {
        // ByteStringIndex keeps 32-bit offsets.
        guard bytes.count < Int(Int32.max) else { throw .unreadable(file: file, reason: "it is larger than 2 GiB") }
        guard ConfigBytes.isUTF8(bytes) else { throw .notUTF8(file: file) }
        self.file = file
        text = ConfigBytes(bytes)
        // AWS config files have about one section per 100 bytes.
        sectionNames = ByteStringIndex(text: bytes, expectedCount: bytes.count / 100)
        sections.reserveCapacity(bytes.count / 100)
        var reader = LineReader()
        /// The section being read, and its keys (configparser's duplicate check looks at them).
        var open: Int?
        var current = SectionKeys()
        var deferredError: ConfigError?
        var lineStart = 0
        var number = 0
        while lineStart < text.count {
            let lineEnd = text.lineEnd(from: lineStart)
            number += 1
            switch reader.read(lineStart..<lineEnd, of: text) {
            case .blankOrComment:
                break
            case .continuation(let blankLines, let line):
                if reader.inDefaults {
                    defaults.continueLast(with: line, after: blankLines)
                } else {
                    current.continueLast(with: line, after: blankLines)
                }
            case .header(let name, let indent):
                if let open { close(open, with: &current, endingAt: lineStart) }
                open = try openSection(name, line: number, indent: indent, bodyStart: text.lineStart(after: lineEnd), reader: &reader)
            case .entry(let key, let value, let delimiter):
                if key.isEmpty, deferredError == nil {
                    deferredError = .syntax(location(number), reason: "a line starts with '\(Unicode.Scalar(delimiter))' and has no key")
                }
                if reader.inDefaults {
                    defaults.add(key: key, value: value, line: number, in: text)
                    try checkLastIsNew(in: defaults, section: nil)
                } else {
                    current.add(key: key, value: value, line: number, in: text)
                    try checkLastIsNew(in: current, section: open)
                }
            case .keyBeforeSection:
                throw .syntax(location(number), reason: "a key comes before any [section] header")
            case .stray:
                // The line is not quoted: a stray line in these files is often a pasted secret.
                deferredError = deferredError ?? .syntax(location(number), reason: "the line is neither a [section], a key = value, nor a comment")
            }
            lineStart = text.lineStart(after: lineEnd)
        }
        if let open { close(open, with: &current, endingAt: text.count) }
        // configparser reports lines it cannot read only at the end, after any fatal error.
        if let deferredError { throw deferredError }
        try finishContinuedValues()
    }

    // MARK: - What the file holds

    var sectionCount: Int { sections.count }

    /// The header name of section `index`, as written between the brackets: a slice of
    /// `bytes`, whose indexes are offsets in the file.
    func sectionName(_ index: Int) -> ArraySlice<UInt8> {
        text.slice(sections[index].name)
    }

    /// The file's bytes.
    var bytes: [UInt8] { text.bytes }

    /// The index of the section named `name`, or nil.
    func section(named name: some Collection<UInt8>) -> Int? {
        sectionNames.find(name)
    }

    /// Whether section `index` sets `key` (lower-case), itself or through [DEFAULT].
    func sets(_ key: [UInt8], inSection index: Int) -> Bool {
        let key = key[...]
        if defaults.index(of: key, in: text) != nil { return true }
        if let bit = KeySet.bit(of: key) { return sections[index].keys.contains(bit) }
        return keys(of: index).index(of: key, in: text) != nil
    }

    /// Section `index` with its keys and [DEFAULT]'s, as Strings.
    func section(_ index: Int) -> ConfigSection {
        let own = keys(of: index)
        var built = [String: ConfigEntry](minimumCapacity: own.entries.count + defaults.entries.count)
        for keys in [defaults, own] {
            for (position, entry) in keys.entries.enumerated() {
                let value = continuedValues[entry.line] ?? .text(text.string(entry.value))
                built[keys.keyString(position, in: text)] = ConfigEntry(value: value, location: location(entry.line))
            }
        }
        return ConfigSection(name: text.string(sections[index].name), location: location(sections[index].line), entries: built)
    }

    /// The keys of section `index`, read again from its lines with the rules that read them
    /// first: nothing between its header and the next one can be a header.
    private func keys(of index: Int) -> SectionKeys {
        let section = sections[index]
        var reader = LineReader(reading: section.indent)
        var keys = SectionKeys()
        var lineStart = section.body.lowerBound
        var number = section.line
        while lineStart < section.body.upperBound {
            let lineEnd = text.lineEnd(from: lineStart)
            number += 1
            switch reader.read(lineStart..<lineEnd, of: text) {
            case .continuation(let blankLines, let line): keys.continueLast(with: line, after: blankLines)
            case .entry(let key, let value, _): keys.add(key: key, value: value, line: number, in: text)
            case .blankOrComment, .header, .keyBeforeSection, .stray: break
            }
            lineStart = text.lineStart(after: lineEnd)
        }
        return keys
    }

    private func location(_ line: Int) -> SourceLocation {
        SourceLocation(file: file, line: line)
    }

    // MARK: - Checking

    private static let defaultSection = Array("DEFAULT".utf8)

    /// Opens the section named `name` and returns its index; nil for [DEFAULT].
    private mutating func openSection(_ name: Range<Int>, line: Int, indent: Int, bodyStart: Int, reader: inout LineReader) throws(ConfigError) -> Int? {
        // [DEFAULT] may appear more than once; its keys still may not.
        reader.inDefaults = text.slice(name).elementsEqual(Self.defaultSection)
        if reader.inDefaults { return nil }
        guard sectionNames.insert(textAt: name, value: sections.count) == nil else {
            throw .syntax(location(line), reason: "section [\(text.string(name))] appears twice")
        }
        sections.append(RawSection(name: name, line: line, body: bodyStart..<bodyStart, indent: indent))
        return sections.count - 1
    }

    /// Ends section `index` before `end`, keeping the bits of its keys, `current`.
    private mutating func close(_ index: Int, with current: inout SectionKeys, endingAt end: Int) {
        sections[index].body = sections[index].body.lowerBound..<max(end, sections[index].body.lowerBound)
        for position in current.entries.indices {
            if let bit = KeySet.bit(of: current.key(position, in: text)) { sections[index].keys.insert(bit) }
        }
        sections[index].hasContinuedValues = current.entries.contains { $0.isContinued }
        current.removeAll()
    }

    /// configparser's strict check: the key just added to section `section` (nil: [DEFAULT])
    /// is not one it already had. A scan of the section's keys, quadratic only in one
    /// section's size.
    private func checkLastIsNew(in keys: SectionKeys, section: Int?) throws(ConfigError) {
        let last = keys.entries.count - 1
        guard keys.index(of: keys.key(last, in: text), before: last, in: text) != nil else { return }
        let name = section.map { text.string(sections[$0].name) } ?? "DEFAULT"
        throw .syntax(location(keys.entries[last].line), reason: "key \"\(keys.keyString(last, in: text))\" appears twice in section [\(name)]")
    }

    /// The values of continued entries as configparser leaves them (the lines joined with
    /// newlines, the end stripped), read as text or an indented sub-section. A malformed
    /// sub-section fails the whole file where botocore's loop over sections and their
    /// options (own keys first, then [DEFAULT]'s) would first meet it.
    private mutating func finishContinuedValues() throws(ConfigError) {
        var unfinishedDefaults = defaults.entries.indices.filter { defaults.entries[$0].isContinued }
        guard !unfinishedDefaults.isEmpty || sections.contains(where: \.hasContinuedValues) else { return }
        for index in sections.indices where sections[index].hasContinuedValues || !unfinishedDefaults.isEmpty {
            let own = keys(of: index)
            for position in own.entries.indices where own.entries[position].isContinued {
                try finishContinuedValue(position, of: own)
            }
            for position in unfinishedDefaults where own.index(of: defaults.key(position, in: text), in: text) == nil {
                try finishContinuedValue(position, of: defaults)
            }
            unfinishedDefaults.removeAll { continuedValues[defaults.entries[$0].line] != nil }
        }
    }

    private mutating func finishContinuedValue(_ position: Int, of keys: SectionKeys) throws(ConfigError) {
        let entry = keys.entries[position]
        let lines = [text.string(entry.value)] + (keys.continuations[position] ?? []).map { text.string($0) }
        let joined = lines.joined(separator: "\n").strippingPythonSpace(leading: false)
        continuedValues[entry.line] = try INIParser.subsectionOrText(joined, at: location(entry.line))
    }
}

/// configparser's `_read` loop for one line at a time: what the line is, given the lines
/// before it. Used to check a whole file, and again to read one section's lines.
private struct LineReader {
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

/// A config file's text as UTF-8 bytes (valid UTF-8), read by offset.
private struct ConfigBytes: Sendable {
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

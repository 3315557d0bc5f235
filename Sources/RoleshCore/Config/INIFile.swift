// One INI file read the way botocore reads it (the rules are in INIParser.swift): checked
// whole when it is read, so a fault anywhere in it fails as botocore fails, but turned into
// Strings and Dictionaries one section at a time, when asked. `rolesh assume prod` needs
// two sections of a 10,000-profile config and `rolesh list --names` none at all; building
// all of them cost 190 M instructions, 45 ms, for every switch (Benchmarks/ANALYSIS.md).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A config or credentials file, read and checked, whose sections are built on demand.
struct INIFile: Sendable {
    /// A `[name]` header and where its keys are in `entries`.
    private struct RawSection: Sendable {
        var name: Range<Int>
        var line: Int
        var entries: Range<Int>
    }

    /// A `key = value` line, stripped as configparser strips it.
    private struct RawEntry: Sendable {
        /// The key as configparser's `optionxform` leaves it (lower-cased): in `text` when it
        /// was written so, else in `foldedKeys`.
        var key: Range<Int>
        var keyIsFolded = false
        /// The value's first line, in `text`.
        var value: Range<Int>
        var line: Int
        /// Index in `continuations` when indented lines continue the value.
        var continuation: Int?
    }

    private enum Cursor: Equatable {
        case none, defaults, section(Int)
    }

    let file: String
    private let text: ConfigBytes
    /// In file order. [DEFAULT] is not one: its keys are in every section.
    private var sections: [RawSection] = []
    private var entries: [RawEntry] = []
    /// Indexes in `entries` of [DEFAULT]'s keys, in file order.
    private var defaultEntries: [Int] = []
    /// The lines after an entry's first; a blank line kept in the value is an empty range.
    private var continuations: [[Range<Int>]] = []
    /// What a continued entry's value became (text, or an indented sub-section), by entry index.
    private var continuedValues: [Int: ConfigValue] = [:]
    /// The lower-cased forms of keys written with capitals or non-ASCII letters.
    private var foldedKeys: [UInt8] = []
    /// Section names, to index in `sections`.
    private var sectionNames: ByteStringIndex

    /// Reads `bytes` as botocore's `raw_config_parse` does; `file` names the file in errors.
    init(bytes: [UInt8], file: String) throws(ConfigError) {
        guard ConfigBytes.isUTF8(bytes) else { throw .notUTF8(file: file) }
        self.file = file
        text = ConfigBytes(bytes)
        // AWS config files have about one section per 100 bytes, and a key per 25: room for
        // those up front spares growing the arrays (copying them) a dozen times.
        sectionNames = ByteStringIndex(text: bytes, expectedCount: bytes.count / 100)
        sections.reserveCapacity(bytes.count / 100)
        entries.reserveCapacity(bytes.count / 25)
        var reader = ReadState()
        var lineStart = 0
        var number = 0
        // Python's text files break lines at \n, \r\n and \r; no empty line after a final break.
        while lineStart < text.count {
            let lineEnd = text.lineEnd(from: lineStart)
            number += 1
            try read(lineStart..<lineEnd, number: number, state: &reader)
            lineStart = lineEnd + 1
            if lineStart < text.count, text[lineEnd] == UInt8(ascii: "\r"), text[lineStart] == UInt8(ascii: "\n") {
                lineStart += 1
            }
        }
        if let deferred = reader.deferredError { throw deferred }
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
        return entry(withKey: key, in: sections[index].entries) != nil || defaultEntry(withKey: key) != nil
    }

    /// The index of the entry in `candidates` whose key is `key` (lower-case). Sections have
    /// a few keys: a scan costs less than hashing every key of the file. (Loops, not
    /// closures: a closure here made Swift copy the whole INIFile at every call.)
    private func entry(withKey key: ArraySlice<UInt8>, in candidates: Range<Int>) -> Int? {
        for index in candidates where hasKey(entries[index], key) { return index }
        return nil
    }

    private func defaultEntry(withKey key: ArraySlice<UInt8>) -> Int? {
        for index in defaultEntries where hasKey(entries[index], key) { return index }
        return nil
    }

    /// Byte by byte, without a slice of the entry's key: a slice costs a retain and a
    /// release, more than comparing a dozen bytes.
    @inline(__always)
    private func hasKey(_ entry: RawEntry, _ key: ArraySlice<UInt8>) -> Bool {
        guard entry.key.count == key.count else { return false }
        var offset = key.startIndex
        for position in entry.key {
            if (entry.keyIsFolded ? foldedKeys[position] : text[position]) != key[offset] { return false }
            offset += 1
        }
        return true
    }

    private func keyBytes(_ entry: RawEntry) -> ArraySlice<UInt8> {
        entry.keyIsFolded ? foldedKeys[entry.key] : text.slice(entry.key)
    }

    /// Section `index` with its keys and [DEFAULT]'s, as Strings.
    func section(_ index: Int) -> ConfigSection {
        let raw = sections[index]
        var built = [String: ConfigEntry](minimumCapacity: raw.entries.count + defaultEntries.count)
        for entry in defaultEntries { add(entry, to: &built) }
        for entry in raw.entries { add(entry, to: &built) }
        return ConfigSection(name: text.string(raw.name), location: location(raw.line), entries: built)
    }

    private func add(_ index: Int, to built: inout [String: ConfigEntry]) {
        let entry = entries[index]
        let value = continuedValues[index] ?? .text(text.string(entry.value))
        built[keyString(entry)] = ConfigEntry(value: value, location: location(entry.line))
    }

    private func keyString(_ entry: RawEntry) -> String {
        String(decoding: keyBytes(entry), as: UTF8.self)
    }

    private func location(_ line: Int) -> SourceLocation {
        SourceLocation(file: file, line: line)
    }

    // MARK: - configparser's `_read` loop

    private struct ReadState {
        var cursor = Cursor.none
        /// The entry the next indented line continues.
        var entry: Int?
        /// Blank lines since the entry's last line. configparser keeps them in the value, but
        /// its final strip drops them unless an indented line follows, so they are added only then.
        var blankLines = 0
        var indentLevel = 0
        /// configparser reports lines it cannot read only at the end, after any fatal error.
        var deferredError: ConfigError?
    }

    private mutating func read(_ line: Range<Int>, number: Int, state: inout ReadState) throws(ConfigError) {
        let (value, indent) = text.stripped(line)
        let first = value.isEmpty ? nil : text[value.lowerBound]
        let isComment = first == UInt8(ascii: "#") || first == UInt8(ascii: ";")
        if value.isEmpty || isComment {
            if !isComment, state.entry != nil, state.cursor != .none { state.blankLines += 1 }
            return
        }
        if state.cursor != .none, let entry = state.entry, indent > state.indentLevel {
            continueEntry(entry, with: value, state: &state)
            return
        }
        state.indentLevel = indent
        if let header = Self.sectionHeader(value, of: text) {
            try openSection(header, line: number, state: &state)
        } else if state.cursor == .none {
            throw .syntax(location(number), reason: "a key comes before any [section] header")
        } else if let delimiter = text.firstDelimiter(in: value) {
            let key = text.stripped(value.lowerBound..<delimiter, leading: false).range
            if key.isEmpty {
                state.deferredError = state.deferredError
                    ?? .syntax(location(number), reason: "a line starts with '\(Unicode.Scalar(text[delimiter]))' and has no key")
            }
            var entry = RawEntry(key: key, value: text.stripped((delimiter + 1)..<value.upperBound).range, line: number)
            if text.mayHaveUppercase(key) {
                let start = foldedKeys.count
                foldedKeys += text.string(key).lowercased().utf8
                entry.key = start..<foldedKeys.count
                entry.keyIsFolded = true
            }
            try addEntry(entry, state: &state)
        } else {
            // The line is not quoted: a stray line in these files is often a pasted secret.
            state.deferredError = state.deferredError
                ?? .syntax(location(number), reason: "the line is neither a [section], a key = value, nor a comment")
        }
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

    private static let defaultSection = Array("DEFAULT".utf8)

    private mutating func openSection(_ name: Range<Int>, line: Int, state: inout ReadState) throws(ConfigError) {
        state.entry = nil
        state.blankLines = 0
        // [DEFAULT] may appear more than once; its keys still may not.
        if text.slice(name).elementsEqual(Self.defaultSection) {
            state.cursor = .defaults
            return
        }
        guard sectionNames.insert(textAt: name, value: sections.count) == nil else {
            throw .syntax(location(line), reason: "section [\(text.string(name))] appears twice")
        }
        sections.append(RawSection(name: name, line: line, entries: entries.count..<entries.count))
        state.cursor = .section(sections.count - 1)
    }

    /// Adds a key to the current section, which must not have it yet (configparser's strict
    /// check; a scan of the section's keys so far, quadratic only in one section's size).
    private mutating func addEntry(_ entry: RawEntry, state: inout ReadState) throws(ConfigError) {
        let index = entries.count
        let key = keyBytes(entry)
        switch state.cursor {
        case .none:
            return
        case .defaults:
            if defaultEntry(withKey: key) != nil {
                throw .syntax(location(entry.line), reason: "key \"\(keyString(entry))\" appears twice in section [DEFAULT]")
            }
            defaultEntries.append(index)
        case .section(let section):
            if self.entry(withKey: key, in: sections[section].entries) != nil {
                throw .syntax(location(entry.line),
                              reason: "key \"\(keyString(entry))\" appears twice in section [\(text.string(sections[section].name))]")
            }
            sections[section].entries = sections[section].entries.lowerBound..<(index + 1)
        }
        entries.append(entry)
        state.entry = index
        state.blankLines = 0
    }

    private mutating func continueEntry(_ index: Int, with line: Range<Int>, state: inout ReadState) {
        let blanks = Array(repeating: 0..<0, count: state.blankLines)
        state.blankLines = 0
        if let continuation = entries[index].continuation {
            continuations[continuation] += blanks + [line]
        } else {
            entries[index].continuation = continuations.count
            continuations.append(blanks + [line])
        }
    }

    /// The values of continued entries as configparser leaves them (the lines joined with
    /// newlines, the end stripped), read as text or an indented sub-section. A malformed
    /// sub-section fails the whole file where botocore's loop over sections and their
    /// options (own keys first, then [DEFAULT]'s) would first meet it.
    private mutating func finishContinuedValues() throws(ConfigError) {
        guard !continuations.isEmpty else { return }
        var unfinishedDefaults = defaultEntries.filter { entries[$0].continuation != nil }
        for section in sections.indices {
            for index in sections[section].entries {
                try finishContinuedValue(index)
            }
            for index in unfinishedDefaults where !overrides(section, index) {
                try finishContinuedValue(index)
            }
            unfinishedDefaults.removeAll { continuedValues[$0] != nil }
        }
    }

    private mutating func finishContinuedValue(_ index: Int) throws(ConfigError) {
        let entry = entries[index]
        guard let continuation = entry.continuation else { return }
        let lines = [text.string(entry.value)] + continuations[continuation].map { text.string($0) }
        let joined = lines.joined(separator: "\n").strippingPythonSpace(leading: false)
        continuedValues[index] = try INIParser.subsectionOrText(joined, at: location(entry.line))
    }

    /// Whether section `section` sets the key of [DEFAULT]'s entry `index` itself.
    private func overrides(_ section: Int, _ index: Int) -> Bool {
        entry(withKey: keyBytes(entries[index]), in: sections[section].entries) != nil
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
        // Most lines start and end with an ASCII letter, digit or sign: nothing to strip,
        // and no scalar to decode.
        if !range.isEmpty, bytes[range.lowerBound] > 0x20, bytes[range.lowerBound] < 0x80,
           bytes[range.upperBound - 1] > 0x20, bytes[range.upperBound - 1] < 0x80 {
            return (range, 0)
        }
        var start = range.lowerBound
        var leadingScalars = 0
        while leading, start < range.upperBound {
            if bytes[start] > 0x20, bytes[start] < 0x80 { break }
            let (scalar, length) = scalar(at: start)
            guard scalar.isPythonSpace else { break }
            start += length
            leadingScalars += 1
        }
        var end = range.upperBound
        while end > start {
            if bytes[end - 1] > 0x20, bytes[end - 1] < 0x80 { break }
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

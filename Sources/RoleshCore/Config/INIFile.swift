// One INI file read the way botocore reads it (the rules are in INIParser.swift): checked
// whole when it is read, so a fault anywhere in it fails as botocore fails, but of each
// section only its place and a few bits are kept, and its keys are read again, into Strings,
// when that profile is asked for. `rolesh assume prod` needs two sections of a
// 10,000-profile config and `rolesh list --names` none: building all of them at every
// switch cost more than all the rest, and even keeping every key's place cost page faults
// that showed in the wall time (Benchmarks/ANALYSIS.md, fix 8).

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

    /// The keys of `ProfileKey.all`, which `AWSConfig` asks about for every profile (`list`)
    /// or for the selected one (which credential provider applies), noted for each section
    /// as it is read: one bit per key.
    private struct KeySet: Sendable {
        static let names = ProfileKey.all.map { Array($0.name.utf8) }
        /// Bit n is set when a name is n bytes long: most keys (`region`, `source_profile`)
        /// are ruled out by their length alone.
        private static let lengths: UInt64 = names.reduce(0) { $0 | 1 << UInt64($1.count) }
        private var bits: UInt16 = 0

        /// The bit of `key` (lower-case), or nil when it is not one of `names`.
        static func bit(of key: ArraySlice<UInt8>) -> UInt16? {
            guard key.count < 64, lengths & (1 << UInt64(key.count)) != 0 else { return nil }
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

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
    public static func parse(_ text: String, file: String) throws(ConfigError) -> [ConfigSection] {
        var reader = RawReader(file: file)
        for (index, line) in physicalLines(text).enumerated() {
            try reader.read(line, number: index + 1)
        }
        if let deferred = reader.deferredError { throw deferred }
        return try reader.sections.map { section throws(ConfigError) in
            var entries: [String: ConfigEntry] = [:]
            for (key, option) in reader.defaults.options.merging(section.options, uniquingKeysWith: { $1 }) {
                let location = SourceLocation(file: file, line: option.line)
                entries[key] = ConfigEntry(value: try subsectionOrText(option.joined, at: location), location: location)
            }
            return ConfigSection(name: section.name, location: SourceLocation(file: file, line: section.line),
                                 entries: entries)
        }
    }

    /// botocore reads a value that starts with a newline (`key =` then indented lines) as
    /// `key = value` lines split at the first `=` only; keys keep their case there.
    private static func subsectionOrText(_ value: String, at location: SourceLocation) throws(ConfigError) -> ConfigValue {
        guard value.unicodeScalars.first == "\n" else { return .text(value) }
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

    /// Lines as Python's text files give them: split at \n, \r\n and \r.
    static func physicalLines(_ text: String) -> [String] {
        splitLines(text) { $0 == "\n" || $0 == "\r" }
    }

    /// Python's `str.splitlines()`, which also breaks at \v, \f, \x1c-\x1e, \x85, U+2028, U+2029.
    private static func pythonSplitLines(_ text: String) -> [String] {
        let breaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{0B}", "\u{0C}", "\u{1C}", "\u{1D}", "\u{1E}", "\u{85}", "\u{2028}", "\u{2029}"]
        return splitLines(text) { breaks.contains($0) }
    }

    /// The lines between breaks, \r\n counting as one break; no empty last line after a
    /// final break. Each line is copied out of `text` as one slice: building lines scalar by
    /// scalar cost ~60k instructions a line (Benchmarks/RESULTS.md).
    private static func splitLines(_ text: String, isBreak: (Unicode.Scalar) -> Bool) -> [String] {
        let scalars = text.unicodeScalars
        var lines: [String] = []
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            let scalar = scalars[index]
            guard isBreak(scalar) else {
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

/// configparser's `_read` loop, line by line, with its strict duplicate checks.
private struct RawReader {
    struct Option {
        var line: Int
        var lines: [String]
        /// configparser joins the lines with newlines and strips the end.
        var joined: String { lines.joined(separator: "\n").strippingPythonSpace(leading: false) }
    }

    struct Section {
        var name: String
        var line: Int
        var options: [String: Option] = [:]
    }

    enum Cursor: Equatable {
        case none, defaults, section(Int)
    }

    let file: String
    var sections: [Section] = []
    var defaults = Section(name: "DEFAULT", line: 0)
    var cursor = Cursor.none
    var optionName: String?
    var indentLevel = 0
    var seenSections: Set<String> = []
    var seenOptions: Set<[String]> = []
    /// configparser reports lines it cannot read only at the end, after any fatal error.
    var deferredError: ConfigError?

    init(file: String) {
        self.file = file
    }

    mutating func read(_ line: String, number: Int) throws(ConfigError) {
        let value = line.strippingPythonSpace()
        let isComment = value.unicodeScalars.first == "#" || value.unicodeScalars.first == ";"
        if value.isEmpty || isComment {
            if !isComment, let optionName, cursor != .none { appendToOption(optionName, "") }
            return
        }
        let indent = line.unicodeScalars.prefix(while: \.isPythonSpace).count
        if cursor != .none, let optionName, indent > indentLevel {
            appendToOption(optionName, value)
            return
        }
        indentLevel = indent
        if let header = Self.sectionHeader(value) {
            try openSection(header, line: number)
        } else if cursor == .none {
            throw .syntax(location(number), reason: "a key comes before any [section] header")
        } else if let delimiter = value.unicodeScalars.firstIndex(where: { $0 == "=" || $0 == ":" }) {
            let rawName = String(value.unicodeScalars[..<delimiter]).strippingPythonSpace(leading: false)
            if rawName.isEmpty {
                deferredError = deferredError ?? .syntax(location(number), reason: "a line starts with '\(value.unicodeScalars[delimiter])' and has no key")
            }
            let name = rawName.lowercased()
            let sectionName = currentSectionName
            guard seenOptions.insert([sectionName, name]).inserted else {
                throw .syntax(location(number), reason: "key \"\(name)\" appears twice in section [\(sectionName)]")
            }
            let optionValue = String(value.unicodeScalars[value.unicodeScalars.index(after: delimiter)...]).strippingPythonSpace()
            setOption(name, Option(line: number, lines: [optionValue]))
            optionName = name
        } else {
            // The line is not quoted: a stray line in these files is often a pasted secret.
            deferredError = deferredError ?? .syntax(location(number), reason: "the line is neither a [section], a key = value, nor a comment")
        }
    }

    /// `[name]`: configparser's `\[(?P<header>.+)\]` matched at the start, greedy, so the
    /// name runs to the last `]` and anything after it is ignored.
    static func sectionHeader(_ value: String) -> String? {
        let scalars = value.unicodeScalars
        guard scalars.first == "[", let close = scalars.lastIndex(of: "]") else { return nil }
        let start = scalars.index(after: scalars.startIndex)
        guard close > start else { return nil }
        return String(scalars[start..<close])
    }

    private mutating func openSection(_ name: String, line: Int) throws(ConfigError) {
        optionName = nil
        if seenSections.contains(name) {
            throw .syntax(location(line), reason: "section [\(name)] appears twice")
        }
        if name == "DEFAULT" {
            cursor = .defaults
            return
        }
        seenSections.insert(name)
        sections.append(Section(name: name, line: line))
        cursor = .section(sections.count - 1)
    }

    private var currentSectionName: String {
        if case .section(let index) = cursor { return sections[index].name }
        return "DEFAULT"
    }

    private mutating func setOption(_ name: String, _ option: Option) {
        switch cursor {
        case .none: break
        case .defaults: defaults.options[name] = option
        case .section(let index): sections[index].options[name] = option
        }
    }

    private mutating func appendToOption(_ name: String, _ line: String) {
        switch cursor {
        case .none: break
        case .defaults: defaults.options[name]?.lines.append(line)
        case .section(let index): sections[index].options[name]?.lines.append(line)
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

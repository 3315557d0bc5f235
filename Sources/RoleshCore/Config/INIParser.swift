// The INI dialect botocore reads: Python's configparser.RawConfigParser (strict, `=` and `:`
// delimiters, `#`/`;` full-line comments only, keys lower-cased, [DEFAULT] folded into every
// section) followed by botocore's parsing of indented sub-sections. Text in, values out.

/// A value as botocore leaves it: a string, or the `key = value` lines of an indented
/// sub-section (`s3 =` followed by indented lines).
enum ConfigValue: Equatable, Sendable {
    case text(String)
    case nested([String: String])

    var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }
}

/// One `key = value` of a section, with the line it starts on.
struct ConfigEntry: Equatable, Sendable {
    var value: ConfigValue
    var location: SourceLocation
}

/// One `[name]` section, its keys lower-cased, with [DEFAULT]'s keys filled in.
struct ConfigSection: Equatable, Sendable {
    var name: String
    var location: SourceLocation
    var entries: [String: ConfigEntry]
}

enum INIParser {
    /// Parses `text` as botocore's `raw_config_parse` does, every section built; `file` only
    /// names the file in errors. Sections come back in file order. (AWSConfig reads files
    /// through `INIFile`, which builds only the sections asked for.)
    static func parse(_ text: String, file: String) throws(ConfigError) -> [ConfigSection] {
        let ini = try INIFile(bytes: Array(text.utf8), file: file)
        return (0..<ini.sectionCount).map { ini.section($0) }
    }

    /// botocore reads a value that starts with a newline (`key =` then indented lines) as
    /// `key = value` lines split at the first `=` only; keys keep their case there.
    static func subsectionOrText(_ value: String, at location: SourceLocation) throws(ConfigError) -> ConfigValue {
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

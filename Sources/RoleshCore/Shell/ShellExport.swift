/// A change to a shell's environment: each name maps to its new value, or to nil for
/// "unset". Rendered as one statement per line, sorted by name, so the same change always
/// prints the same text.
package struct ShellExport: Sendable, Equatable {
    var changes: [String: String?]

    package init(_ changes: [String: String?] = [:]) {
        self.changes = changes
    }

    /// The statements for `dialect`, each line ending in a newline; empty when there is
    /// nothing to change. Throws before printing anything when a name or value is unsafe.
    package func render(in dialect: any ShellDialect) throws -> String {
        var text = ""
        for name in changes.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard Self.isValidName(name) else { throw ShellError.invalidName(name) }
            if let value = changes[name]! {
                guard !value.utf8.contains(0) else { throw ShellError.nulByte(name: name) }
                text += dialect.export(name, value) + "\n"
            } else {
                text += dialect.unset(name) + "\n"
            }
        }
        return text
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`: the names every supported shell can set and export.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !isDigit(first) else { return false }
        return name.utf8.allSatisfy { isDigit($0) || isLetter($0) || $0 == UInt8(ascii: "_") }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }
}

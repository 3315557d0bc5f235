// libFuzzer target: the shell escapers against the shells' own quoting rules. For any
// value (valid UTF-8 without NUL), each dialect's quoted word must read back, by that
// shell's rules, as exactly the value; and ShellExport.render must refuse names outside
// [A-Za-z_][A-Za-z0-9_]* and values holding a NUL.
import FuzzDriver
import RoleshCore

/// The value of `word` as sh, bash and zsh read it, for the only forms a quoted word may
/// take: `'…'` runs (everything literal up to the next `'`) joined by `\'` outside them.
/// Nil for anything else: an unquoted character would be open to expansion or splitting.
func unquotePOSIX(_ word: String) -> String? {
    var value = String.UnicodeScalarView()
    var scalars = word.unicodeScalars.makeIterator()
    var sawQuotedRun = false
    while let scalar = scalars.next() {
        switch scalar {
        case "'":
            sawQuotedRun = true
            while true {
                guard let inner = scalars.next() else { return nil }
                if inner == "'" { break }
                value.append(inner)
            }
        case "\\":
            guard scalars.next() == "'" else { return nil }
            value.append("'")
        default:
            return nil
        }
    }
    return sawQuotedRun ? String(value) : nil
}

/// The value of `word` as fish reads it: one `'…'` in which `\\` is a backslash, `\'` a
/// quote, and a backslash before anything else stays itself. Nil for any other shape.
func unquoteFish(_ word: String) -> String? {
    var scalars = word.unicodeScalars.makeIterator()
    guard scalars.next() == "'" else { return nil }
    var value = String.UnicodeScalarView()
    while let scalar = scalars.next() {
        switch scalar {
        case "'":
            return scalars.next() == nil ? String(value) : nil
        case "\\":
            guard let escaped = scalars.next() else { return nil }
            if escaped != "\\" && escaped != "'" { value.append("\\") }
            value.append(escaped)
        default:
            value.append(scalar)
        }
    }
    return nil
}

/// `[A-Za-z_][A-Za-z0-9_]*`, written out independently of ShellExport.
func isShellName(_ name: String) -> Bool {
    let letters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_".unicodeScalars)
    let digits = Set("0123456789".unicodeScalars)
    guard let first = name.unicodeScalars.first, letters.contains(first) else { return false }
    return name.unicodeScalars.allSatisfy { letters.contains($0) || digits.contains($0) }
}

let dialects: [any ShellDialect] = [POSIXDialect(), BashDialect(), ZshDialect(), FishDialect()]

/// One fuzz input; see the file header for what must hold.
func fuzzShell(_ bytes: [UInt8]) {
    // Up to the first `=`: a variable name; after it, the value (all of it when there is none).
    let equals = bytes.firstIndex(of: UInt8(ascii: "=")) ?? bytes.endIndex
    let name = String(decoding: bytes[..<equals], as: UTF8.self)
    let valueBytes = equals < bytes.endIndex ? Array(bytes[(equals + 1)...]) : bytes

    if let value = String(validating: valueBytes, as: UTF8.self), !valueBytes.contains(0) {
        for dialect in dialects {
            let quoted = dialect.quote(value)
            let unquoted = dialect is FishDialect ? unquoteFish(quoted) : unquotePOSIX(quoted)
            require(unquoted == value, "\(dialect.name) quotes \(Array(value.utf8)) as \(Array(quoted.utf8)), read back as \(unquoted.map { Array($0.utf8) } ?? [])")
        }
    }

    let value = String(decoding: valueBytes, as: UTF8.self)
    for dialect in dialects {
        for change in [value, nil] {
            let rendered = try? ShellExport([name: change]).render(in: dialect)
            let acceptable = isShellName(name) && !(change?.utf8.contains(0) ?? false)
            require((rendered != nil) == acceptable,
                         "\(dialect.name) render of \(Array(name.utf8)) = \(change.map { Array($0.utf8) } ?? []) \(rendered == nil ? "threw" : "succeeded")")
            if let rendered, let change {
                require(rendered == dialect.export(name, change) + "\n", "render is not the dialect's export line")
            }
        }
    }
}

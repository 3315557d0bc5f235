// Python's shlex.split (POSIX mode, no comments): botocore uses it for section headers
// (`[profile "my name"]`) and to turn a credential_process line into argv without a shell.

enum ShellWords {
    enum SplitError: Error, Equatable, Sendable {
        case unclosedQuote
        case danglingEscape
    }

    private enum State: Equatable {
        case between, word, quote(Unicode.Scalar), escape(after: EscapeOrigin)
    }

    private enum EscapeOrigin: Equatable {
        case word, quote(Unicode.Scalar)
    }

    /// Splits `line` into words exactly as `shlex.split(line)` does.
    static func split(_ line: String) throws(SplitError) -> [String] {
        if let words = plainWords(ArraySlice(line.utf8)) {
            return words.map { String(decoding: $0, as: UTF8.self) }
        }
        var words: [String] = []
        var token = String.UnicodeScalarView()
        var quoted = false
        var state = State.between
        func finish() {
            if !token.isEmpty || quoted { words.append(String(token)) }
            token = String.UnicodeScalarView()
            quoted = false
        }
        for scalar in line.unicodeScalars {
            switch state {
            case .between, .word:
                if isWhitespace(scalar) {
                    if state == .word || quoted { finish() }
                    state = .between
                } else if scalar == "\\" {
                    state = .escape(after: .word)
                } else if scalar == "'" || scalar == "\"" {
                    state = .quote(scalar)
                    quoted = true
                } else {
                    token.append(scalar)
                    state = .word
                }
            case .quote(let quote):
                if scalar == quote {
                    state = .word
                } else if scalar == "\\" && quote == "\"" {
                    state = .escape(after: .quote(quote))
                } else {
                    token.append(scalar)
                }
            case .escape(let origin):
                // Inside double quotes a backslash only escapes `"` and `\`; elsewhere it stays.
                if case .quote(let quote) = origin, scalar != "\\", scalar != quote { token.append("\\") }
                token.append(scalar)
                if case .quote(let quote) = origin { state = .quote(quote) } else { state = .word }
            }
        }
        switch state {
        case .quote: throw .unclosedQuote
        case .escape: throw .danglingEscape
        case .between, .word: finish()
        }
        return words
    }

    /// The words of `bytes` when they hold no quote or backslash, so that shlex only splits
    /// them at whitespace (every usual `[profile name]` header), without the scalar-by-scalar
    /// state machine; nil when they hold one.
    static func plainWords(_ bytes: ArraySlice<UInt8>) -> [ArraySlice<UInt8>]? {
        if bytes.contains(where: isQuoteOrEscape) { return nil }
        return bytes.split(whereSeparator: isWhitespace)
    }

    /// shlex's quotes and escape character in POSIX mode: a line without any is split at
    /// whitespace alone.
    static func isQuoteOrEscape(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"")
    }

    /// shlex's whitespace in POSIX mode.
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && isWhitespace(UInt8(scalar.value))
    }
}

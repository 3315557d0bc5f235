// Python's shlex.split (POSIX mode, no comments): botocore uses it for section headers
// (`[profile "my name"]`) and to turn a credential_process line into argv without a shell.

public enum ShellWords {
    public enum SplitError: Error, Equatable, Sendable {
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
    public static func split(_ line: String) throws(SplitError) -> [String] {
        // Without quotes or backslashes, shlex only splits at whitespace: that common case
        // (every `[profile name]` header) skips the scalar-by-scalar state machine below.
        let bytes = Array(line.utf8)
        if !bytes.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "\"") }) {
            var words: [String] = []
            var start = 0
            while start < bytes.count {
                if isWhitespace(Unicode.Scalar(bytes[start])) {
                    start += 1
                    continue
                }
                var end = start + 1
                while end < bytes.count, !isWhitespace(Unicode.Scalar(bytes[end])) { end += 1 }
                words.append(String(decoding: bytes[start..<end], as: UTF8.self))
                start = end
            }
            return words
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

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n"
    }
}

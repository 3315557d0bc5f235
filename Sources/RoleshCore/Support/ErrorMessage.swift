import FoundationEssentials

extension Error {
    /// The one line a person reads: a LocalizedError's description, else the error itself.
    package var message: String {
        (self as? LocalizedError)?.errorDescription ?? "\(self)"
    }
}

extension String {
    /// The text with control characters and line or paragraph separators written as Swift
    /// escapes (`\n`, `\u{1B}`): a value quoted from a file or a server's answer keeps its
    /// message on one line and cannot drive the terminal. Everything rolesh prints that
    /// came from outside (config values, AWS answers, process output, frames) goes through it.
    package var escapingControlCharacters: String {
        // Most text has no control character: one scan, no copy.
        guard unicodeScalars.contains(where: \.isControlCharacter) else { return self }
        var escaped = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar.isControlCharacter {
                escaped.append(contentsOf: scalar.escaped(asASCII: true).unicodeScalars)
            } else {
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}

extension Unicode.Scalar {
    /// C0 and C1 controls, DEL, and the line and paragraph separators: what can move the
    /// cursor, end a line, or start a terminal's escape sequence.
    var isControlCharacter: Bool {
        switch properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: true
        default: false
        }
    }
}

import FoundationEssentials

extension Error {
    /// The one line a person reads: a LocalizedError's description, else the error itself.
    public var message: String {
        (self as? LocalizedError)?.errorDescription ?? "\(self)"
    }
}

extension String {
    /// The text with control characters and line or paragraph separators written as Swift
    /// escapes (`\n`, `\u{1B}`): a value quoted from a file or a server's answer keeps its
    /// message on one line and cannot drive the terminal.
    public var escapingControlCharacters: String {
        var escaped = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .lineSeparator, .paragraphSeparator:
                escaped.append(contentsOf: scalar.escaped(asASCII: true).unicodeScalars)
            default:
                escaped.append(scalar)
            }
        }
        return String(escaped)
    }
}

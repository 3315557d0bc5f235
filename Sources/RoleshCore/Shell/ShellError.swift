import FoundationEssentials

/// What can go wrong between rolesh and a shell, each said in one line.
enum ShellError: LocalizedError, Equatable {
    case invalidName(String)
    case nulByte(name: String)
    /// A shell name that is none of `choices`.
    case unknownShell(String, choices: [String])

    var errorDescription: String? {
        switch self {
        case .invalidName(let name):
            "refusing to set variable \(Self.printable(name)): a name must match [A-Za-z_][A-Za-z0-9_]*"
        case .nulByte(let name):
            "refusing to set \(name): its value contains a NUL byte, which no shell variable can hold"
        case .unknownShell(let name, let choices):
            "unknown shell \(Self.printable(name)): choose \(choices.dropLast().joined(separator: ", ")) or \(choices.last ?? "")"
        }
    }

    /// `text` quoted, with control characters shown as escapes so the message stays on one line.
    private static func printable(_ text: String) -> String {
        "\"" + text.escapingControlCharacters + "\""
    }
}

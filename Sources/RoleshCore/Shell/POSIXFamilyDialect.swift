/// What sh, bash and zsh share: the same statements, read the same way by all three.
/// Each dialect is still its own type (detection and `init` tell them apart); only their
/// words are common.
protocol POSIXFamilyDialect: ShellDialect {}

extension POSIXFamilyDialect {
    /// Inside single quotes every byte is literal, so the only character to handle is `'`
    /// itself, written `'\''` (close, escaped quote, reopen). A closing quote is never
    /// followed by an opening one, so zsh's RC_QUOTES option (where `''` inside quotes
    /// means `'`) reads it the same way. The quote is found scalar by scalar: as a
    /// `Character`, a `'` followed by a combining mark is one grapheme that is not `'`,
    /// and would pass through unescaped, ending the quoted word early.
    package func quote(_ value: String) -> String {
        var quoted = "'"
        for scalar in value.unicodeScalars {
            if scalar == "'" { quoted += #"'\''"# } else { quoted.unicodeScalars.append(scalar) }
        }
        quoted.unicodeScalars.append("'")
        return quoted
    }

    /// `export` in zsh is `typeset -gx`, so a statement eval'd inside the `rolesh`
    /// function sets the global variable, not a local one.
    package func export(_ name: String, _ value: String) -> String {
        "export \(name)=\(quote(value))"
    }

    /// `-v`: bash's bare `unset NAME` removes a function of that name when no variable has
    /// it. Unsetting a variable that is not set succeeds silently in all three.
    package func unset(_ name: String) -> String {
        "unset -v \(name)"
    }

    package func shellVariable(_ name: String, _ value: String) -> String {
        "\(name)=\(quote(value))"
    }
}

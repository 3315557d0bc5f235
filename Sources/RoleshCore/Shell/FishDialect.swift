/// fish: `set -gx -- NAME 'value'` and an erase that is silent when nothing is set.
package struct FishDialect: ShellDialect {
    package init() {}

    package var name: String { "fish" }

    /// Inside fish's single quotes only `\\` and `\'` are escapes; every other character,
    /// newlines and multi-byte UTF-8 included, is kept as it is (direnv's `\X` bytes would
    /// turn UTF-8 into raw bytes that compare unequal inside fish).
    package func quote(_ value: String) -> String {
        var quoted = "'"
        for character in value.unicodeScalars {
            if character == "\\" || character == "'" { quoted.unicodeScalars.append("\\") }
            quoted.unicodeScalars.append(character)
        }
        quoted.unicodeScalars.append("'")
        return quoted
    }

    /// `-g`: a global shadows a universal variable of the same name, which stays untouched.
    /// `--`: a value starting with `-` must never be read as an option.
    package func export(_ name: String, _ value: String) -> String {
        "set -gx -- \(name) \(quote(value))"
    }

    /// `set -e` of a missing variable fails with status 4; the `if` makes the statement
    /// succeed either way, and an `if` whose condition fails has status 0.
    /// `-g`: global, not exported.
    package func shellVariable(_ name: String, _ value: String) -> String {
        "set -g \(name) \(quote(value))"
    }

    package var integration: String? { IntegrationScripts.fish }

    /// fish takes a command's completions as they are before it runs any of them, so no
    /// stand-in can serve the first Tab: fish loads `rolesh.fish` from `fish_complete_path`.
    package var completionOnPath: CompletionOnPath? {
        // One literal: the newline joined at compile time, not copied onto the script at each start.
        CompletionOnPath(fileName: "rolesh.fish", text: IntegrationScripts.fishCompletion + "\n") { folder in
            "contains -- \(folder) $fish_complete_path; or set -gp fish_complete_path \(folder)"
        }
    }

    package func unset(_ name: String) -> String {
        "if set -q -g \(name); set -e -g \(name); end"
    }
}

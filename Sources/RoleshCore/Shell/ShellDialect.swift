/// One shell's syntax: how to set and unset a variable so that the shell reads back the
/// exact bytes, its names, and the integration text that `rolesh init` prints. One type per
/// dialect, each in its own file (direnv's model); `ShellDetection.dialects` lists them.
package protocol ShellDialect: Sendable {
    /// The name used by `--shell` and `rolesh init`: bash, zsh, fish or sh.
    var name: String { get }
    /// `value` as one shell word that evaluates to exactly its bytes and runs nothing.
    func quote(_ value: String) -> String
    /// One statement that sets and exports `name` (already validated) to `value`.
    func export(_ name: String, _ value: String) -> String
    /// One statement that removes `name` (already validated) from the environment.
    func unset(_ name: String) -> String
    /// One statement that sets `name` (a name of rolesh's own) in the shell itself, not
    /// exported: child processes, which may be other shells, must not inherit it.
    func shellVariable(_ name: String, _ value: String) -> String
    /// Other program names that speak this dialect (`dash` is sh).
    var aliases: [String] { get }
    /// What `rolesh init` prints after the preamble (shell/rolesh.NAME), or nil for a
    /// dialect that has plain eval only.
    var integration: String? { get }
    /// The completion, for a shell that loads it by itself from a folder of its search path
    /// at the first Tab (fish); nil where the integration registers a stand-in that gets it
    /// from the binary then (bash, zsh).
    var completionOnPath: CompletionOnPath? { get }
}

extension ShellDialect {
    package var aliases: [String] { [] }
    package var integration: String? { nil }
    package var completionOnPath: CompletionOnPath? { nil }
}

/// A completion file a shell finds on its own search path, and how to put a folder there.
package struct CompletionOnPath: Sendable {
    /// The name the shell looks for (`rolesh.fish`).
    var fileName: String
    /// What the file holds, newline-terminated.
    var text: String
    /// The statement that puts `quotedFolder` first in the search path, once however often
    /// it runs.
    var prepend: @Sendable (_ quotedFolder: String) -> String
}

/// One shell's syntax: how to set and unset a variable so that the shell reads back the
/// exact bytes, and the integration text that `rolesh init` prints. One type per dialect,
/// each in its own file (direnv's model).
public protocol ShellDialect: Sendable {
    /// The name used by `--shell` and `rolesh init`: bash, zsh, fish or sh.
    var name: String { get }
    /// `value` as one shell word that evaluates to exactly its bytes and runs nothing.
    func quote(_ value: String) -> String
    /// One statement that sets and exports `name` (already validated) to `value`.
    func export(_ name: String, _ value: String) -> String
    /// One statement that removes `name` (already validated) from the environment.
    func unset(_ name: String) -> String
}

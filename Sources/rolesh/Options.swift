import ArgumentParser
import RoleshCore

/// `--shell`, shared by the commands that print shell code.
struct ShellOption: ParsableArguments {
    @Option(
        help: "The shell to print code for: bash, zsh, fish or sh (default: detected).",
        completion: .list(["bash", "zsh", "fish", "sh"]))
    var shell: String?
}

/// Writes a command's whole output to stdout; a refused write (closed pipe) is a failure,
/// so `eval` never runs half a payload silently.
func emit(_ output: String) throws {
    guard OutputStream.standardOutput.write(output) else {
        throw ExitCode(1)
    }
}

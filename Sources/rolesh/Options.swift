import ArgumentParser
import RoleshCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `--shell`, shared by the commands that print shell code.
struct ShellOption: ParsableArguments {
    @Option(
        help: "The shell to print code for: bash, zsh, fish or sh (default: detected).",
        completion: .list(ShellDetection.names))
    var shell: String?
}

/// Writes a command's whole output to stdout; a refused write (closed pipe) is a failure,
/// reported on stderr like any other failure.
func emit(_ output: String) throws {
    guard OutputStream.standardOutput.write(output) else {
        throw StandardOutputError(errno: errno)
    }
}

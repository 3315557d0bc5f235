// `assume`, `exit`, `refresh` and `region` print shell code for the shell to evaluate. With stdout on
// a terminal nothing evaluates it: the integration is not loaded and no `eval` is around the
// command. Printing anyway would put the secret key, the session token and the session key
// on the screen (and in the scrollback) while the shell stays as it was (DESIGN §3).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import FoundationEssentials

/// The refusal of a switching command whose stdout is a terminal.
package struct UnevaluatedOutputError: LocalizedError, Equatable {
    /// The command line as typed, after `rolesh`.
    var arguments: [String]
    /// The dialect the shell would evaluate in (bash, zsh, fish or sh).
    var shell: String

    init(arguments: [String], shell: String) {
        self.arguments = arguments
        self.shell = shell
    }

    /// Throws when stdout is a terminal; checked before anything is read, asked or written.
    package static func check(arguments: [String], shellFlag: String?, environment: [String: String]) throws {
        guard isatty(STDOUT_FILENO) == 1 else { return }
        let dialect = (try? ShellDetection.detect(
            flag: shellFlag, environment: environment, parentProcessName: ShellDetection.parentProcessName()))?.name ?? "sh"
        throw UnevaluatedOutputError(arguments: arguments, shell: dialect)
    }

    package var errorDescription: String? {
        let command = (["rolesh"] + arguments).joined(separator: " ").escapingControlCharacters
        let why = "stdout is a terminal, so nothing would run what `\(command)` prints and this shell would not change"
        switch shell {
        case "fish":
            return "\(why): load the integration with `rolesh init fish | source` (in ~/.config/fish/config.fish), or run `\(command) | source`"
        case "bash", "zsh":
            return "\(why): load the integration with `eval \"$(rolesh init \(shell))\"` (in ~/.\(shell)rc), or run `eval \"$(\(command))\"`"
        default:
            return "\(why): run `eval \"$(\(command))\"`"
        }
    }
}

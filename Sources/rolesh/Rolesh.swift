import ArgumentParser
import FoundationEssentials
import RoleshCore

/// The `rolesh` command: parses arguments and hands each subcommand to RoleshCore.
@main
struct Rolesh: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rolesh",
        abstract: "Switch this shell between AWS identities; nested switches restore exactly.",
        discussion: """
            assume, exit and refresh print shell code for your shell to run. Load the integration \
            once, in your shell's rc file: eval "$(rolesh init bash)" in ~/.bashrc, eval "$(rolesh \
            init zsh)" in ~/.zshrc, rolesh init fish | source in ~/.config/fish/config.fish. \
            Without it, run eval "$(rolesh assume prod)" (fish: rolesh assume prod | source). \
            The integration also defines rolesh_prompt, which prints the active role and its \
            time left for your prompt (rolesh help init).
            """,
        version: RoleshVersion.current,
        // Every subcommand sets its commandName: without it ArgumentParser derives the name
        // with String(describing:), whose protocol-conformance scans over this large static
        // binary cost ~9M instructions (~2 ms) at every start (Benchmarks/RESULTS.md).
        subcommands: [
            Init.self, Assume.self, Exit.self, Refresh.self, Status.self, Whoami.self,
            List.self, Exec.self, Export.self, Console.self, SSO.self, Clean.self,
        ]
    )

    /// The hot command lines skip ArgumentParser (FastPath); both paths fail here alike.
    /// Every failure ends the same way: nothing on stdout, one line on stderr, a non-zero
    /// status. Only --help and --version print through the parser's own path.
    static func main() {
        ProcessHardening.disableCoreDumps()
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            if Init.asksForHelp(arguments) { OutputStream.standardOutput.write(Init.detectedShellLine()) }
            if let shell = CompletionScript.requestedShell(in: arguments) {
                try emit(CompletionScript.text(for: shell) + "\n")
            } else if let invocation = FastPath.invocation(for: arguments) {
                try invocation.run()
            } else {
                var command = try parseAsRoot()
                try command.run()
            }
        } catch {
            let status = exitCode(for: error)
            guard status != .success else { exit(withError: error) }
            let message = (error as? LocalizedError)?.errorDescription
                ?? unknownCommand(arguments.first)
                ?? Self.message(for: error).split(separator: "\n").first.map { "\($0) (see `rolesh help`)" }
            if let message {
                // A message may quote a config value or an AWS answer: no raw control character.
                OutputStream.standardError.write("rolesh: \(message.escapingControlCharacters)\n")
            }
            terminate(status.rawValue)
        }
    }
}

extension Rolesh {
    /// The line for a first word that is no command, with the commands it could be a typo
    /// of; nil when the first word is a command or a flag (ArgumentParser's message is right then).
    static func unknownCommand(_ word: String?) -> String? {
        guard let word, !word.hasPrefix("-") else { return nil }
        let commands = configuration.subcommands.compactMap { $0.configuration.commandName } + ["help"]
        guard !commands.contains(word) else { return nil }
        let guesses = closeMatches(to: word, among: commands)
        let hint = guesses.isEmpty ? "" : "; did you mean \(guesses.joined(separator: " or "))?"
        return "\"\(word.escapingControlCharacters)\" is not a rolesh command\(hint) (rolesh --help lists them)"
    }
}

import ArgumentParser
import FoundationEssentials
import RoleshCore

extension Rolesh {
    struct Init: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Print the shell integration for bash, zsh or fish.",
            discussion: #"bash, zsh: eval "$(rolesh init bash)" in ~/.bashrc or ~/.zshrc; fish: rolesh init fish | source"#
        )

        @Argument(help: "The shell: bash, zsh or fish.", completion: .list(InitCommand.shells))
        var shell: String

        func run() throws {
            let command = InitCommand(
                shell: shell,
                binaryPath: InitCommand.runningBinaryPath(),
                environment: ProcessInfo.processInfo.environment,
                makeSession: {
                    let session = SessionIdentity.create()
                    return (id: session.id, key: session.key.hex)
                },
                completion: CompletionShell(rawValue: shell).map { Rolesh.completionScript(for: $0) } ?? ""
            )
            try emit(command.run())
        }
    }
}

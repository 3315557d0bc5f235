import ArgumentParser
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

        var invocation: Invocation { .initScript(shell: shell) }

        func run() throws {
            try invocation.run()
        }
    }
}

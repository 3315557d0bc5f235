import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Init: InvokingCommand {
        static let configuration = CommandConfiguration(
            commandName: "init",
            abstract: "Print the shell integration for bash, zsh or fish.",
            discussion: #"""
                bash: eval "$(rolesh init bash)" in ~/.bashrc; zsh: eval "$(rolesh init zsh)" in \#
                ~/.zshrc; fish: rolesh init fish | source in ~/.config/fish/config.fish.

                The integration defines the rolesh function, which runs what assume, exit and \#
                refresh print; rolesh_prompt, which prints the active role and its time left \#
                (prod 59m) with shell builtins only, for a prompt: bash \#
                PS1='${ROLESH_ROLE:+$(rolesh_prompt) }\w \$ ', zsh setopt prompt_subst; \#
                RPROMPT='$(rolesh_prompt)', fish function fish_right_prompt; rolesh_prompt; end; \#
                a prompt hook that renews credentials shortly before they expire; and completion.
                """#
        )

        @Argument(help: "The shell: bash, zsh or fish.", completion: .list(InitCommand.shells))
        var shell: String

        func invocation() -> Invocation { .initScript(shell: shell) }

        /// True for `help init`, `init --help` and `init -h`.
        static func asksForHelp(_ arguments: [String]) -> Bool {
            arguments == ["help", "init"] || (arguments.first == "init" && arguments.contains { $0 == "--help" || $0 == "-h" })
        }

        /// The rc line for the shell that runs rolesh, printed above `init`'s help; empty
        /// when that shell has no integration (sh).
        static func detectedShellLine() -> String {
            let dialect = try? ShellDetection.detect(
                flag: nil, environment: ProcessEnvironment.current(), parentProcessName: ShellDetection.parentProcessName())
            switch dialect?.name {
            case "bash": return "Your shell is bash: add this line to ~/.bashrc\n  eval \"$(rolesh init bash)\"\n\n"
            case "zsh": return "Your shell is zsh: add this line to ~/.zshrc\n  eval \"$(rolesh init zsh)\"\n\n"
            case "fish": return "Your shell is fish: add this line to ~/.config/fish/config.fish\n  rolesh init fish | source\n\n"
            default: return ""
            }
        }
    }
}

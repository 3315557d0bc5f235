import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Exit: InvokingCommand {
        static let configuration = CommandConfiguration(
            commandName: "exit",
            abstract: "Return to the identity before the last assume (pops a frame).")

        @Flag(help: "Return to the base identity, below every assume.")
        var all = false

        @Flag(help: "Forget a damaged stack and unset every variable rolesh manages.")
        var reset = false

        @OptionGroup var shell: ShellOption

        func invocation() -> Invocation { .exit(all: all, reset: reset, shell: shell.shell) }
    }
}

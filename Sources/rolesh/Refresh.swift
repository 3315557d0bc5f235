import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Refresh: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "refresh",
            abstract: "Renew the active role's credentials in place.",
            discussion: "With --auto (the prompt hook's), exits with status 3 instead of asking for an MFA code.")

        @Flag(help: "Never ask; exit 3 when an MFA code would be needed.")
        var auto = false

        @OptionGroup var shell: ShellOption

        var invocation: Invocation { .refresh(auto: auto, shell: shell.shell) }

        func run() throws {
            try invocation.run()
        }
    }
}

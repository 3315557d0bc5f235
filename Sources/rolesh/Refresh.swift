import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Refresh: InvokingCommand {
        static let configuration = CommandConfiguration(
            commandName: "refresh",
            abstract: "Renew the active role's credentials in place.",
            discussion: "With --auto (the prompt hook's), exits with status 3 instead of asking for an MFA code.")

        @Flag(help: "Never ask; exit 3 when an MFA code would be needed.")
        var auto = false

        @Option(name: .customLong("token-code"), help: "The MFA code, when renewing needs one (else asked on the terminal).")
        var tokenCode: String?

        @OptionGroup var shell: ShellOption

        func invocation() -> Invocation { .refresh(auto: auto, tokenCode: tokenCode, shell: shell.shell) }
    }
}

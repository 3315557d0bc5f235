import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Region: InvokingCommand {
        static let configuration = CommandConfiguration(
            commandName: "region",
            abstract: "Move the active role to another region; exit moves it back.",
            discussion: """
                Sets AWS_REGION and AWS_DEFAULT_REGION as a frame of its own, with the same \
                credentials and no STS call. Prints shell code, like assume. rolesh assume \
                with the active profile and another --region does the same.
                """)

        @Argument(help: "The region, e.g. eu-west-1.", completion: .list(Regions.names))
        var region: String

        @OptionGroup var shell: ShellOption

        func invocation() -> Invocation { .region(region, shell: shell.shell) }
    }
}

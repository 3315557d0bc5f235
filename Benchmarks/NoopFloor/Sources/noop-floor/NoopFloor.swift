import ArgumentParser

/// Parses `noop-floor status` or `noop-floor exit` as rolesh would parse its subcommands,
/// then returns: the time it takes is the cost of being a Swift argument-parsing process.
/// Subcommands name themselves, as rolesh's do, so that the floor is not raised by
/// ArgumentParser deriving their names with String(describing:).
@main
struct NoopFloor: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "noop-floor",
        abstract: "Starts, parses its arguments and exits: the floor rolesh is measured against.",
        subcommands: [Status.self, Exit.self]
    )

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status")

        @Flag(help: "Accepted and ignored, like rolesh status --json.")
        var json = false

        func run() {}
    }

    struct Exit: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "exit")

        @Flag(help: "Accepted and ignored, like rolesh exit --all.")
        var all = false

        func run() {}
    }
}

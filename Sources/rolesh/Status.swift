import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Status: InvokingCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the active role, its time left and the stack depth (no network).",
            discussion: """
                --json prints one object with every one of these keys, null where a value is \
                unknown or does not apply: active (bool), role, role_arn, expires (epoch \
                seconds), expires_at (ISO-8601 UTC), seconds_left, depth, stack (roles, top \
                first), base (what the shell had below the stack: AWS_PROFILE=NAME, keys from \
                the environment, or no credentials), session, cache (keyring, file or off) and \
                cache_note (the key file, or why nothing is cached).
                """)

        @Flag(help: "Print a JSON object instead of text.")
        var json = false

        func invocation() -> Invocation { .status(json: json) }
    }
}

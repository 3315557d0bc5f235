import ArgumentParser
import RoleshCore

extension Rolesh {
    struct List: InvokingCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the profiles that can be assumed.",
            discussion: """
                Profiles with role_arn, static keys, credential_process, credential_source, or an \
                IAM Identity Center role (sso_account_id or sso_role_name; shown as "sso ACCOUNT \
                ROLE" from its sso-session or start URL), from AWS_CONFIG_FILE and \
                AWS_SHARED_CREDENTIALS_FILE (default ~/.aws/config and ~/.aws/credentials).

                --json prints an array, sorted by name, of objects with exactly these keys: \
                "name", "role_arn", "source_profile", "credential_source", "region", "mfa_serial", \
                "sso_account_id", "sso_role_name", "sso_session"; a key the profile does not set \
                is null.
                """
        )

        @Flag(help: "Print JSON (see below).")
        var json = false

        @Flag(help: "Print only the names, one per line.")
        var names = false

        @Flag(name: .customLong("sso-sessions"), help: "Print only the names of the [sso-session] sections, one per line.")
        var ssoSessions = false

        func validate() throws {
            let given = [("--json", json), ("--names", names), ("--sso-sessions", ssoSessions)].filter(\.1).map(\.0)
            if let last = given.last, given.count > 1 {
                throw ValidationError("\(given.dropLast().joined(separator: ", ")) and \(last) cannot be used together")
            }
        }

        func invocation() -> Invocation { .list(json ? .json : names ? .names : ssoSessions ? .ssoSessionNames : .table) }
    }
}

import ArgumentParser
import RoleshCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Rolesh.SSO {
    struct Roles: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "roles",
            abstract: "List every account and role your IAM Identity Center sign-in can use.",
            discussion: """
                Asks the portal (ListAccounts, then ListAccountRoles for each account, a few \
                accounts at a time) with the token of --sso-session NAME, or of the only \
                [sso-session] in the config file. Signs in first when there is no valid token \
                and a terminal to do it on. A progress line goes to stderr when stderr is a \
                terminal.

                --json prints an array, sorted by account name, account id and role, of objects \
                with exactly these keys: "account_id", "account_name", "email" (null when the \
                portal gives none) and "role_name".
                """)

        @OptionGroup var session: SSOSessionOption

        @Flag(help: "Print JSON (see below).")
        var json = false

        func run() throws {
            try emit(SSORolesCommand.run(session: session.ssoSession, json: json, context: .live(), progress: progressLine()))
        }
    }

    /// `--sso-session`, shared by roles and populate.
    struct SSOSessionOption: ParsableArguments {
        @Option(name: .customLong("sso-session"),
                help: "The [sso-session] whose sign-in to use (default: the only one in the config file).",
                completion: .ssoSessionNames)
        var ssoSession: String?
    }
}

/// A progress line on stderr, rewritten in place, when stderr is a terminal; nil otherwise
/// (a log or a pipe gets no carriage returns). The line is cleared when the last account is done.
func progressLine() -> (@Sendable (Int, Int) -> Void)? {
    guard isatty(STDERR_FILENO) == 1 else { return nil }
    return { done, total in
        let line = done == total ? "\r\u{1B}[K" : "\rrolesh: listing roles: \(done)/\(total) accounts\u{1B}[K"
        _ = OutputStream.standardError.write(line)
    }
}

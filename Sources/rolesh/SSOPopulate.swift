import ArgumentParser
import RoleshCore

extension Rolesh.SSO {
    struct Populate: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "populate",
            abstract: "Write a profile for every account and role of your sign-in into the config file.",
            discussion: """
                Each profile is [profile PREFIX<account name>/<role name>] with sso_session, \
                sso_account_id, sso_role_name (and region with --region). Names keep letters, \
                digits and - _ . + @; any other character becomes -; accounts that share a name \
                get their id appended. The profiles go between two marker comments that rolesh \
                owns, one block per sso-session, in the file AWS_CONFIG_FILE names (default \
                ~/.aws/config; a symbolic link is written through). Nothing outside the block \
                changes; running it again rewrites only the block; the file is replaced \
                atomically and keeps its permissions. A name that a profile outside the block \
                already has is refused. Roles no longer assigned stay in the block unless \
                --prune is given. stdout lists what was added, updated, removed or kept.
                """)

        @OptionGroup var session: SSOSessionOption

        @Option(help: "Put this before every profile name (letters, digits, - _ . + @ /).")
        var prefix = ""

        @Option(help: "Write region = REGION into every profile.")
        var region: String?

        @Flag(name: .customLong("dry-run"), help: "Show what would change; write nothing.")
        var dryRun = false

        @Flag(help: "Remove the block's profiles for roles no longer assigned to you.")
        var prune = false

        var options: SSOPopulateCommand.Options {
            SSOPopulateCommand.Options(prefix: prefix, region: region, dryRun: dryRun, prune: prune)
        }

        func validate() throws {
            do {
                try SSOPopulateCommand.validate(options)
            } catch let error as SSOPopulateError {
                throw ValidationError(error.errorDescription ?? "\(error)")
            }
        }

        func run() throws {
            try emit(SSOPopulateCommand.run(options, session: session.ssoSession, context: .live(), progress: progressLine()))
        }
    }
}

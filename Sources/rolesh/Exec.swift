import ArgumentParser
import RoleshCore

extension Rolesh {
    struct Exec: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "exec",
            abstract: "Run one command with a role's credentials; the shell is untouched.",
            usage: "rolesh exec [flags] PROFILE [flags] [--] COMMAND [ARGUMENT...]",
            discussion: """
                rolesh's own flags come before the command: the first word after PROFILE that \
                is not one of them starts the command, which gets every word after it as it \
                is (rolesh exec prod aws sts get-caller-identity --query Arn). -- ends rolesh's \
                flags explicitly. A command not found exits 127, one that cannot be run 126.
                With --server, rolesh stays as the command's parent and serves the role's \
                credentials on 127.0.0.1 (AWS_CONTAINER_CREDENTIALS_FULL_URI and a token per \
                run) instead of putting keys in its environment, renewing them behind the \
                endpoint for as long as the command runs; its exit status is the command's \
                (128+n for signal n).
                """)

        @OptionGroup var flags: AssumeFlags

        @Flag(help: "Serve the credentials on a loopback endpoint that the command's AWS SDKs renew from.")
        var server = false

        /// PROFILE, rolesh's flags after it, and the command: ArgumentParser stops reading
        /// flags at the first positional word, so `split` reads the rest.
        @Argument(parsing: .captureForPassthrough, help: "A profile name or a role ARN, then the command and its arguments.",
                  completion: .profileNames)
        var profileAndCommand: [String] = []

        /// The profile, the flags written between it and the command, and the command.
        struct Parts {
            var target: String
            var flags: [String]
            var command: [String]
            /// `--server` was written between PROFILE and the command.
            var server = false
        }

        static func split(_ words: [String]) throws -> Parts {
            var rest = words.first == "--" ? words.dropFirst() : words[...]
            guard let target = rest.popFirst() else { throw ValidationError("name a profile: rolesh exec PROFILE COMMAND") }
            var flags: [String] = []
            var server = false
            while let word = rest.first, word.hasPrefix("-") {
                rest.removeFirst()
                if word == "--" { break }
                if word == "--help" || word == "-h" { throw CleanExit.helpRequest(Exec.self) }
                if word == "--server" {
                    server = true
                    continue
                }
                let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
                if AssumeFlags.flagOptions.contains(word) || (AssumeFlags.valueOptions.contains(name) && name != word) {
                    flags.append(word)
                } else if AssumeFlags.valueOptions.contains(word), let value = rest.popFirst() {
                    flags += [word, value]
                } else {
                    // A typo of one of rolesh's flags, not a program called --regoin.
                    throw ValidationError(
                        "unknown option \(word.escapingControlCharacters): rolesh's flags come before the command, and -- ends them")
                }
            }
            return Parts(target: target, flags: flags, command: Array(rest), server: server)
        }

        func run() throws {
            let parts = try Self.split(profileAndCommand)
            var options = try flags.options(target: parts.target)
            try AssumeFlags.parse(parts.flags).apply(to: &options)
            do {
                if server || parts.server {
                    throw ExitCode(try ExecCommand.runServing(options, command: parts.command, context: .live()))
                }
                try ExecCommand.run(options, command: parts.command, context: .live())
            } catch let failure as ExecError {
                OutputStream.standardError.write("rolesh: \(failure.message.escapingControlCharacters)\n")
                throw ExitCode(failure.exitStatus)
            }
        }
    }
}

import ArgumentParser
import RoleshCore

/// The flags that say how a role is assumed, shared by assume, exec and export.
struct AssumeFlags: ParsableArguments {
    @Option(help: "Session length: seconds (3600) or 1h, 45m, 1h30m.")
    var duration: String?

    @Option(help: "Role session name (default: your user name).")
    var sessionName: String?

    @Option(help: "External id the role's trust policy requires.")
    var externalID: String?

    @Option(help: "ARN of the MFA device (default: the profile's mfa_serial).")
    var mfaSerial: String?

    @Option(help: "The MFA code; asked on the terminal when needed and absent.")
    var tokenCode: String?

    @Option(help: "Source identity to set on the session.")
    var sourceIdentity: String?

    @Option(name: .customLong("tag"), help: "Session tag KEY=VALUE (repeatable).")
    var tags: [String] = []

    @Option(name: .customLong("transitive-tag"), help: "Tag key that carries over to chained roles (repeatable).")
    var transitiveTags: [String] = []

    @Option(name: .customLong("policy-arn"), help: "Managed policy ARN that limits the session (repeatable).")
    var policyARNs: [String] = []

    @Option(help: "Region for STS and for AWS_REGION (default: the profile's).")
    var region: String?

    @Flag(help: "Assume from the credentials now in the environment, whatever the profile's source.")
    var chain = false

    @Flag(name: .customLong("refresh"), help: "Skip the credential cache and ask STS.")
    var skipCache = false

    /// The options above that take a value, and the flags, by name: `exec` reads them
    /// after PROFILE itself, up to the command (Tests/RoleshCLITests pins the lists).
    static let valueOptions: Set<String> = [
        "--duration", "--session-name", "--external-id", "--mfa-serial", "--token-code", "--source-identity",
        "--tag", "--transitive-tag", "--policy-arn", "--region",
    ]
    static let flagOptions: Set<String> = ["--chain", "--refresh"]

    /// These flags with `later`'s given after them: a later value wins, lists add up.
    func followed(by later: AssumeFlags) -> AssumeFlags {
        var merged = self
        merged.duration = later.duration ?? duration
        merged.sessionName = later.sessionName ?? sessionName
        merged.externalID = later.externalID ?? externalID
        merged.mfaSerial = later.mfaSerial ?? mfaSerial
        merged.tokenCode = later.tokenCode ?? tokenCode
        merged.sourceIdentity = later.sourceIdentity ?? sourceIdentity
        merged.tags = tags + later.tags
        merged.transitiveTags = transitiveTags + later.transitiveTags
        merged.policyARNs = policyARNs + later.policyARNs
        merged.region = later.region ?? region
        merged.chain = chain || later.chain
        merged.skipCache = skipCache || later.skipCache
        return merged
    }

    func options(target: String?) -> AssumeOptions {
        AssumeOptions(
            target: target, duration: duration, sessionName: sessionName, externalID: externalID,
            mfaSerial: mfaSerial, tokenCode: tokenCode, sourceIdentity: sourceIdentity, tags: tags,
            transitiveTags: transitiveTags, policyARNs: policyARNs, region: region, chain: chain,
            skipCache: skipCache)
    }
}

extension Rolesh {
    struct Assume: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "assume",
            abstract: "Switch this shell to a role (pushes a frame).",
            discussion: """
                Prints shell code: run it through the integration (rolesh assume prod) or \
                eval "$(rolesh assume prod)" (fish: rolesh assume prod | source). A bare \
                role ARN is assumed from the credentials now in the environment. Assuming the \
                active role again pushes nothing (it renews credentials about to expire). A \
                switch says where the shell stands on stderr; ROLESH_QUIET=1 silences it.
                """)

        @Argument(help: "A profile name or a role ARN (on a terminal, none opens a picker).", completion: .profileNames)
        var target: String?

        @OptionGroup var flags: AssumeFlags

        @Flag(name: [.customLong("replace"), .customShort("r")],
              help: "Replace the active role instead of pushing on it; exit returns to the identity below it.")
        var replace = false

        @OptionGroup var shell: ShellOption

        var invocation: Invocation {
            var options = flags.options(target: target)
            options.replace = replace
            return .assume(options, shell: shell.shell)
        }

        func run() throws {
            try invocation.run()
        }
    }
}

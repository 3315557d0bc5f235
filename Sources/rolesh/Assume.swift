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

    /// These flags written onto `options`: a value given replaces the one there, a list
    /// adds to it, a flag turns on. `exec` writes the flags after PROFILE over those before it.
    func apply(to options: inout AssumeOptions) throws {
        if let duration { options.spec.durationSeconds = try STSLimits.parseDuration(duration) }
        if let sessionName { options.spec.sessionName = sessionName }
        if let externalID { options.spec.externalID = externalID }
        if let mfaSerial { options.spec.mfaSerial = mfaSerial }
        if let sourceIdentity { options.spec.sourceIdentity = sourceIdentity }
        options.spec.tags += try tags.map(SessionTag.init(flag:))
        options.spec.transitiveTagKeys += transitiveTags
        options.spec.policyARNs += policyARNs
        if let region { options.spec.region = region }
        if chain { options.spec.chain = true }
        if let tokenCode { options.tokenCode = tokenCode }
        if skipCache { options.skipCache = true }
    }

    /// Assuming `target` (nil: the picker's choice) with these flags.
    func options(target: String?) throws -> AssumeOptions {
        var options = AssumeOptions(target: target)
        try apply(to: &options)
        return options
    }
}

extension Rolesh {
    struct Assume: InvokingCommand {
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

        /// The flags' errors (a duration or tag that is no such thing) are thrown here, before
        /// anything is read or asked.
        func invocation() throws -> Invocation {
            var options = try flags.options(target: target)
            options.replace = replace
            return .assume(options, shell: shell.shell)
        }
    }
}

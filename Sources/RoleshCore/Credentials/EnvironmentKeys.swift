// The AWS_* keys of an environment: what `credential_source = Environment` means (the shell's
// own keys, below any role rolesh switched to), and what a bare role ARN or `--chain`
// assumes from (the shell's keys when the role is pushed).

/// The keys of one environment.
struct EnvironmentKeys: CredentialSource {
    var environment: [String: String]
    /// Who wants the keys, for the error when there are none.
    var why: String

    init(_ environment: [String: String], why: String) {
        self.environment = environment
        self.why = why
    }

    func keys() throws(AssumeError) -> Credentials {
        guard let id = environment[ManagedVariable.accessKeyID], !id.isEmpty,
              let secret = environment[ManagedVariable.secretAccessKey], !secret.isEmpty
        else { throw .noEnvironmentCredentials(why) }
        return Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: sessionToken)
    }

    private var sessionToken: String? {
        (environment[ManagedVariable.securityToken] ?? environment[ManagedVariable.sessionToken]).flatMap { $0.isEmpty ? nil : $0 }
    }

    var kind: CredentialKind { sessionToken == nil ? .longTermKeys : .temporaryKeys }

    func identity() throws -> String { "environment:\(try keys().accessKeyID)" }

    func credentials(_ retrieval: Retrieval) throws -> Obtained { Obtained(try keys()) }
}

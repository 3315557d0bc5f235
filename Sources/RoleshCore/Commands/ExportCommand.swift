import FoundationEssentials

/// `rolesh export PROFILE --format env|dotenv|json|credential-process`: a role's
/// credentials printed for other tools; the shell is untouched.
package enum ExportCommand {
    package enum Format: String, CaseIterable, Sendable {
        case env, dotenv, json
        case credentialProcess = "credential-process"
    }

    /// The credentials `options` ask for, written in `format`.
    package static func run(_ options: AssumeOptions, format: Format, shell: String?, context: RoleshContext) throws -> String {
        let state = CommandState(context, shell: shell)
        // Resolved before any request: an unknown --shell fails with nothing asked of STS.
        let dialect = format == .env ? try state.dialect() : nil
        // A program that runs rolesh as its credential_process waits for it: an MFA code may
        // be asked on the terminal, but no browser is opened for a sign-in.
        let interaction = format == .credentialProcess ? Interaction(mayAsk: true, maySignIn: false) : .interactive
        let identity = try state.identity(options, interaction: interaction)
        let credentials = identity.credentials
        switch format {
        case .env, .dotenv:
            var changes: [String: String?] = [
                ManagedVariable.accessKeyID: credentials.accessKeyID,
                ManagedVariable.secretAccessKey: credentials.secretAccessKey,
                ManagedVariable.sessionToken: credentials.sessionToken,
                ManagedVariable.credentialExpiration: credentials.expiration.map(isoTimestamp),
            ]
            if let region = identity.region {
                changes[ManagedVariable.region] = region
                changes[ManagedVariable.defaultRegion] = region
            }
            guard let dialect else { return try dotenvLines(changes.compactMapValues { $0 }) }
            return try ShellExport(changes).render(in: dialect)
        case .json, .credentialProcess:
            // The credential_process shape (Version 1) is what the AWS SDKs read; `json`
            // drops Version and adds what a script wants to know besides the keys.
            let isProcess = format == .credentialProcess
            let fields: [String: String?] = [
                "AccessKeyId": credentials.accessKeyID, "SecretAccessKey": credentials.secretAccessKey,
                "SessionToken": credentials.sessionToken, "Expiration": credentials.expiration.map(isoTimestamp),
                "RoleArn": isProcess || identity.roleARN.isEmpty ? nil : identity.roleARN,
                "Region": isProcess ? nil : identity.region,
            ]
            var object = fields.compactMapValues { $0 }.mapValues(JSONValue.string)
            if isProcess { object["Version"] = .number(1) }
            return JSONValue.object(object).prettyText + "\n"
        }
    }

    /// `NAME=value` lines, sorted by name, that `docker run --env-file` and `.env` readers
    /// (python-dotenv, Node's dotenv, docker compose) all read back as the same value. Docker
    /// takes the rest of the line literally while the others strip spaces, end the value at
    /// ` #`, remove quotes and expand `$`: only a value of printable ASCII without space,
    /// `"`, `'`, `` ` ``, `#`, `$` and `\` reads the same in all of them. Credentials,
    /// times and region names are such values; any other is refused.
    static func dotenvLines(_ variables: [String: String]) throws -> String {
        try variables.sorted { $0.key < $1.key }.map { name, value in
            if let bad = value.unicodeScalars.first(where: { !isDotenvSafe($0) }) {
                throw ExportError.notDotenvSafe(name: name, character: bad)
            }
            return "\(name)=\(value)\n"
        }.joined()
    }

    private static func isDotenvSafe(_ scalar: Unicode.Scalar) -> Bool {
        (0x21...0x7E).contains(scalar.value) && !"\"'`#$\\".unicodeScalars.contains(scalar)
    }
}

/// Failures of `rolesh export` itself.
enum ExportError: LocalizedError, Equatable {
    case notDotenvSafe(name: String, character: Unicode.Scalar)

    var errorDescription: String? {
        switch self {
        case .notDotenvSafe(let name, let character):
            return "cannot write \(name) as a dotenv line: its value holds \(String(character).debugDescription), "
                + "and dotenv lines can only hold printable ASCII without space, quotes, backquote, #, $ and \\; "
                + "use --format env or json"
        }
    }
}

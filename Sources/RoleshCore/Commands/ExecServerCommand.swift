// `rolesh exec --server PROFILE -- CMD…`: the command runs as rolesh's child with a
// credentials endpoint instead of keys, and rolesh renews the role's credentials behind it
// for as long as the command runs (a terraform apply, a dev server, a two-hour test suite).

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ExecCommand {
    /// Variables that would have the child's SDKs take credentials from anywhere but the
    /// endpoint (their chains ask these first), or that would outlive the first credentials.
    /// AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is preferred over the full URI, and the token
    /// file over the token; AWS_CREDENTIAL_FILE is botocore's old EC2 tools key file.
    static let variablesOutrankingEndpoint = [
        ManagedVariable.accessKeyID, ManagedVariable.secretAccessKey, ManagedVariable.sessionToken,
        ManagedVariable.securityToken, ManagedVariable.credentialExpiration, ManagedVariable.sessionExpiration,
        ManagedVariable.profile, ManagedVariable.defaultProfile, ManagedVariable.expires,
        "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_CREDENTIAL_FILE",
    ]

    /// Runs `command` as rolesh's child with the role behind a credentials endpoint on
    /// 127.0.0.1, and returns its exit status (128+n for signal n). The first credentials
    /// are obtained before the command starts, and may ask for an MFA code or a sign-in;
    /// renewals never ask: nobody is there to answer.
    package static func runServing(_ options: AssumeOptions, command: [String], context: RoleshContext) throws -> Int32 {
        guard let name = command.first, !name.isEmpty else { throw ExecError.noCommand }
        let state = CommandState(context)
        let assumer = try state.assumer()
        let config = try state.config()
        let chain = try assumer.chain(for: options.spec, useCache: !options.skipCache)
        let (source, role) = (chain.source, chain.role)
        @Sendable func fetch(_ interaction: Interaction, tokenCode: String?, outliving: Int?) throws -> Renewed {
            let obtained = try source.credentials(
                Retrieval(context: context, interaction: interaction, tokenCode: tokenCode, role: role, outliving: outliving))
            return Renewed(credentials: obtained.credentials, reused: obtained.reused)
        }
        var first = try fetch(.interactive, tokenCode: options.tokenCode, outliving: nil)
        if first.reused, let expiration = first.credentials.expiration,
           expiration.timeIntervalSince(context.now()) < RenewingCredentials.renewalLead {
            // Cached credentials the SDKs would soon want replaced: new ones now, while a
            // question can still be answered; failing that, the cached ones serve until renewed.
            first = (try? fetch(.interactive, tokenCode: options.tokenCode,
                                outliving: Int(expiration.timeIntervalSince1970))) ?? first
        }
        let credentials = RenewingCredentials(first, now: context.now, report: context.standardError) { outliving in
            do {
                return try fetch(.unattended, tokenCode: nil, outliving: outliving)
            } catch AssumeError.needsMFA {
                throw RenewalError.needsMFA(role: role)
            }
        }

        // Before any thread starts, so that none takes a signal meant for the relay.
        let relay = SignalRelay()
        let endpoint = try CredentialsEndpoint(now: context.now) { credentials.answer() }
        let files = try ChildConfigFolder(config: config, environment: context.environment)
        defer { files.remove() }
        try endpoint.start()
        try startThread { credentials.renewForever() }

        var environment = context.environment
        for variable in variablesOutrankingEndpoint { environment[variable] = nil }
        environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = endpoint.url
        environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = endpoint.token
        environment["AWS_CONFIG_FILE"] = files.configFile
        environment["AWS_SHARED_CREDENTIALS_FILE"] = files.credentialsFile
        if let botoConfig = files.botoConfigFile { environment["BOTO_CONFIG"] = botoConfig }
        environment[ManagedVariable.role] = role.escapingControlCharacters
        environment[ManagedVariable.roleARN] = chain.roleARN.flatMap { $0.isEmpty ? nil : $0 }
        if let region = chain.region {
            environment[ManagedVariable.region] = region
            environment[ManagedVariable.defaultRegion] = region
        }
        let child = try relay.spawn(command, environment: environment)
        let status = relay.wait(for: child)
        endpoint.stop()
        return status
    }
}

/// A renewal behind the endpoint that needs a person. (IAM Identity Center's errors say
/// already what to do: `rolesh sso login`, which the next renewal then benefits from.)
enum RenewalError: LocalizedError {
    case needsMFA(role: String)

    var errorDescription: String? {
        switch self {
        case .needsMFA(let role):
            "renewing the credentials of \(role.escapingControlCharacters) needs an MFA code, which the running command cannot give; "
                + "run `rolesh assume \(role.escapingControlCharacters)` in another terminal, and rolesh takes the new credentials from the cache"
        }
    }
}

/// A private folder of this run in rolesh's state (`exec/<pid>-<random id>`) with the
/// child's config and credentials files, written from the user's without any credential
/// source (CredentialFreeConfig). Removed when the command ends; the folders of a rolesh
/// that was killed outright go when the next `exec --server` starts.
final class ChildConfigFolder {
    private let parent: StateFolder
    private let name: String
    let configFile: String
    let credentialsFile: String
    /// The copy of a boto config botocore would take keys from; nil when there is none.
    let botoConfigFile: String?

    init(config: AWSConfig, environment: [String: String]) throws {
        let configText = try CredentialFreeConfig.rewrite(fileAt: config.configFile)
        let credentialsText = try CredentialFreeConfig.rewrite(fileAt: config.credentialsFile)
        let botoText = CredentialFreeConfig.botoConfigWithoutKeys(environment: environment)
        let rootPath = StateRoot.locate(environment: environment)
        guard let parent = try StateFolder.openRoot(rootPath, create: true)?.folder("exec", create: true),
              case let name = "\(getpid())-\(SecureRandom.identifier())", let folder = try parent.folder(name, create: true)
        else { throw StorageError.notAFolder(path: rootPath + "/exec") }
        (self.parent, self.name) = (parent, name)
        Self.removeAbandoned(in: parent)
        do {
            try folder.write(configText, as: "config")
            try folder.write(credentialsText, as: "credentials")
            if let botoText { try folder.write(Array(botoText.utf8), as: "boto") }
        } catch {
            try? parent.removeFolder(name)
            throw error
        }
        configFile = folder.child("config")
        credentialsFile = folder.child("credentials")
        botoConfigFile = botoText == nil ? nil : folder.child("boto")
    }

    func remove() {
        try? parent.removeFolder(name)
    }

    /// Removes the folders whose rolesh is gone (no process has its pid). A pid taken again
    /// by another process keeps a folder until that one ends too: it holds no secret.
    private static func removeAbandoned(in parent: StateFolder) {
        for entry in parent.entries() {
            guard let pid = entry.split(separator: "-").first.flatMap({ pid_t($0) }), pid > 0,
                  kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            try? parent.removeFolder(entry)
        }
    }
}

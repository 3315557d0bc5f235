import FoundationEssentials

/// The identity a push switches a shell to.
struct ActiveIdentity: Equatable, Sendable {
    /// ROLESH_ROLE: the profile name, or the role name of a bare ARN.
    var role: String
    /// ROLESH_ROLE_ARN; empty for an identity that is no role (a session token of static
    /// keys, a credential process), which leaves the variable unset.
    var roleARN: String
    var credentials: Credentials
    /// AWS_REGION and AWS_DEFAULT_REGION; nil leaves them as they are.
    var region: String?

    init(role: String, roleARN: String, credentials: Credentials, region: String?) {
        self.role = role
        self.roleARN = roleARN
        self.credentials = credentials
        self.region = region
    }
}

/// How the managed variables change on a push, a refresh and a pop. Pure: the commands
/// turn the result into shell statements with ShellExport.
enum Transition {
    /// The variables that put `identity` in place at `depth`, in frame `frameID`. Every
    /// managed variable the identity does not define is unset, so nothing of the previous
    /// identity leaks; the region is left alone when the identity names none.
    static func push(_ identity: ActiveIdentity, frameID: String, depth: Int,
                     session: SessionIdentity) -> [String: String?] {
        var changes = identityVariables(identity)
        changes[ManagedVariable.frame] = frameID
        changes[ManagedVariable.depth] = String(depth)
        changes.merge(session.variables) { _, session in session }
        return changes
    }

    /// New credentials for the active role, at the same stack position: ROLESH_FRAME,
    /// ROLESH_DEPTH and the session stay as they are.
    static func refresh(_ identity: ActiveIdentity) -> [String: String?] {
        identityVariables(identity)
    }

    /// Back to the environment `frame` saved before its push, variable for variable.
    static func pop(_ frame: Frame) -> [String: String?] {
        Dictionary(uniqueKeysWithValues: ManagedVariable.all.map { name in
            (name, frame.saved[name] ?? nil)
        })
    }

    /// The environment below every frame of `frames` (top first): the bottom frame's saved
    /// variables over `environment`; `environment` itself when there are no frames.
    static func environment(_ environment: [String: String], below frames: [Frame]) -> [String: String] {
        guard let bottom = frames.last else { return environment }
        var below = environment
        for (name, value) in pop(bottom) {
            below[name] = value
        }
        return below
    }

    /// Every managed variable unset: a shell with no role and no session.
    static func reset() -> [String: String?] {
        Dictionary(uniqueKeysWithValues: ManagedVariable.all.map { ($0, String?.none) })
    }

    private static func identityVariables(_ identity: ActiveIdentity) -> [String: String?] {
        let credentials = identity.credentials
        var changes: [String: String?] = [
            ManagedVariable.accessKeyID: credentials.accessKeyID,
            ManagedVariable.secretAccessKey: credentials.secretAccessKey,
            ManagedVariable.sessionToken: credentials.sessionToken,
            ManagedVariable.credentialExpiration: credentials.expiration.map(isoTimestamp),
            ManagedVariable.securityToken: nil,
            ManagedVariable.sessionExpiration: nil,
            ManagedVariable.profile: nil,
            ManagedVariable.defaultProfile: nil,
            // Prompts (starship's env_var) print it as it is: a profile name's control
            // characters must not reach the terminal through it.
            ManagedVariable.role: identity.role.escapingControlCharacters,
            ManagedVariable.roleARN: identity.roleARN.isEmpty ? nil : identity.roleARN,
            ManagedVariable.expires: credentials.expiration.map { String(Int($0.timeIntervalSince1970)) },
        ]
        if let region = identity.region {
            changes[ManagedVariable.region] = region
            changes[ManagedVariable.defaultRegion] = region
        }
        return changes
    }
}

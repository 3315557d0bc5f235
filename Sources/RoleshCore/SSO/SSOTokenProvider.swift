// The IAM Identity Center token a command uses, from the aws CLI's shared cache: used while
// fresh, refreshed with its refresh token when less than 15 minutes remain (sso-session
// tokens only, as botocore), and signed in for when there is none — by one process at a
// time. Refresh and sign-in run under a lock in rolesh's private state folder, keyed by the
// token's cache file, and the file is read again once the lock is held: fifty processes
// that find the same expired token open one sign-in, and the other forty-nine use its token.

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out IAM Identity Center tokens and the role credentials they buy.
struct SSOTokenProvider {
    var context: RoleshContext
    var config: AWSConfig
    /// The profile the command selected: its endpoint settings apply (in a chain too).
    var selectedProfile: Profile?
    /// rolesh's state root, where the sign-in locks live (never in ~/.aws/sso/cache).
    var stateRoot: String
    var cache: SSOTokenCache
    var signInOptions: SSOSignInOptions
    /// An automatic sign-in starts only with a terminal to say so on; `rolesh sso login`
    /// signs in without one (the user asked for it, and the browser or device code does the talking).
    var signInNeedsTerminal: Bool
    /// Whether a person is at this process's terminal.
    var terminalAvailable: @Sendable () -> Bool = SSOTokenProvider.hasControllingTerminal

    init(context: RoleshContext, config: AWSConfig, selectedProfile: Profile?, stateRoot: String? = nil,
         signInOptions: SSOSignInOptions = SSOSignInOptions(), signInNeedsTerminal: Bool = true) {
        self.context = context
        self.config = config
        self.selectedProfile = selectedProfile
        self.stateRoot = stateRoot ?? StateRoot.locate(environment: context.environment)
        self.cache = SSOTokenCache(environment: context.environment)
        self.signInOptions = signInOptions
        self.signInNeedsTerminal = signInNeedsTerminal
    }

    // MARK: - Tokens

    /// A valid token for `session`: the cached one while it is fresh, else refreshed, else
    /// (as `interaction` allows) a new sign-in; otherwise an error naming the
    /// `rolesh sso login` to run.
    func token(for session: SSOSessionSettings, interaction: Interaction) throws -> SSOToken {
        if let token = try cache.read(session.cacheKey), isUsableWithoutLock(token, session) { return token }
        return try underLock(session, interaction: interaction) { current in
            if let current, isUsableWithoutLock(current, session) { return current }
            if let current, session.isRefreshable, current.canRefresh(now: context.now()),
               let refreshed = try refresh(current, session: session, interaction: interaction) {
                return refreshed
            }
            // Refresh impossible or refused: the old token serves while it lasts.
            if let current, current.expiresAt > context.now() { return current }
            return try signIn(session, interaction: interaction,
                              why: current == nil ? "you are not signed in to IAM Identity Center for \(session.displayName)"
                                  : "the IAM Identity Center sign-in for \(session.displayName) has expired")
        }
    }

    /// A new sign-in for `session` whatever the cache holds (`rolesh sso login`, as `aws sso
    /// login` always signs in), under the lock, written to the cache.
    func signInAgain(_ session: SSOSessionSettings) throws -> SSOToken {
        // The file is not read: a damaged one is replaced, not reported.
        try underLock(session, interaction: .interactive, readingTheFile: false) { _ in try signInAndWrite(session) }
    }

    /// The fingerprint of the token now cached for `session`, without any network call;
    /// nil when none is cached. Credentials bought with a token are tied to it: after a
    /// sign-out or a sign-in as someone else the fingerprint differs.
    func cachedTokenFingerprint(for session: SSOSessionSettings) throws -> String? {
        try cache.read(session.cacheKey)?.fingerprint
    }

    /// Fresh, or not renewable here and not yet expired: no lock is needed to use it.
    private func isUsableWithoutLock(_ token: SSOToken, _ session: SSOSessionSettings) -> Bool {
        let now = context.now()
        if token.expiresAt.timeIntervalSince(now) > SSOToken.refreshWindow { return true }
        return !(session.isRefreshable && token.canRefresh(now: now)) && token.expiresAt > now
    }

    /// CreateToken with the refresh token, written back as botocore writes it. `invalid_grant`
    /// may mean the aws CLI (which takes no lock) rotated the refresh token meanwhile: the
    /// file is read again, and its token used or refreshed once more. Nil when a sign-in is
    /// needed; the old token when the service cannot be reached and it is still valid.
    private func refresh(_ token: SSOToken, session: SSOSessionSettings, interaction: Interaction,
                         secondTry: Bool = false) throws -> SSOToken? {
        guard let refreshToken = token.refreshToken, let clientID = token.clientID, let clientSecret = token.clientSecret else {
            return nil
        }
        let registration = SSOClientRegistration(clientID: clientID, clientSecret: clientSecret,
                                                 expiresAt: token.registrationExpiresAt.flatMap(parseTimestamp) ?? context.now())
        let oidc = SSOOIDC(transport: context.transport, endpoint: try endpoints(session).oidc, timeouts: try timeouts(interaction))
        let grant: SSOTokenGrant
        do {
            grant = try oidc.createToken(.refreshToken(refreshToken), registration: registration)
        } catch let error as SSOOIDCError where ["invalid_grant", "invalid_client", "expired_token"].contains(error.code) {
            guard !secondTry, let reread = try cache.read(session.cacheKey), reread != token else { return nil }
            if reread.expiresAt.timeIntervalSince(context.now()) > SSOToken.refreshWindow { return reread }
            return reread.canRefresh(now: context.now())
                ? try refresh(reread, session: session, interaction: interaction, secondTry: true) : nil
        } catch let error as SSOError {
            guard token.expiresAt > context.now() else { throw error }
            return token
        }
        let renewed = SSOToken(startURL: session.startURL, region: session.region, accessToken: grant.accessToken,
                               expiresAt: context.now().addingTimeInterval(TimeInterval(grant.expiresIn)),
                               clientID: clientID, clientSecret: clientSecret,
                               registrationExpiresAt: token.registrationExpiresAt, refreshToken: grant.refreshToken)
        try cache.write(renewed, for: session.cacheKey)
        return renewed
    }

    /// Signs in when `interaction` allows it and someone is there; else says what to run.
    private func signIn(_ session: SSOSessionSettings, interaction: Interaction, why: String) throws -> SSOToken {
        guard interaction.maySignIn, !signInNeedsTerminal || terminalAvailable() else {
            throw SSOError.signInRequired(why: why, command: loginCommand(for: session))
        }
        context.standardError("rolesh: \(why); signing in\n")
        return try signInAndWrite(session)
    }

    /// Runs the sign-in and writes its token to the shared cache (the caller holds the lock).
    private func signInAndWrite(_ session: SSOSessionSettings) throws -> SSOToken {
        let token = try SSOSignIn(context: context, endpoints: try endpoints(session), cache: cache, options: signInOptions)
            .signIn(session)
        try cache.write(token, for: session.cacheKey)
        return token
    }

    // MARK: - Role credentials

    /// GetRoleCredentials for `role` with a valid token. A token the portal refuses (401:
    /// signed out elsewhere, revoked) leads to one new sign-in where `interaction` allows it,
    /// else to the line naming the command; 403 says the role is not assigned; throttling is
    /// retried with back-off by SSOPortal, a bounded number of times. With the credentials
    /// comes the fingerprint of the token that bought them, which a cache entry is tied to.
    func roleCredentials(_ role: SSORoleSettings, interaction: Interaction) throws
        -> (credentials: Credentials, tokenFingerprint: String) {
        let token = try token(for: role.session, interaction: interaction)
        do {
            return (try fetchRoleCredentials(role, token: token, interaction: interaction), token.fingerprint)
        } catch SSOError.signInNeeded {
            let why = "IAM Identity Center refused the sign-in for \(role.session.displayName) (signed out or revoked)"
            let renewed = try underLock(role.session, interaction: interaction) { current in
                // Another process may have signed in since this token was read.
                if let current, current.accessToken != token.accessToken, current.expiresAt > context.now() { return current }
                return try signIn(role.session, interaction: interaction, why: why)
            }
            do {
                return (try fetchRoleCredentials(role, token: renewed, interaction: interaction), renewed.fingerprint)
            } catch SSOError.signInNeeded {
                throw SSOError.signInRequired(why: why, command: loginCommand(for: role.session))
            }
        }
    }

    private func fetchRoleCredentials(_ role: SSORoleSettings, token: SSOToken, interaction: Interaction) throws -> Credentials {
        let portal = SSOPortal(transport: context.transport, endpoint: try endpoints(role.session).portal,
                               timeouts: try timeouts(interaction))
        return try portal.roleCredentials(account: role.accountID, role: role.roleName, token: token.accessToken,
                                          session: role.session.displayName)
    }

    // MARK: - Lock, endpoints, messages

    /// Runs `body` with the token's lock held and the cache file as it is then. A caller that
    /// may sign in waits as long as another sign-in takes; one that may not waits no longer
    /// than its network budget, then makes do with a valid token or says a sign-in is under way.
    private func underLock(_ session: SSOSessionSettings, interaction: Interaction, readingTheFile: Bool = true,
                           _ body: (SSOToken?) throws -> SSOToken) throws -> SSOToken {
        guard let root = try StateFolder.openRoot(stateRoot, create: true), let folder = try root.folder("sso", create: true) else {
            throw StorageError.notFound(path: stateRoot)
        }
        let name = try SSOTokenCache.fileName(for: session.cacheKey)
        let lock = try folder.lockFile(String(name.dropLast(".json".count)) + ".lock")
        if try !lock.tryLock() {
            if interaction.maySignIn {
                context.standardError("rolesh: waiting for another rolesh to finish signing in to IAM Identity Center (\(session.displayName))\n")
                try lock.lock()
            } else {
                let deadline = context.now().addingTimeInterval(try timeouts(interaction).total)
                var held = false
                while !held && context.now() < deadline {
                    usleep(100_000)
                    held = try lock.tryLock()
                }
                guard held else {
                    if let token = try cache.read(session.cacheKey), token.expiresAt > context.now() { return token }
                    throw SSOError.signInInProgress(command: loginCommand(for: session))
                }
            }
        }
        return try withExtendedLifetime(lock) { try body(readingTheFile ? try cache.read(session.cacheKey) : nil) }
    }

    /// `ROLESH_CONNECT_TIMEOUT`/`ROLESH_TIMEOUT`, within the caller's network budget.
    private func timeouts(_ interaction: Interaction) throws -> HTTPTimeouts {
        try HTTPTimeouts(environment: context.environment, within: interaction.networkBudget)
    }

    private func endpoints(_ session: SSOSessionSettings) throws -> SSOEndpoints {
        try SSOEndpoints(environment: context.environment, config: config, selectedProfile: selectedProfile, region: session.region)
    }

    /// `rolesh sso login --sso-session NAME`, or for a legacy start URL `rolesh sso login
    /// PROFILE` with a profile that has it (the selected one when it does).
    func loginCommand(for session: SSOSessionSettings) -> String {
        if let name = session.name { return "rolesh sso login --sso-session \(shellWord(name))" }
        let candidates = (selectedProfile.map { [$0.name] } ?? []) + config.profileNames
        let profile = candidates.first { (try? config.ssoSessionSettings(forProfile: $0)) == session }
        return "rolesh sso login" + (profile.map { " " + shellWord($0) } ?? "")
    }

    /// True when this process has a controlling terminal to talk to.
    static let hasControllingTerminal: @Sendable () -> Bool = {
        let descriptor = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }
}

extension SSOToken {
    /// SHA-256 hex of the access token: names the token without revealing it.
    var fingerprint: String {
        Hex.encode(SHA256.hash(Array(accessToken.utf8)))
    }
}

/// `word` as a shell reads it back: bare when it has only characters no shell treats
/// specially, else quoted as POSIXDialect quotes.
func shellWord(_ word: String) -> String {
    let plain = !word.isEmpty && word.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./:@%+=,".unicodeScalars.contains($0)
    }
    return plain ? word : POSIXDialect().quote(word)
}

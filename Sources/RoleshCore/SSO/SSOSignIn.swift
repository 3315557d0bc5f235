// Signing in to IAM Identity Center, as the aws CLI v2's `aws sso login` does (research §1.3,
// §1.4): the authorization code flow with PKCE for an [sso-session] when a browser can be
// opened here, else the device flow; the client registration reused from the shared cache.
// The token is returned, not written: the caller writes it under its lock.

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How a sign-in may reach the user.
struct SSOSignInOptions: Equatable, Sendable {
    /// `--use-device-code`: the device flow even for an [sso-session].
    var useDeviceCode: Bool
    /// `--no-browser`: print the URL, open nothing.
    var openBrowser: Bool

    init(useDeviceCode: Bool = false, openBrowser: Bool = true) {
        self.useDeviceCode = useDeviceCode
        self.openBrowser = openBrowser
    }
}

/// One sign-in against one OIDC endpoint.
struct SSOSignIn {
    var context: RoleshContext
    var endpoints: SSOEndpoints
    var cache: SSOTokenCache
    var options: SSOSignInOptions
    /// Sleeps between device-flow polls; tests pass one that does not.
    var sleep: (Int) -> Void = { seconds in usleep(UInt32(seconds) * 1_000_000) }

    /// Seconds a browser sign-in may take, as the aws CLI allows.
    static let callbackTimeout = 600
    /// The device flow RFC's default interval, and what `slow_down` adds to it.
    static let defaultInterval = 5
    static let slowDownDelay = 5

    init(context: RoleshContext, endpoints: SSOEndpoints, cache: SSOTokenCache, options: SSOSignInOptions) {
        self.context = context
        self.endpoints = endpoints
        self.cache = cache
        self.options = options
    }

    private var oidc: SSOOIDC {
        get throws { SSOOIDC(transport: context.transport, endpoint: endpoints.oidc, timeouts: try HTTPTimeouts(environment: context.environment)) }
    }

    /// Signs in for `session` and returns the new token (not yet written).
    func signIn(_ session: SSOSessionSettings) throws -> SSOToken {
        if session.name != nil && !options.useDeviceCode {
            if !options.openBrowser { return try authorizationCode(session) }
            do {
                try ConsoleBrowser.checkOpener(environment: context.environment)
                return try authorizationCode(session)
            } catch ConsoleError.noBrowser(let reason) {
                // The callback needs a browser on this machine; without one, a code typed elsewhere.
                context.standardError("rolesh: no browser to open here (\(reason)): signing in with a device code instead\n")
            }
        }
        return try deviceCode(session)
    }

    // MARK: - Authorization code with PKCE

    func authorizationCode(_ session: SSOSessionSettings) throws -> SSOToken {
        let registration = try registration(for: session, authorizationCode: true)
        let callback = try LoopbackCallback()
        let pkce = PKCE()
        let state = UUID().uuidString.lowercased()
        let url = Self.authorizeURL(endpoint: endpoints.oidc, clientID: registration.clientID, redirectURI: callback.redirectURI,
                                    state: state, scopes: session.registrationScopes, challenge: pkce.challenge)
        context.standardError("rolesh: sign in to IAM Identity Center (\(session.displayName)) in the browser"
            + (options.openBrowser ? "; if it does not open, open this URL on this machine" : ": open this URL on this machine")
            + " (or run again with --use-device-code to sign in on another device):\n")
        // A line of its own, so that it can be copied whole (and each message is one line).
        context.standardError("\(url)\n")
        if options.openBrowser {
            do {
                try ConsoleBrowser.openURL(url, environment: context.environment)
            } catch {
                context.standardError("rolesh: \(error.errorDescription ?? "the browser did not start"); open the URL yourself\n")
            }
        }
        switch try callback.await(expectedState: state, timeout: Self.callbackTimeout) {
        case .refused(let reason):
            throw SSOError.signInFailed("the portal refused the sign-in (\(reason))")
        case .code(let code):
            let grant = try createToken(.authorizationCode(code: code, redirectURI: callback.redirectURI, codeVerifier: pkce.verifier),
                                        registration: registration)
            return token(from: grant, session: session, registration: registration)
        }
    }

    /// `{oidc}/authorize?…` as the aws CLI builds it: its parameter order and encoding, the
    /// scopes space-joined under the name `scopes`, the challenge appended last.
    static func authorizeURL(endpoint: String, clientID: String, redirectURI: String, state: String, scopes: [String],
                             challenge: String) -> String {
        let query = PercentEncoding.form([
            ("response_type", "code"), ("client_id", clientID), ("redirect_uri", redirectURI), ("state", state),
            ("code_challenge_method", "S256"),
            ("scopes", scopes.isEmpty ? SSOSignIn.defaultScope : scopes.joined(separator: " ")),
        ])
        return "\(endpoint)/authorize?\(query)&code_challenge=\(challenge)"
    }

    /// The scope a PKCE registration asks for when none is configured: the one that makes
    /// tokens refreshable.
    static let defaultScope = "sso:account:access"

    // MARK: - Device authorization

    func deviceCode(_ session: SSOSessionSettings) throws -> SSOToken {
        let registration = try registration(for: session, authorizationCode: false)
        let authorization = try oidc.startDeviceAuthorization(registration: registration, startURL: session.startURL)
        var interval = authorization.interval > 0 ? authorization.interval : Self.defaultInterval
        let deadline = context.now().addingTimeInterval(TimeInterval(authorization.expiresIn))
        var announced = false
        while true {
            do {
                let grant = try createToken(.deviceCode(authorization.deviceCode), registration: registration)
                return token(from: grant, session: session, registration: registration)
            } catch let error as SSOOIDCError {
                switch error.code {
                case "authorization_pending": break
                case "slow_down": interval += Self.slowDownDelay
                case "expired_token": throw SSOError.signInFailed("the device code expired before it was approved; sign in again")
                case "access_denied": throw SSOError.signInFailed("the sign-in was denied in the browser")
                default: throw error
                }
            }
            // A pre-approved client gets its token at the first try, before anything is shown.
            if !announced {
                announce(authorization, session: session)
                announced = true
            }
            guard context.now() < deadline else {
                throw SSOError.signInFailed("the device code expired before it was approved; sign in again")
            }
            sleep(interval)
        }
    }

    private func announce(_ authorization: SSODeviceAuthorization, session: SSOSessionSettings) {
        context.standardError("rolesh: to sign in to IAM Identity Center (\(session.displayName)), open \(authorization.verificationURI)"
            + " on any device and enter the code \(authorization.userCode)\n")
        guard options.openBrowser, let complete = authorization.verificationURIComplete,
              (try? ConsoleBrowser.checkOpener(environment: context.environment)) != nil else { return }
        try? ConsoleBrowser.openURL(complete, environment: context.environment)
    }

    // MARK: - Registration and token

    /// The cached registration when it fits the flow and has more than 15 minutes left;
    /// else a new one, written to the shared cache at once (as the aws CLI writes it).
    func registration(for session: SSOSessionSettings, authorizationCode: Bool) throws -> SSOClientRegistration {
        if let cached = try cache.readRegistration(for: session), cached.isFresh(now: context.now()),
           cached.isForAuthorizationCode == authorizationCode {
            return cached.registration
        }
        let clientName = "botocore-client-" + (session.name ?? String(Int(context.now().timeIntervalSince1970)))
        let cached: SSOCachedRegistration
        if authorizationCode {
            let scopes = session.registrationScopes.isEmpty ? [Self.defaultScope] : session.registrationScopes
            let grantTypes = ["authorization_code", "refresh_token"]
            let registration = try oidc.register(clientName: clientName, scopes: scopes, grantTypes: grantTypes,
                                                 redirectURIs: [LoopbackCallback.registeredRedirectURI], issuerURL: session.startURL)
            cached = SSOCachedRegistration(registration: registration, scopes: scopes, grantTypes: grantTypes)
        } else {
            let registration = try oidc.register(clientName: clientName, scopes: session.registrationScopes)
            cached = SSOCachedRegistration(registration: registration,
                                           scopes: session.registrationScopes.isEmpty ? nil : session.registrationScopes, grantTypes: nil)
        }
        try cache.writeRegistration(cached, for: session)
        return cached.registration
    }

    private func createToken(_ grant: SSOOIDC.Grant, registration: SSOClientRegistration) throws -> SSOTokenGrant {
        try oidc.createToken(grant, registration: registration)
    }

    /// The token file's fields as the aws CLI writes them after a sign-in.
    private func token(from grant: SSOTokenGrant, session: SSOSessionSettings, registration: SSOClientRegistration) -> SSOToken {
        SSOToken(startURL: session.startURL, region: session.region, accessToken: grant.accessToken,
                 expiresAt: context.now().addingTimeInterval(TimeInterval(grant.expiresIn)),
                 clientID: registration.clientID, clientSecret: registration.clientSecret,
                 registrationExpiresAt: isoTimestamp(registration.expiresAt), refreshToken: grant.refreshToken)
    }
}

extension SSOSessionSettings {
    /// How messages name the sign-in: the session's name, else the start URL.
    var displayName: String { name ?? startURL }
}

// IAM Identity Center's OIDC API (service `sso-oidc`, host `oidc.REGION.amazonaws.com`):
// RegisterClient, StartDeviceAuthorization and CreateToken, unsigned JSON over HTTPS. Its
// errors are OAuth's: HTTP 400 with `{"error": "authorization_pending", …}`.

import FoundationEssentials

/// A client registration: what every token request names.
struct SSOClientRegistration: Equatable, Sendable {
    var clientID: String
    var clientSecret: String
    var expiresAt: Date
}

/// What StartDeviceAuthorization hands out for the device flow.
struct SSODeviceAuthorization: Equatable, Sendable {
    var deviceCode: String
    var userCode: String
    var verificationURI: String
    var verificationURIComplete: String?
    /// Seconds the user has to approve.
    var expiresIn: Int
    /// Seconds between two polls.
    var interval: Int
}

/// What CreateToken answered.
struct SSOTokenGrant: Equatable, Sendable {
    var accessToken: String
    var expiresIn: Int
    var refreshToken: String?
}

/// An OAuth error CreateToken answered, by its code, for the device flow's polling.
struct SSOOIDCError: Error, Equatable, LocalizedError {
    /// `authorization_pending`, `slow_down`, `expired_token`, `access_denied`, `invalid_grant`, …
    var code: String
    var message: String

    var errorDescription: String? {
        "IAM Identity Center CreateToken failed: \(code.escapingControlCharacters)"
            + (message.isEmpty ? "" : ": \(message.escapingControlCharacters)")
    }
}

/// The OIDC client for one endpoint.
struct SSOOIDC: Sendable {
    var transport: any HTTPTransport
    /// The base URL, without a trailing slash (`https://oidc.eu-west-1.amazonaws.com`).
    var endpoint: String
    var timeouts: HTTPTimeouts

    init(transport: any HTTPTransport, endpoint: String, timeouts: HTTPTimeouts = HTTPTimeouts()) {
        self.transport = transport
        self.endpoint = endpoint
        self.timeouts = timeouts
    }

    /// How a token is granted.
    enum Grant: Equatable, Sendable {
        case refreshToken(String)
        case deviceCode(String)
        case authorizationCode(code: String, redirectURI: String, codeVerifier: String)
    }

    /// CreateToken. OAuth errors come back as `SSOOIDCError` with their code.
    func createToken(_ grant: Grant, registration: SSOClientRegistration) throws -> SSOTokenGrant {
        var fields: [(String, JSONValue)] = [
            ("clientId", .string(registration.clientID)), ("clientSecret", .string(registration.clientSecret)),
        ]
        switch grant {
        case .refreshToken(let token):
            fields += [("grantType", .string("refresh_token")), ("refreshToken", .string(token))]
        case .deviceCode(let code):
            fields += [("grantType", .string("urn:ietf:params:oauth:grant-type:device_code")), ("deviceCode", .string(code))]
        case .authorizationCode(let code, let redirectURI, let verifier):
            fields += [("grantType", .string("authorization_code")), ("code", .string(code)),
                       ("redirectUri", .string(redirectURI)), ("codeVerifier", .string(verifier))]
        }
        let answer = try post("CreateToken", "/token", fields)
        guard let accessToken = answer["accessToken"]?.string, let expiresIn = answer["expiresIn"]?.int else {
            throw SSOError.badAnswer(operation: "CreateToken", reason: "accessToken or expiresIn is missing")
        }
        return SSOTokenGrant(accessToken: accessToken, expiresIn: expiresIn, refreshToken: answer["refreshToken"]?.string)
    }

    /// RegisterClient, as the aws CLI registers (`clientType` public; grant types and
    /// redirect URIs only for the authorization-code flow).
    func register(clientName: String, scopes: [String], grantTypes: [String] = [], redirectURIs: [String] = [],
                  issuerURL: String? = nil) throws -> SSOClientRegistration {
        var fields: [(String, JSONValue)] = [("clientName", .string(clientName)), ("clientType", .string("public"))]
        if !scopes.isEmpty { fields.append(("scopes", .array(scopes.map(JSONValue.string)))) }
        if !grantTypes.isEmpty { fields.append(("grantTypes", .array(grantTypes.map(JSONValue.string)))) }
        if !redirectURIs.isEmpty { fields.append(("redirectUris", .array(redirectURIs.map(JSONValue.string)))) }
        if let issuerURL { fields.append(("issuerUrl", .string(issuerURL))) }
        let answer = try post("RegisterClient", "/client/register", fields)
        guard let id = answer["clientId"]?.string, let secret = answer["clientSecret"]?.string,
              let expires = answer["clientSecretExpiresAt"]?.double
        else { throw SSOError.badAnswer(operation: "RegisterClient", reason: "clientId, clientSecret or clientSecretExpiresAt is missing") }
        return SSOClientRegistration(clientID: id, clientSecret: secret, expiresAt: Date(timeIntervalSince1970: expires))
    }

    /// StartDeviceAuthorization for `startURL`.
    func startDeviceAuthorization(registration: SSOClientRegistration, startURL: String) throws -> SSODeviceAuthorization {
        let answer = try post("StartDeviceAuthorization", "/device_authorization", [
            ("clientId", .string(registration.clientID)), ("clientSecret", .string(registration.clientSecret)),
            ("startUrl", .string(startURL)),
        ])
        guard let deviceCode = answer["deviceCode"]?.string, let userCode = answer["userCode"]?.string,
              let uri = answer["verificationUri"]?.string, let expiresIn = answer["expiresIn"]?.int
        else { throw SSOError.badAnswer(operation: "StartDeviceAuthorization", reason: "a field is missing") }
        return SSODeviceAuthorization(deviceCode: deviceCode, userCode: userCode, verificationURI: uri,
                                      verificationURIComplete: answer["verificationUriComplete"]?.string,
                                      expiresIn: expiresIn, interval: answer["interval"]?.int ?? 5)
    }

    /// One JSON POST; fields in the given order.
    private func post(_ operation: String, _ path: String, _ fields: [(String, JSONValue)]) throws -> JSONValue {
        let body = "{" + fields.map { jsonString($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        let request = HTTPRequest(method: "POST", url: endpoint + path,
                                  headers: [("Content-Type", "application/json")], body: Array(body.utf8))
        let response: HTTPResponse
        do {
            response = try transport.send(request, timeouts: timeouts)
        } catch let failure as HTTPTransportError {
            throw SSOError.unreachable(operation: operation, reason: failure.message)
        }
        let answer = JSONValue(parsing: response.body)
        guard (200..<300).contains(response.status) else {
            if let code = answer?["error"]?.string {
                throw SSOOIDCError(code: code, message: answer?["error_description"]?.string ?? "")
            }
            throw SSOPortal.serviceError(operation, response)
        }
        guard let answer else { throw SSOError.badAnswer(operation: operation, reason: "the answer is not JSON") }
        return answer
    }
}

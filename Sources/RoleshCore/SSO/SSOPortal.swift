// The IAM Identity Center portal API (service `sso`, host `portal.sso.REGION.amazonaws.com`):
// GetRoleCredentials, ListAccounts, ListAccountRoles and Logout. Every operation is unsigned;
// the sign-in's bearer token travels in `x-amz-sso_bearer_token`.

import FoundationEssentials

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One account the signed-in user can reach.
struct SSOAccount: Equatable, Sendable {
    var id: String
    var name: String
    var email: String?
}

/// The portal client for one endpoint.
struct SSOPortal: Sendable {
    var transport: any HTTPTransport
    /// The base URL, without a trailing slash (`https://portal.sso.eu-west-1.amazonaws.com`).
    var endpoint: String
    var timeouts: HTTPTimeouts
    /// How long to wait before another try after a 429 or 5xx (the argument is the try
    /// that failed, from 1); tests pass one that does not sleep.
    var pause: @Sendable (Int) -> Void

    /// Tries of one request when the portal throttles or fails on its side.
    var attempts = 4

    init(transport: any HTTPTransport, endpoint: String, timeouts: HTTPTimeouts = HTTPTimeouts(),
         pause: @escaping @Sendable (Int) -> Void = SSOPortal.jitteredBackoff) {
        self.transport = transport
        self.endpoint = endpoint
        self.timeouts = timeouts
        self.pause = pause
    }

    /// GetRoleCredentials: the role's temporary credentials (expiry sent in epoch milliseconds).
    /// `session` names the sign-in in the message a refused token gets.
    func roleCredentials(account: String, role: String, token: String, session: String) throws -> Credentials {
        let answer = try send("GetRoleCredentials", path: "/federation/credentials",
                              query: [("role_name", role), ("account_id", account)], token: token,
                              refused: { status in
                                  status == 401 ? .signInNeeded(session: session)
                                      : status == 403 ? .roleNotAssigned(account: account, role: role) : nil
                              })
        guard let credentials = answer["roleCredentials"], let id = credentials["accessKeyId"]?.string,
              let secret = credentials["secretAccessKey"]?.string, let sessionToken = credentials["sessionToken"]?.string,
              let milliseconds = credentials["expiration"]?.double
        else { throw SSOError.badAnswer(operation: "GetRoleCredentials", reason: "roleCredentials is incomplete") }
        return Credentials(accessKeyID: id, secretAccessKey: secret, sessionToken: sessionToken,
                           expiration: Date(timeIntervalSince1970: milliseconds / 1000))
    }

    /// ListAccounts, every page.
    func accounts(token: String, session: String) throws -> [SSOAccount] {
        try pages("ListAccounts", path: "/assignment/accounts", query: [], list: "accountList", token: token, session: session)
            .compactMap { account in
                guard let id = account["accountId"]?.string else { return nil }
                return SSOAccount(id: id, name: account["accountName"]?.string ?? id, email: account["emailAddress"]?.string)
            }
    }

    /// ListAccountRoles of one account, every page: the role names.
    func roles(account: String, token: String, session: String) throws -> [String] {
        try pages("ListAccountRoles", path: "/assignment/roles", query: [("account_id", account)], list: "roleList",
                  token: token, session: session).compactMap { $0["roleName"]?.string }
    }

    /// Logout: ends the sign-in at the portal, so the token stops working everywhere.
    func logout(token: String) throws {
        _ = try send("Logout", method: "POST", path: "/logout", query: [], token: token, refused: { _ in nil })
    }

    private func pages(_ operation: String, path: String, query: [(String, String)], list: String, token: String,
                       session: String) throws -> [JSONValue] {
        var items: [JSONValue] = []
        var next: String?
        repeat {
            var parameters = query + [("max_result", "100")]
            if let next { parameters.append(("next_token", next)) }
            let answer = try send(operation, path: path, query: parameters, token: token,
                                  refused: { $0 == 401 ? .signInNeeded(session: session) : nil })
            items += answer[list]?.array ?? []
            next = answer["nextToken"]?.string.flatMap { $0.isEmpty ? nil : $0 }
        } while next != nil
        return items
    }

    /// One request, tried again after throttling (429) and server errors (5xx). `refused`
    /// maps a status to the error that says what to do, where there is a better one than
    /// the service's words.
    private func send(_ operation: String, method: String = "GET", path: String, query: [(String, String)], token: String,
                      refused: (Int) -> SSOError?) throws -> JSONValue {
        let queryText = query.isEmpty ? "" : "?" + PercentEncoding.form(query)
        let request = HTTPRequest(method: method, url: endpoint + path + queryText,
                                  headers: [("x-amz-sso_bearer_token", token), ("Accept", "application/json")])
        var attempt = 1
        while true {
            let response: HTTPResponse
            do {
                response = try transport.send(request, timeouts: timeouts)
            } catch let failure as HTTPTransportError {
                throw SSOError.unreachable(operation: operation, reason: failure.message)
            }
            if (200..<300).contains(response.status) {
                if response.body.isEmpty { return .object([:]) }
                guard let answer = JSONValue(parsing: response.body) else {
                    throw SSOError.badAnswer(operation: operation, reason: "the answer is not JSON")
                }
                return answer
            }
            if (response.status == 429 || response.status >= 500) && attempt < attempts {
                pause(attempt)
                attempt += 1
                continue
            }
            if let error = refused(response.status) { throw error }
            throw Self.serviceError(operation, response)
        }
    }

    /// The error a non-2xx answer describes: the JSON body's `message` (either case) and
    /// its type, or the HTTP status alone.
    static func serviceError(_ operation: String, _ response: HTTPResponse) -> SSOError {
        let body = JSONValue(parsing: response.body)
        let message = body?["message"]?.string ?? body?["Message"]?.string ?? body?["error_description"]?.string ?? ""
        let code = body?["__type"]?.string ?? body?["error"]?.string ?? "HTTP \(response.status)"
        return .service(operation: operation, code: code, message: message.isEmpty ? "no message" : message)
    }

    /// 0.2 s, 0.4 s, 0.8 s…, each with up to half again at random, as the AWS SDKs back off.
    static let jitteredBackoff: @Sendable (Int) -> Void = { attempt in
        let base = 0.2 * Double(1 << min(attempt - 1, 5))
        let seconds = base + Double.random(in: 0...(base / 2))
        usleep(UInt32(seconds * 1_000_000))
    }
}

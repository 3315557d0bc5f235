// The AWS console federation flow ("Enable custom identity broker access to the AWS
// console"): a role's temporary credentials buy a sign-in token from the federation
// endpoint, and the token goes into a login URL that opens the console as that role.
// Everything here is pure: building the two URLs and reading the token answer.

import FoundationEssentials

/// The console's hosts in the partition of a region. They are not in botocore's endpoint
/// data: this table is the one place that knows them.
struct ConsolePartition: Equatable, Sendable {
    /// The host of the federation endpoint (sign-in tokens and the login URL).
    let signinHost: String
    /// The host of the console's home page.
    let consoleHost: String

    private static let hosts: [(partition: String, signin: String, console: String)] = [
        ("aws", "signin.aws.amazon.com", "console.aws.amazon.com"),
        ("aws-us-gov", "signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com"),
        ("aws-cn", "signin.amazonaws.cn", "console.amazonaws.cn"),
    ]

    /// The console of `region`'s partition (aws when no region is known). Throws for a
    /// partition whose console rolesh does not know (the isolated regions').
    init(region: String?) throws(ConsoleError) {
        let partition = region.map { Partition(region: $0).name } ?? "aws"
        guard let entry = Self.hosts.first(where: { $0.partition == partition }) else {
            throw .noConsole(region: region ?? "", partition: partition)
        }
        signinHost = entry.signin
        consoleHost = entry.console
    }

    var federationEndpoint: String {
        "https://\(signinHost)/federation"
    }

    /// The console's home page, in `region` when one is known.
    func consoleHome(region: String?) -> String {
        let home = "https://\(consoleHost)/console/home"
        return region.map { "\(home)?region=\(PercentEncoding.encode($0))" } ?? home
    }
}

/// Builds the federation endpoint's two URLs and reads its answer.
enum ConsoleSignIn {
    /// The `Issuer` rolesh names in the login URL: where the console sends a user whose
    /// session has ended.
    static let issuer = "https://github.com/rolesh/rolesh"

    /// The console session lengths AWS accepts for SessionDuration, in seconds.
    static let sessionDurationRange = 900...43_200

    /// `Action=getSigninToken` with the credentials as the `Session` JSON document.
    /// `sessionDuration` is sent only when given: AWS refuses it for role-chained credentials.
    static func signinTokenURL(endpoint: String, credentials: Credentials, sessionDuration: Int?) -> String {
        let session = "{" + [
            ("sessionId", credentials.accessKeyID),
            ("sessionKey", credentials.secretAccessKey),
            ("sessionToken", credentials.sessionToken ?? ""),
        ].map { "\(jsonString($0.0)):\(jsonString($0.1))" }.joined(separator: ",") + "}"
        var parameters = [("Action", "getSigninToken")]
        if let sessionDuration { parameters.append(("SessionDuration", String(sessionDuration))) }
        parameters.append(("Session", session))
        return endpoint + "?" + PercentEncoding.form(parameters)
    }

    /// `Action=login`: the URL that signs the browser in and lands on `destination`.
    static func loginURL(endpoint: String, destination: String, signinToken: String) -> String {
        endpoint + "?" + PercentEncoding.form([
            ("Action", "login"), ("Issuer", issuer), ("Destination", destination), ("SigninToken", signinToken),
        ])
    }

    /// The `SigninToken` of the federation endpoint's JSON answer.
    static func signinToken(from response: HTTPResponse) throws(ConsoleError) -> String {
        guard response.status == 200 else { throw .federationRefused(status: response.status) }
        guard let token = JSONValue(parsing: response.body)?["SigninToken"]?.string, !token.isEmpty
        else { throw .unreadableAnswer }
        return token
    }
}

/// Failures of `rolesh console`.
package enum ConsoleError: LocalizedError, Equatable {
    case unreachable(String)
    case federationRefused(status: Int)
    case unreadableAnswer
    case notTemporary
    case needsRole(profile: String)
    case durationOutOfRange(Int)
    case durationNeedsProfile
    case durationWithRoleChain(profile: String)
    case browser(String)
    case noConsole(region: String, partition: String)
    case noBrowser(String)

    package var errorDescription: String? {
        switch self {
        case .unreachable(let message):
            return "could not reach the AWS federation endpoint: \(message); check the network and proxy settings"
        case .federationRefused(let status):
            return "the AWS federation endpoint refused the credentials (HTTP \(status)); "
                + "they must be a role's (AssumeRole) and not expired"
        case .unreadableAnswer:
            return "the AWS federation endpoint answered without a SigninToken; try again, or check ROLESH_FEDERATION_ENDPOINT"
        case .notTemporary:
            return "the console needs a role's temporary credentials: name a PROFILE, or `rolesh assume` one first"
        case .needsRole(let profile):
            return "profile \(profile) has no role_arn; the console signs in only with a role's credentials"
        case .durationOutOfRange(let seconds):
            return "--duration \(seconds)s is outside the console's 15m to 12h; pick a length in that range"
        case .durationNeedsProfile:
            return "--duration needs a PROFILE: how the credentials in the environment were made is unknown, "
                + "and AWS refuses a console duration for role-chained ones"
        case .durationWithRoleChain(let profile):
            return "profile \(profile) is reached by role chaining, for which AWS refuses a console duration; drop --duration"
        case .browser(let message):
            return "could not open the browser (\(message)); use --print and open the URL yourself"
        case .noConsole(let region, let partition):
            return "rolesh knows no AWS console sign-in for region \(region) (partition \(partition)); "
                + "sign in to that partition's console its own way"
        case .noBrowser(let why):
            return "cannot open a browser here: \(why); run `rolesh console --print` and open the URL in a browser"
        }
    }
}

// A world for in-process command tests: a temporary HOME and runtime folder, an AWS
// config, and an STS that answers from memory, so assume/exit/refresh run without a process.
import Foundation
@testable import RoleshCore
import RoleshTestSupport

/// Answers AssumeRole, GetSessionToken and GetCallerIdentity like STS, counting requests.
final class FakeSTS: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private(set) var bodies: [String] = []

    var requests: Int { lock.withLock { count } }

    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse {
        let body = String(decoding: request.body, as: UTF8.self)
        let serial = lock.withLock { count += 1; bodies.append(body); return count }
        let expiration = "2030-01-01T00:00:00Z"
        let credentials = """
            <Credentials><AccessKeyId>ASIAFAKE\(serial)</AccessKeyId><SecretAccessKey>secret\(serial)</SecretAccessKey>\
            <SessionToken>token\(serial)</SessionToken><Expiration>\(expiration)</Expiration></Credentials>
            """
        let xml: String
        if body.contains("Action=AssumeRole") {
            xml = """
                <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>\(credentials)\
                <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/Role/me</Arn><AssumedRoleId>AROA:me</AssumedRoleId></AssumedRoleUser>\
                </AssumeRoleResult></AssumeRoleResponse>
                """
        } else if body.contains("Action=GetSessionToken") {
            xml = "<GetSessionTokenResponse><GetSessionTokenResult>\(credentials)</GetSessionTokenResult></GetSessionTokenResponse>"
        } else {
            xml = """
                <GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/me</Arn>\
                <UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>
                """
        }
        return HTTPResponse(status: 200, body: Array(xml.utf8))
    }
}

/// A terminal nobody sits at.
struct NoTerminal: Terminal {
    func ask(_ prompt: String) throws -> String { throw TerminalError.unavailable }
}

/// A temporary HOME with dev and prod roles over a static `base`, and a runtime folder.
struct SessionWorld {
    let home: String
    let runtime: String
    let sts = FakeSTS()

    init(config: String = SessionWorld.standardConfig) throws {
        let root = try TestPaths.temporaryFolder("rolesh-session")
        home = "\(root)/home"
        runtime = "\(root)/run"
        try FileManager.default.createDirectory(atPath: "\(home)/.aws", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        chmod(runtime, 0o700)
        try config.write(toFile: "\(home)/.aws/config", atomically: true, encoding: .utf8)
        try "[base]\naws_access_key_id = AKIABASE\naws_secret_access_key = basesecret\n"
            .write(toFile: "\(home)/.aws/credentials", atomically: true, encoding: .utf8)
    }

    static let standardConfig = """
        [profile dev]
        role_arn = arn:aws:iam::123456789012:role/Dev
        source_profile = base

        [profile prod]
        role_arn = arn:aws:iam::123456789012:role/Prod
        source_profile = base
        region = eu-central-1
        """

    /// The base environment of a shell in this world, plus `extra`.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        ["HOME": home, "XDG_RUNTIME_DIR": runtime, "USER": "tester", "ROLESH_SHELL": "bash"]
            .merging(extra) { _, new in new }
    }

    func context(_ environment: [String: String]) -> RoleshContext {
        RoleshContext(environment: environment, transport: sts, now: { Date(timeIntervalSince1970: 1_800_000_000) },
                      terminal: NoTerminal(), standardError: { _ in })
    }

    var store: SessionStore { SessionStore(root: "\(runtime)/rolesh") }
}

/// Applies POSIX shell statements as rolesh prints them (export NAME='…', unset -v NAME)
/// to an environment, the way the shell would.
func apply(_ script: String, to environment: [String: String]) -> [String: String] {
    var result = environment
    for line in script.split(separator: "\n") {
        if line.hasPrefix("unset -v ") {
            result[String(line.dropFirst("unset -v ".count))] = nil
        } else if line.hasPrefix("export "), let equals = line.firstIndex(of: "=") {
            let name = String(line[line.index(line.startIndex, offsetBy: 7)..<equals])
            var value = String(line[line.index(after: equals)...])
            value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "'\\''", with: "'")
            result[name] = value
        }
    }
    return result
}

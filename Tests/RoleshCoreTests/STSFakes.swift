// Test doubles for the STS client: a transport that records what it is sent and answers
// from a script, a clock, and STS answers written from AWS's documented shapes.
import Foundation
@testable import RoleshCore

/// Records every request and answers each with the next scripted outcome (the last repeats).
final class ScriptedSTSTransport: HTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var script: [Result<HTTPResponse, HTTPTransportError>]
    private var recorded: [(request: HTTPRequest, timeouts: HTTPTimeouts)] = []

    init(_ script: [Result<HTTPResponse, HTTPTransportError>]) {
        self.script = script
    }

    convenience init(status: Int, _ body: String) {
        self.init([.success(HTTPResponse(status: status, body: Array(body.utf8)))])
    }

    var requests: [HTTPRequest] { lock.withLock { recorded.map(\.request) } }
    var timeouts: [HTTPTimeouts] { lock.withLock { recorded.map(\.timeouts) } }
    var bodies: [String] { requests.map { String(decoding: $0.body, as: UTF8.self) } }

    func send(_ request: HTTPRequest, timeouts: HTTPTimeouts) throws -> HTTPResponse {
        let outcome = lock.withLock {
            recorded.append((request, timeouts))
            return script.count > 1 ? script.removeFirst() : script[0]
        }
        return try outcome.get()
    }
}

/// A clock that moves only when told to (or by the seconds the client sleeps).
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var step: Double
    private(set) var sleeps: [Double] = []

    /// `step`: how far each reading moves the clock on, so every signature gets its own time.
    init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000), step: Double = 0) {
        current = start
        self.step = step
    }

    func now() -> Date {
        lock.withLock {
            defer { current += step }
            return current
        }
    }

    func sleep(_ seconds: Double) {
        lock.withLock {
            sleeps.append(seconds)
            current += seconds
        }
    }

    func advance(_ seconds: Double) {
        lock.withLock { current += seconds }
    }
}

enum STSFixtures {
    static let source = Credentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let endpoint = STSEndpoint(url: "https://sts.eu-west-1.amazonaws.com", signingRegion: "eu-west-1")
    static let roleARN = "arn:aws:iam::123456789012:role/Prod"

    static func ok(_ body: String) -> Result<HTTPResponse, HTTPTransportError> {
        .success(HTTPResponse(status: 200, body: Array(body.utf8)))
    }

    static func status(_ status: Int, _ body: String) -> Result<HTTPResponse, HTTPTransportError> {
        .success(HTTPResponse(status: status, body: Array(body.utf8)))
    }

    static let assumeRoleAnswer = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <SourceIdentity>alice</SourceIdentity>
            <AssumedRoleUser>
              <Arn>arn:aws:sts::123456789012:assumed-role/Prod/alice</Arn>
              <AssumedRoleId>AROA3XFRBF535PLBIFPI4:alice</AssumedRoleId>
            </AssumedRoleUser>
            <Credentials>
              <AccessKeyId>ASIAJEXAMPLEXEG2JICEA</AccessKeyId>
              <SecretAccessKey>9drTJvcXLB89EXAMPLELB8923FB892xMFI</SecretAccessKey>
              <SessionToken>AQoXdzELDDY//////////wEaoAK1wvxJY12r2IrDFT2IvAzTCn3zHoZ7YNtpiQLF0MqZye/qwjzP2iEXAMPLE</SessionToken>
              <Expiration>2024-11-09T13:34:41Z</Expiration>
            </Credentials>
            <PackedPolicySize>6</PackedPolicySize>
          </AssumeRoleResult>
          <ResponseMetadata>
            <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
          </ResponseMetadata>
        </AssumeRoleResponse>
        """

    static let sessionTokenAnswer = """
        <?xml version="1.0" encoding="UTF-8"?>
        <GetSessionTokenResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetSessionTokenResult>
            <Credentials>
              <SessionToken>AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LTo6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE/IvU1dYUg2RVAJBanLiHb4IgRmpRV3zrkuWJOgQs8IZZaIv2BXIa2R4OlgkBN9bkUDNCJiBeb/AXlzBBko7b15fjrBs2+cTQtpZ3CYWFXG8C5zqx37wnOE49mRl/+OtkIKGO7fAE</SessionToken>
              <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
              <Expiration>2024-07-11T19:55:29.611Z</Expiration>
              <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
            </Credentials>
          </GetSessionTokenResult>
          <ResponseMetadata>
            <RequestId>58c5dbae-abef-11e0-8cfe-09039844ac7d</RequestId>
          </ResponseMetadata>
        </GetSessionTokenResponse>
        """

    static let callerIdentityAnswer = """
        <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <GetCallerIdentityResult>
            <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
            <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
            <Account>123456789012</Account>
          </GetCallerIdentityResult>
          <ResponseMetadata>
            <RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId>
          </ResponseMetadata>
        </GetCallerIdentityResponse>
        """

    /// STS's usual error shape: ErrorResponse/Error.
    static func errorResponse(_ code: String, _ message: String, type: String = "Sender") -> String {
        """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error>
            <Type>\(type)</Type>
            <Code>\(code)</Code>
            <Message>\(message)</Message>
          </Error>
          <RequestId>4bb1ab42-2f35-4d29-9b56-5e8b0e2bdc7d</RequestId>
        </ErrorResponse>
        """
    }

    /// The other shape STS (and the Query protocol) uses: ErrorResponse/Errors/Error.
    static func errorsResponse(_ code: String, _ message: String, root: String = "ErrorResponse") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <\(root)><Errors><Error><Code>\(code)</Code><Message>\(message)</Message></Error></Errors><RequestID>ab12</RequestID></\(root)>
        """
    }
}

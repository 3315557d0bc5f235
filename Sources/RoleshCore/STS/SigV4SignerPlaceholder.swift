import FoundationEssentials

// Stand-in for the SigV4 signer being built on branch wt-sigv4, with its exact API, so the
// STS client compiles and its tests run before the merge. Deleted when wt-sigv4 is merged.

/// Signs requests with AWS Signature Version 4 (placeholder: stamps the date only).
public struct SigV4Signer: Sendable {
    private let service: String
    private let region: String

    public init(service: String, region: String) {
        self.service = service
        self.region = region
    }

    public func sign(_ request: HTTPRequest, credentials: Credentials, date: Date) -> HTTPRequest {
        var signed = request
        let stamp = Int(date.timeIntervalSince1970)
        signed.headers.append((name: "X-Amz-Date", value: "\(stamp)"))
        signed.headers.append((name: "Authorization", value: "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(region)/\(service)"))
        return signed
    }
}

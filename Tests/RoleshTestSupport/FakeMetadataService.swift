// The tests' own EC2 instance metadata service and container credentials endpoint
// (Tests/Scripts/fake_metadata.py) on one loopback port. moto's server has an IMDS too, but
// it hands out a fixed token it never checks: refused tokens, the IMDSv1 fallback and the
// container's Authorization need this one.
import Foundation

package final class FakeMetadataService: ScriptedServer, @unchecked Sendable {
    /// `http://127.0.0.1:PORT/`, for AWS_EC2_METADATA_SERVICE_ENDPOINT.
    package var endpoint: String { "http://127.0.0.1:\(port)/" }

    /// Starts the fake with `state` (see the script's header for its keys).
    package init(state: [String: Any]) throws {
        try super.init(script: "fake_metadata.py", label: "rolesh-metadata", state: state)
    }

    /// "METHOD path" of each request, oldest first (headers have lower-cased names in `log`).
    package func requestLines() throws -> [String] {
        try log().map { "\($0["method"] as? String ?? "") \($0["path"] as? String ?? "")" }
    }
}

import Foundation
import RoleshTestSupport
import Testing

/// The harness itself: moto answers, and the aws CLI reaches it.
@Test func moto_server_answers_get_caller_identity_for_the_aws_cli() throws {
    let moto = try MotoServer()
    let result = try runProcess(TestPaths.venvTool("aws"), ["sts", "get-caller-identity", "--output", "text"], environment: [
        "PATH": "/usr/bin:/bin", "HOME": NSTemporaryDirectory(),
        "AWS_ACCESS_KEY_ID": "AKIAIOSFODNN7EXAMPLE", "AWS_SECRET_ACCESS_KEY": "secret",
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL_STS": moto.endpoint,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("arn:aws:sts::123456789012:user/moto"))
}

// A private world for driving the built rolesh against moto: a HOME with an AWS config
// (profile `dev` assumed from static keys of `base`), a runtime folder for the state, and
// a real bash that evals what rolesh prints, so the tests see what a shell would hold.
import Foundation
@testable import RoleshCore
import RoleshTestSupport

struct StoreSandbox {
    let folder: String
    let endpoint: String

    var home: String { "\(folder)/home" }
    var runtime: String { "\(folder)/run" }
    /// The state root rolesh picks: `$XDG_RUNTIME_DIR/rolesh`.
    var stateRoot: String { "\(runtime)/rolesh" }

    static let accessKeyID = "AKIAIOSFODNN7EXAMPLE"
    static let secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

    init(endpoint: String, label: String = "rolesh-store") throws {
        folder = try TestPaths.temporaryFolder(label)
        self.endpoint = endpoint
        let files = FileManager.default
        try files.createDirectory(atPath: "\(home)/.aws", withIntermediateDirectories: true)
        try files.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: runtime)
        try """
            [profile base]
            region = eu-west-1

            [profile dev]
            role_arn = arn:aws:iam::123456789012:role/Dev
            source_profile = base

            [profile prod]
            role_arn = arn:aws:iam::123456789012:role/Prod
            source_profile = base
            region = eu-central-1

            """.write(toFile: "\(home)/.aws/config", atomically: true, encoding: .utf8)
        try """
            [base]
            aws_access_key_id = \(Self.accessKeyID)
            aws_secret_access_key = \(Self.secretAccessKey)

            """.write(toFile: "\(home)/.aws/credentials", atomically: true, encoding: .utf8)
    }

    /// A shell that has never run rolesh: base credentials by profile, no session, and no
    /// confirmation line after a switch (ROLESH_QUIET=1), so stderr is empty on success.
    var baseEnvironment: [String: String] {
        [
            "PATH": "/usr/bin:/bin", "HOME": home, "LC_ALL": "C.UTF-8", "XDG_RUNTIME_DIR": runtime,
            "AWS_ENDPOINT_URL_STS": endpoint, "AWS_PROFILE": "base", "ROLESH_QUIET": "1",
        ]
    }

    /// Runs the built rolesh with exactly `environment`; `--shell bash` for the switching commands.
    func rolesh(_ arguments: [String], environment: [String: String]) throws -> ProcessResult {
        try runProcess(TestPaths.rolesh, arguments, environment: environment, timeout: 60)
    }

    /// The environment a bash started with `environment` holds after `eval`ing `code`;
    /// nil when the code does not eval cleanly.
    func evaluate(_ code: String, over environment: [String: String]) throws -> [String: String]? {
        var shellEnvironment = environment
        shellEnvironment["ROLESH_TEST_CODE"] = code
        let result = try runProcess(
            "/bin/bash", ["--norc", "--noprofile", "-c", #"set -e; eval "$ROLESH_TEST_CODE"; unset ROLESH_TEST_CODE; env -0"#],
            environment: shellEnvironment, timeout: 30)
        guard result.status == 0 else { return nil }
        var evaluated: [String: String] = [:]
        for entry in result.stdout.split(separator: "\0") {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            evaluated[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        for noise in ["PWD", "OLDPWD", "SHLVL", "_"] where environment[noise] == nil {
            evaluated[noise] = nil
        }
        return evaluated
    }

    /// What rolesh owns in an environment: every AWS_* and ROLESH_* variable.
    static func identity(_ environment: [String: String]) -> [String: String] {
        environment.filter { $0.key.hasPrefix("AWS_") || $0.key.hasPrefix("ROLESH_") }
    }

    /// Every file under the state root, relative paths, sorted.
    func stateFiles() -> [String] {
        (FileManager.default.subpaths(atPath: stateRoot) ?? []).sorted()
    }

    /// Temporary files a write left behind (`NAME.tmp-RANDOM`).
    func leftoverTemporaries() -> [String] {
        stateFiles().filter { $0.contains(".tmp-") }
    }

    /// Opens every frame of the session that `environment` carries; returns the frames
    /// that do not open, with the reason.
    func unreadableFrames(of environment: [String: String]) throws -> [String] {
        guard let session = try SessionIdentity.current(in: environment) else { return [] }
        let store = SessionStore(root: stateRoot)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: store.folder(of: session.id))) ?? []
        var unreadable: [String] = []
        for name in names where name.hasSuffix(".frame") {
            let id = String(name.dropLast(".frame".count))
            do {
                _ = try store.read(id, session: session)
            } catch {
                unreadable.append("\(name): \(error.localizedDescription)")
            }
        }
        return unreadable
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }
}

extension ProcessResult {
    /// A failure as DESIGN §3 wants it: non-zero, nothing to eval, exactly one line on stderr.
    var isCleanFailure: Bool {
        status != 0 && stdout.isEmpty && stderr.hasSuffix("\n") && stderr.dropLast().split(separator: "\n").count == 1
            && !stderr.dropLast().contains("\n")
    }
}

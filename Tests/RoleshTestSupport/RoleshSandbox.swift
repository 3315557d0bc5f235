// One user's world for runs of the built binary: a temporary HOME with ~/.aws, a private
// XDG_RUNTIME_DIR, and an environment written out in full, never inherited from the runner.
import Foundation

package struct RoleshSandbox: Sendable {
    /// The temporary HOME; `~/.aws/config` and `~/.aws/credentials` live under it.
    package let home: String
    /// XDG_RUNTIME_DIR (0700), where rolesh keeps its sessions and cache.
    package let runtimeDirectory: String
    /// Every variable a run starts with; a run's own variables are laid over these.
    package var environment: [String: String]

    /// A HOME holding `config` and `credentials`, and an environment of HOME,
    /// XDG_RUNTIME_DIR, PATH (the project's venv first, for `aws`), USER=alice, ROLESH_QUIET=1
    /// (no confirmation line after a switch) and `environment`.
    package init(config: String = "", credentials: String = "", environment: [String: String] = [:]) throws {
        let root = try TestPaths.temporaryFolder("rolesh-sandbox")
        home = "\(root)/home"
        runtimeDirectory = "\(root)/run"
        try FileManager.default.createDirectory(atPath: "\(home)/.aws", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(
            atPath: runtimeDirectory, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        self.environment = [
            "HOME": home, "XDG_RUNTIME_DIR": runtimeDirectory, "USER": "alice", "ROLESH_QUIET": "1",
            "PATH": "\(TestPaths.packageRoot)/.venv/bin:/usr/bin:/bin",
        ].merging(environment) { $1 }
        try write(config, to: ".aws/config")
        try write(credentials, to: ".aws/credentials")
    }

    /// Writes `text` to `relativePath` under HOME (folders made as needed) and returns its path.
    @discardableResult
    package func write(_ text: String, to relativePath: String, executable: Bool = false) throws -> String {
        let path = "\(home)/\(relativePath)"
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path) }
        return path
    }

    /// Runs the rolesh under test with the sandbox's environment and `extra` over it.
    package func rolesh(_ arguments: [String], environment extra: [String: String] = [:],
                        timeout: TimeInterval = 60) throws -> ProcessResult {
        try run(TestPaths.rolesh, arguments, environment: extra, timeout: timeout)
    }

    /// Runs any program (found in the sandbox's PATH) with the sandbox's environment and `extra` over it.
    package func run(_ executable: String, _ arguments: [String], environment extra: [String: String] = [:],
                     input: String? = nil, timeout: TimeInterval = 60) throws -> ProcessResult {
        let environment = self.environment.merging(extra) { $1 }
        return try runProcess(executable, arguments, environment: environment, input: input,
                              currentDirectory: home, timeout: timeout)
    }

    /// Paths of the files under `$XDG_RUNTIME_DIR/rolesh/<folder>`, relative to it, sorted.
    package func files(under folder: String) -> [String] {
        let root = "\(runtimeDirectory)/rolesh/\(folder)"
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        return walker.compactMap { $0 as? String }.filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: "\(root)/\(path)", isDirectory: &isFolder) && !isFolder.boolValue
        }.sorted()
    }
}

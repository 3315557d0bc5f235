// A user's world for one end-to-end scenario: a temporary HOME with an AWS config, a private
// XDG_RUNTIME_DIR, and a real shell that runs a whole sequence of steps in one process with an
// environment built from scratch. The steps leave their evidence (environment dumps, what the
// aws CLI says, captured output) in an output folder outside HOME, for the Swift test to read.
import Foundation

/// A shell the scenarios run in, and the few things its scripts say differently.
public enum TestShell: String, CaseIterable, Sendable, CustomStringConvertible {
    case bash, zsh, fish

    public var description: String { rawValue }

    /// The program and the flags that make it read no startup file the test did not write.
    public var command: [String] {
        switch self {
        case .bash: ["/usr/bin/bash", "--norc", "--noprofile"]
        case .zsh: ["/usr/bin/zsh", "-f"]
        case .fish: ["/usr/bin/fish", "--no-config"]
        }
    }

    /// The line that loads the rolesh integration.
    public var integration: String {
        self == .fish ? "rolesh init fish | source" : #"eval "$(rolesh init \#(rawValue))""#
    }

    /// The line that runs `rolesh ARGUMENTS` and evals its output without any integration.
    public func plainEval(_ arguments: String) -> String {
        self == .fish ? "rolesh \(arguments) | source" : #"eval "$(rolesh \#(arguments))""#
    }

    /// `NAME=VALUE` exported; `value` is put in single quotes and must not contain one.
    public func export(_ name: String, _ value: String) -> String {
        precondition(!value.contains("'"))
        return self == .fish ? "set -gx \(name) '\(value)'" : "export \(name)='\(value)'"
    }

    /// The exit status of the last command.
    public var lastStatus: String { self == .fish ? "$status" : "$?" }

    /// Functions every scenario script starts with: `dump NAME` writes the AWS_*/ROLESH_*
    /// variables to NAME.json, `witness NAME` what the aws CLI says this shell is to NAME.arn,
    /// `capture NAME PROGRAM…` the stdout, stderr and status of PROGRAM (never a shell
    /// function: `capture x rolesh exit` runs the binary) to NAME.out/.err/.status.
    func prelude(output: String) -> String {
        let dumpScript = "\(TestPaths.packageRoot)/Tests/Scripts/dump_environment.py"
        let witness = "aws sts get-caller-identity --query Arn --output text"
        switch self {
        case .bash, .zsh:
            return """
                dump() { python3 '\(dumpScript)' '\(output)/'"$1"'.json'; }
                witness() { \(witness) >'\(output)/'"$1"'.arn' 2>'\(output)/'"$1"'.arn.err'; }
                capture() {
                    local name=$1; shift
                    command "$@" >'\(output)/'"$name"'.out' 2>'\(output)/'"$name"'.err'
                    echo $? >'\(output)/'"$name"'.status'
                }

                """
        case .fish:
            return """
                function dump; python3 '\(dumpScript)' '\(output)/'$argv[1]'.json'; end
                function witness; \(witness) >'\(output)/'$argv[1]'.arn' 2>'\(output)/'$argv[1]'.arn.err'; end
                function capture
                    set -l name $argv[1]
                    command $argv[2..-1] >'\(output)/'$name'.out' 2>'\(output)/'$name'.err'
                    echo $status >'\(output)/'$name'.status'
                end

                """
        }
    }
}

/// One scenario's folders and environment. Each instance has its own HOME, runtime folder
/// and output folder under a new temporary folder, removed by `remove()`.
public final class ShellScenario: @unchecked Sendable {
    public let folder: String
    public let home: String
    /// XDG_RUNTIME_DIR (0700): rolesh keeps its sessions and cache under `rolesh/` in it.
    public let runtime: String
    /// Where the steps write their evidence; outside HOME and the runtime folder, so a
    /// scan of those for secrets does not find the test's own dumps.
    public let output: String
    /// The exact environment every shell of this scenario starts with.
    public var environment: [String: String]

    /// `config` and `credentials` become ~/.aws/config and ~/.aws/credentials (none when nil).
    /// `environment` is added to the minimal one: PATH (the rolesh binary's folder, .venv/bin,
    /// /usr/bin, /bin), HOME, XDG_RUNTIME_DIR, LC_ALL, TERM and AWS_ENDPOINT_URL_STS.
    public init(config: String, credentials: String? = nil, stsEndpoint: String,
                environment extra: [String: String] = [:]) throws {
        folder = try TestPaths.temporaryFolder("rolesh-scenario")
        home = "\(folder)/home"
        runtime = "\(folder)/run"
        output = "\(folder)/out"
        let files = FileManager.default
        for path in ["\(home)/.aws", runtime, output] {
            try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        try files.setAttributes([.posixPermissions: 0o700], ofItemAtPath: runtime)
        try config.write(toFile: "\(home)/.aws/config", atomically: true, encoding: .utf8)
        if let credentials {
            try credentials.write(toFile: "\(home)/.aws/credentials", atomically: true, encoding: .utf8)
        }
        let binaryFolder = URL(fileURLWithPath: TestPaths.rolesh).deletingLastPathComponent().path
        environment = [
            "PATH": "\(binaryFolder):\(TestPaths.packageRoot)/.venv/bin:/usr/bin:/bin",
            "HOME": home, "XDG_RUNTIME_DIR": runtime, "LC_ALL": "C.UTF-8", "TERM": "dumb",
            "AWS_ENDPOINT_URL_STS": stsEndpoint,
        ].merging(extra) { _, given in given }
    }

    /// Runs `lines`, after the helper functions, as one script in one `shell` process.
    @discardableResult
    public func run(_ shell: TestShell, _ lines: [String], timeout: TimeInterval = 240) throws -> ProcessResult {
        let script = try writeScript("script.\(shell)", for: shell, lines)
        return try runProcess(shell.command[0], Array(shell.command.dropFirst()) + [script],
                              environment: environment, currentDirectory: output, timeout: timeout)
    }

    /// Writes `lines`, after the helper functions, to the script `name` in the output folder
    /// and returns its path (scenarios run such scripts in child shells).
    public func writeScript(_ name: String, for shell: TestShell, _ lines: [String]) throws -> String {
        let path = "\(output)/\(name)"
        try (shell.prelude(output: output) + lines.joined(separator: "\n") + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The AWS_*/ROLESH_* variables `dump NAME` saw.
    public func dump(_ name: String) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(output)/\(name).json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: String] else {
            throw TestSupportError("\(name).json is not an object of strings")
        }
        return object
    }

    /// What `witness NAME` saw the aws CLI print: the caller's ARN, or its error.
    public func witness(_ name: String) -> String {
        let arn = text("\(name).arn").trimmingCharacters(in: .whitespacesAndNewlines)
        return arn.isEmpty ? "error: " + text("\(name).arn.err") : arn
    }

    /// What `capture NAME …` recorded.
    public func captured(_ name: String) -> ProcessResult {
        ProcessResult(status: Int32(text("\(name).status").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1,
                      stdout: text("\(name).out"), stderr: text("\(name).err"))
    }

    /// A file of the output folder as text; empty when missing.
    public func text(_ name: String) -> String {
        (try? String(contentsOfFile: "\(output)/\(name)", encoding: .utf8)) ?? ""
    }

    /// Every regular file under HOME and the runtime folder whose bytes contain one of
    /// `secrets`, as `path: secret`; files in `exempt` (paths) are not read.
    public func filesContaining(_ secrets: [String], exempt: Set<String> = []) -> [String] {
        var found: [String] = []
        for top in [home, runtime] {
            guard let walker = FileManager.default.enumerator(atPath: top) else { continue }
            for case let relative as String in walker {
                let path = "\(top)/\(relative)"
                guard !exempt.contains(path), let bytes = FileManager.default.contents(atPath: path) else { continue }
                for secret in secrets where bytes.range(of: Data(secret.utf8)) != nil {
                    found.append("\(path): \(secret.prefix(8))…")
                }
            }
        }
        return found
    }

    /// The files under the rolesh state folder, relative and sorted.
    public func stateListing() -> [String] {
        let root = "\(runtime)/rolesh"
        return ((FileManager.default.enumerator(atPath: root)?.allObjects as? [String]) ?? []).sorted()
    }

    public func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// One moto server for a whole test file: started by the first test that asks, shared by
/// the others, and killed when the test process exits (a static is never deinitialised).
public final class SharedMotoServer: @unchecked Sendable {
    private let lock = NSLock()
    private var server: MotoServer?

    public init() {}

    /// `http://127.0.0.1:PORT`, for AWS_ENDPOINT_URL_STS.
    public func endpoint() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let server { return server.endpoint }
        let started = try MotoServer()
        server = started
        startedServersLock.lock()
        startedServers.append(started)
        startedServersLock.unlock()
        return started.endpoint
    }
}

private let startedServersLock = NSLock()
private nonisolated(unsafe) var startedServers: [MotoServer] = {
    atexit { startedServers.removeAll() }
    return []
}()

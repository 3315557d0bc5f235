// A user's world for one end-to-end scenario: a temporary HOME with an AWS config, a private
// XDG_RUNTIME_DIR, and a real shell that runs a whole sequence of steps in one process with an
// environment built from scratch. The steps leave their evidence (environment dumps, what the
// aws CLI says, captured output) in an output folder outside HOME, for the Swift test to read.
import Foundation

/// A shell the scenarios run in, and the few things its scripts say differently.
package enum TestShell: String, CaseIterable, Sendable, CustomStringConvertible {
    case bash, zsh, fish

    package var description: String { rawValue }

    /// The program and the flags that make it read no startup file the test did not write.
    package var command: [String] {
        switch self {
        case .bash: ["/usr/bin/bash", "--norc", "--noprofile"]
        case .zsh: ["/usr/bin/zsh", "-f"]
        case .fish: ["/usr/bin/fish", "--no-config"]
        }
    }

    /// The line that loads the rolesh integration.
    package var integration: String {
        self == .fish ? "rolesh init fish | source" : #"eval "$(rolesh init \#(rawValue))""#
    }

    /// The line that runs `rolesh ARGUMENTS` and evals its output without any integration.
    package func plainEval(_ arguments: String) -> String {
        self == .fish ? "rolesh \(arguments) | source" : #"eval "$(rolesh \#(arguments))""#
    }

    /// `NAME=VALUE` exported; `value` is put in single quotes and must not contain one.
    package func export(_ name: String, _ value: String) -> String {
        precondition(!value.contains("'"))
        return self == .fish ? "set -gx \(name) '\(value)'" : "export \(name)='\(value)'"
    }

    /// The script's first argument.
    package var firstArgument: String { self == .fish ? "$argv[1]" : "$1" }

    /// Runs `script` COUNT times at once, each in its own process of this shell with its
    /// number as the argument, and waits for all of them.
    package func inParallel(_ count: Int, _ script: String) -> String {
        let run = (command + ["'\(script)'"]).joined(separator: " ")
        return self == .fish
            ? "for i in (seq \(count)); \(run) $i &; end; wait"
            : "for i in $(seq \(count)); do \(run) \"$i\" & done; wait"
    }

    /// The exit status of the last command.
    package var lastStatus: String { self == .fish ? "$status" : "$?" }

    /// Functions every scenario script starts with: `dump NAME` writes the environment to
    /// NAME.env (`env -0`: NUL-separated, so any value comes back exactly; no interpreter
    /// to start, which matters when hundreds of cycles dump), `witness NAME` what the aws CLI says this shell is to NAME.arn,
    /// `capture NAME PROGRAM…` the stdout, stderr and status of PROGRAM (never a shell
    /// function: `capture x rolesh exit` runs the binary) to NAME.out/.err/.status.
    func prelude(output: String) -> String {
        let witness = "aws sts get-caller-identity --query Arn --output text"
        switch self {
        case .bash, .zsh:
            return """
                dump() { env -0 >'\(output)/'"$1"'.env'; }
                witness() { \(witness) >'\(output)/'"$1"'.arn' 2>'\(output)/'"$1"'.arn.err'; }
                capture() {
                    local name=$1; shift
                    command "$@" >'\(output)/'"$name"'.out' 2>'\(output)/'"$name"'.err'
                    echo $? >'\(output)/'"$name"'.status'
                }

                """
        case .fish:
            return """
                function dump; env -0 >'\(output)/'$argv[1]'.env'; end
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
package final class ShellScenario: @unchecked Sendable {
    package let folder: String
    package let home: String
    /// XDG_RUNTIME_DIR (0700): rolesh keeps its sessions and cache under `rolesh/` in it.
    package let runtime: String
    /// Where the steps write their evidence; outside HOME and the runtime folder, so a
    /// scan of those for secrets does not find the test's own dumps.
    package let output: String
    /// The exact environment every shell of this scenario starts with.
    package var environment: [String: String]

    /// `config` and `credentials` become ~/.aws/config and ~/.aws/credentials (none when nil).
    /// `environment` is added to the minimal one: PATH (the rolesh binary's folder, .venv/bin,
    /// /usr/bin, /bin), HOME, XDG_RUNTIME_DIR, LC_ALL, TERM, AWS_ENDPOINT_URL_STS and
    /// ROLESH_QUIET=1 (no confirmation line after a switch: stderr stays empty on success).
    package init(config: String, credentials: String? = nil, stsEndpoint: String,
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
            "AWS_ENDPOINT_URL_STS": stsEndpoint, "ROLESH_QUIET": "1",
        ].merging(extra) { _, given in given }
    }

    /// Runs `lines`, after the helper functions, as one script in one `shell` process.
    @discardableResult
    package func run(_ shell: TestShell, _ lines: [String], timeout: TimeInterval = 240) throws -> ProcessResult {
        let script = try writeScript("script.\(shell)", for: shell, lines)
        return try runProcess(shell.command[0], Array(shell.command.dropFirst()) + [script],
                              environment: environment, currentDirectory: output, timeout: timeout)
    }

    /// Writes `lines`, after the helper functions, to the script `name` in the output folder
    /// and returns its path (scenarios run such scripts in child shells).
    package func writeScript(_ name: String, for shell: TestShell, _ lines: [String]) throws -> String {
        let path = "\(output)/\(name)"
        try (shell.prelude(output: output) + lines.joined(separator: "\n") + "\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The AWS_* and ROLESH_* variables `dump NAME` saw.
    package func dump(_ name: String) throws -> [String: String] {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(output)/\(name).env"))
        var variables: [String: String] = [:]
        for entry in data.split(separator: 0) {
            let text = String(decoding: entry, as: UTF8.self)
            guard let equals = text.firstIndex(of: "=") else { throw TestSupportError("\(name).env: \(text) has no =") }
            let variable = String(text[..<equals])
            if variable.hasPrefix("AWS_") || variable.hasPrefix("ROLESH_") {
                variables[variable] = String(text[text.index(after: equals)...])
            }
        }
        return variables
    }

    /// What `witness NAME` saw the aws CLI print: the caller's ARN, or its error.
    package func witness(_ name: String) -> String {
        let arn = text("\(name).arn").trimmingCharacters(in: .whitespacesAndNewlines)
        return arn.isEmpty ? "error: " + text("\(name).arn.err") : arn
    }

    /// What `capture NAME …` recorded.
    package func captured(_ name: String) -> ProcessResult {
        ProcessResult(status: Int32(text("\(name).status").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1,
                      stdout: text("\(name).out"), stderr: text("\(name).err"))
    }

    /// A file of the output folder as text; empty when missing.
    package func text(_ name: String) -> String {
        (try? String(contentsOfFile: "\(output)/\(name)", encoding: .utf8)) ?? ""
    }

    /// Every regular file under HOME and the runtime folder whose bytes contain one of
    /// `secrets`, as `path: secret`; files in `exempt` (paths) are not read.
    package func filesContaining(_ secrets: [String], exempt: Set<String> = []) -> [String] {
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

    package func remove() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// One moto server for a whole test file: started by the first test that asks and shared
/// by the others. A static is never deinitialised and the test runner may end without
/// running exit handlers, so a watchdog shell kills the server once the test process is gone.
package final class SharedMotoServer: @unchecked Sendable {
    private let lock = NSLock()
    private var endpointURL: String?

    package init() {}

    /// `http://127.0.0.1:PORT`, for AWS_ENDPOINT_URL_STS.
    package func endpoint() throws -> String {
        lock.lock()
        defer { lock.unlock() }
        if let endpointURL { return endpointURL }
        let port = try freeLocalPort()
        let watchdog = Process()
        watchdog.executableURL = URL(fileURLWithPath: "/bin/sh")
        watchdog.arguments = ["-c", """
            "$1" -H 127.0.0.1 -p "$2" >/dev/null 2>&1 & moto=$!
            while kill -0 "$3" 2>/dev/null; do sleep 1; done
            kill -9 "$moto"
            """, "sh", TestPaths.venvTool("moto_server"), "\(port)", "\(getpid())"]
        watchdog.standardInput = FileHandle.nullDevice
        watchdog.standardOutput = FileHandle.nullDevice
        watchdog.standardError = FileHandle.nullDevice
        try watchdog.run()
        let deadline = Date().addingTimeInterval(30)
        while !canConnect(port: port) {
            guard Date() < deadline else { throw TestSupportError("moto_server did not start on port \(port)") }
            Thread.sleep(forTimeInterval: 0.1)
        }
        endpointURL = "http://127.0.0.1:\(port)"
        return endpointURL!
    }
}

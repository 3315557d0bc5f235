import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// `rolesh init bash|zsh|fish`: the text a shell evals to get the `rolesh` function, the
/// prompt helper, the hooks and completion. A preamble written in the shell's own quoting
/// comes first, then the script from shell/ as it is, then, for fish, where to find the
/// completion.
public struct InitCommand {
    /// The shells that have an integration script (sh has plain eval only).
    public static let shells = ["bash", "zsh", "fish"]

    public var shell: String
    /// Absolute path of the binary the integration calls back.
    public var binaryPath: String
    public var environment: [String: String]
    /// Creates a new session's id and key, for a shell that has none yet.
    public var makeSession: () -> (id: String, key: String)

    public init(
        shell: String, binaryPath: String, environment: [String: String],
        makeSession: @escaping () -> (id: String, key: String)
    ) {
        self.shell = shell
        self.binaryPath = binaryPath
        self.environment = environment
        self.makeSession = makeSession
    }

    /// The full integration text, ending in a newline.
    public func run() throws -> String {
        guard Self.shells.contains(shell), let dialect = ShellDetection.dialect(named: shell) else {
            throw ShellError.unknownShell(shell, choices: Self.shells)
        }
        let script = switch shell {
        case "bash": IntegrationScripts.bash
        case "zsh": IntegrationScripts.zsh
        default: IntegrationScripts.fish
        }
        let completion = shell == "fish" ? fishCompletion(in: dialect) : ""
        return try preamble(in: dialect) + script + "\n" + completion
    }

    /// Completion is loaded at the first Tab, not at every shell start: the bash and zsh
    /// scripts register a stand-in that gets the completion script from the binary then.
    /// fish takes a command's completions as they are before it runs any of them, so no
    /// stand-in can serve the first Tab; fish loads `rolesh.fish` by itself at the first Tab
    /// from a folder of `fish_complete_path`. That file is written here, into the state
    /// root, and the folder put first in the path (once: sourcing twice adds nothing).
    /// Where the folder cannot be written, the completion is printed inline instead, as
    /// sourcing it at start-up still completes.
    func fishCompletion(in dialect: any ShellDialect) -> String {
        guard let folder = try? Self.writeFishCompletion(stateRoot: StateRoot.locate(environment: environment)) else {
            return IntegrationScripts.fishCompletion + "\n"
        }
        let quoted = dialect.quote(folder)
        return "contains -- \(quoted) $fish_complete_path; or set -gp fish_complete_path \(quoted)\n"
    }

    /// `ROOT/completions/rolesh.fish`, written (atomically) only when it is missing or its
    /// bytes differ, as after an upgrade; returns its folder. The folder is private like the
    /// rest of the state, since fish runs what it finds there.
    static func writeFishCompletion(stateRoot: String) throws -> String {
        let folder = "\(stateRoot)/completions"
        try PrivateFolder(path: stateRoot).create()
        try PrivateFolder(path: folder).create()
        let file = "\(folder)/rolesh.fish"
        let text = Array((IntegrationScripts.fishCompletion + "\n").utf8)
        // Compared unwrapped: `!=` on an Optional array had the runtime build that type's
        // metadata from its mangled name, ~0.5 M instructions at every fish start.
        if let existing = try? AtomicFile.read(file), existing == text { return folder }
        try AtomicFile.write(text, to: file)
        return folder
    }

    /// `__rolesh_bin`, `ROLESH_SHELL`, and a session of this shell's own, which it cleans up
    /// when it exits. A shell that inherited another's session (a tmux pane, a new tab,
    /// `exec bash`) takes its own too, holding the frames it stands on re-sealed under it
    /// (SessionIdentity.adopt). `__rolesh_session_dir` lets the exit hook see with a builtin
    /// test whether there is anything to clean, so a shell that never switched starts no
    /// process when it exits.
    func preamble(in dialect: any ShellDialect) throws -> String {
        var exports = ShellExport(["ROLESH_SHELL": dialect.name])
        var owner: String?
        let session = makeSession()
        let root = StateRoot.locate(environment: environment)
        if SessionIdentity.adopt(session, inheriting: environment, root: root) {
            exports.changes["ROLESH_SESSION"] = session.id
            exports.changes["ROLESH_SESSION_KEY"] = session.key
            owner = session.id
        }
        var text = shellVariable("__rolesh_bin", binaryPath, in: dialect)
        text += try exports.render(in: dialect)
        if let owner {
            text += shellVariable("__rolesh_session_dir", SessionStore(root: root).folder(of: owner), in: dialect)
            text += shellVariable("__rolesh_session_owner", owner, in: dialect)
        }
        return text
    }

    /// A variable of the shell itself, not exported: children must not inherit it.
    private func shellVariable(_ name: String, _ value: String, in dialect: any ShellDialect) -> String {
        let quoted = dialect.quote(value)
        return dialect is FishDialect ? "set -g \(name) \(quoted)\n" : "\(name)=\(quoted)\n"
    }

    /// The absolute path of the running binary (/proc/self/exe), or "rolesh" to find it in
    /// PATH where that cannot be read.
    public static func runningBinaryPath() -> String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 {
            return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        #endif
        return "rolesh"
    }
}

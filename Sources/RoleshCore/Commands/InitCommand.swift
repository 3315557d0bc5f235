import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// `rolesh init bash|zsh|fish`: the text a shell evals to get the `rolesh` function, the
/// prompt helper and the hooks. A preamble written in the shell's own quoting comes first,
/// then the script from shell/ as it is.
public struct InitCommand {
    /// The shells that have an integration script (sh has plain eval only).
    public static let shells = ["bash", "zsh", "fish"]

    public var shell: String
    /// Absolute path of the binary the integration calls back.
    public var binaryPath: String
    public var environment: [String: String]
    /// Creates a new session's id and key, for a shell that has none yet.
    public var makeSession: () -> (id: String, key: String)
    /// The shell's completion script, registered by the integration: by default the text of
    /// completions/ as embedded in the binary.
    public var completion: String

    public init(
        shell: String, binaryPath: String, environment: [String: String],
        makeSession: @escaping () -> (id: String, key: String), completion: String? = nil
    ) {
        self.shell = shell
        self.binaryPath = binaryPath
        self.environment = environment
        self.makeSession = makeSession
        self.completion = completion ?? Self.embeddedCompletion(for: shell)
    }

    static func embeddedCompletion(for shell: String) -> String {
        switch shell {
        case "bash": IntegrationScripts.bashCompletion
        case "zsh": IntegrationScripts.zshCompletion
        case "fish": IntegrationScripts.fishCompletion
        default: ""
        }
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
        return try preamble(in: dialect) + script + "\n" + completionRegistration()
    }

    /// bash and fish register completion as their scripts run. zsh's script calls
    /// `compdef`, which exists only after compinit: it is wrapped in a function that
    /// shell/rolesh.zsh's `__rolesh_register_completion` calls when compdef is there.
    func completionRegistration() -> String {
        guard !completion.isEmpty else { return "" }
        let text = completion.hasSuffix("\n") ? completion : completion + "\n"
        guard shell == "zsh" else { return text }
        return "__rolesh_define_completion() {\n" + text + "}\n__rolesh_register_completion\n"
    }

    /// `__rolesh_bin`, `ROLESH_SHELL`, and a new session unless the environment already has
    /// one (a child shell inheriting its parent's); only the shell that creates a session
    /// owns it, and cleans it up when it exits. `__rolesh_session_dir` lets the exit hook
    /// see with a builtin test whether there is anything to clean, so a shell that never
    /// switched starts no process when it exits.
    func preamble(in dialect: any ShellDialect) throws -> String {
        var exports = ShellExport(["ROLESH_SHELL": dialect.name])
        var owner: String?
        if environment["ROLESH_SESSION"] == nil || environment["ROLESH_SESSION_KEY"] == nil {
            let session = makeSession()
            exports.changes["ROLESH_SESSION"] = session.id
            exports.changes["ROLESH_SESSION_KEY"] = session.key
            owner = session.id
        }
        var text = shellVariable("__rolesh_bin", binaryPath, in: dialect)
        text += try exports.render(in: dialect)
        if let owner {
            text += shellVariable("__rolesh_session_dir", SessionStore(root: StateRoot.locate(environment: environment)).folder(of: owner), in: dialect)
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

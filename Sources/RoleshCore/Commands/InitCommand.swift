import FoundationEssentials

#if canImport(Glibc)
import Glibc
#endif

/// `rolesh init bash|zsh|fish`: the text a shell evals to get the `rolesh` function, the
/// prompt helper, the hooks and completion. A preamble written in the shell's own quoting
/// comes first, then the script from shell/ as it is, then, for fish, where to find the
/// completion.
package enum InitCommand {
    /// The shells that have an integration script (sh has plain eval only).
    package static let shells = ShellDetection.dialects.filter { $0.integration != nil }.map(\.name)

    /// The full integration text, ending in a newline. `makeSession` creates a new session's
    /// id and key, for a shell that has none yet.
    package static func run(shell: String, context: RoleshContext,
                            makeSession: () -> (id: String, key: String) = newSession) throws -> String {
        guard let dialect = ShellDetection.dialects.first(where: { $0.name == shell }), let script = dialect.integration else {
            throw ShellError.unknownShell(shell, choices: shells)
        }
        // Located once, here; not through CommandState, whose Optional-existential slots for
        // what init never asks cost type metadata (Benchmarks/ANALYSIS.md, "One context for
        // every command").
        let stateRoot = StateRoot.locate(environment: context.environment)
        var completion = ""
        if let onPath = dialect.completionOnPath { completion = Self.onPath(onPath, in: dialect, stateRoot: stateRoot) }
        return try preamble(in: dialect, session: makeSession(), stateRoot: stateRoot, context: context) + script + "\n"
            + completion
    }

    private static func newSession() -> (id: String, key: String) {
        let session = SessionIdentity.create()
        return (id: session.id, key: session.key.hex)
    }

    /// Completion is loaded at the first Tab, not at every shell start: the bash and zsh
    /// scripts register a stand-in that gets the completion script from the binary then. A
    /// shell that loads it from its search path by itself (fish) gets the file written here,
    /// into the state root, and the folder put first in the path (once: sourcing twice adds
    /// nothing). Where the folder cannot be written, the completion is printed inline instead,
    /// as sourcing it at start-up still completes. The shell runs what it finds in that folder
    /// at any later Tab: the folder goes into the path only when no other user can change it
    /// (`folderOnlyTheUserControls`), else the completion is inline too.
    static func onPath(_ completion: CompletionOnPath, in dialect: any ShellDialect, stateRoot: String) -> String {
        guard let written = try? Self.write(completion, stateRoot: stateRoot),
              let folder = Self.folderOnlyTheUserControls(written, file: completion.fileName)
        else {
            return completion.text
        }
        return completion.prepend(dialect.quote(folder)) + "\n"
    }

    /// `ROOT/completions/FILE`, written (atomically) only when it is missing or its bytes
    /// differ, as after an upgrade; returns its folder. The folder is private like the rest of
    /// the state, since the shell runs what it finds there.
    static func write(_ completion: CompletionOnPath, stateRoot: String) throws -> String {
        let folder = "\(stateRoot)/completions"
        try PrivateFolder(path: stateRoot).create()
        try PrivateFolder(path: folder).create()
        let file = "\(folder)/\(completion.fileName)"
        let text = Array(completion.text.utf8)
        // Compared unwrapped: `!=` on an Optional array had the runtime build that type's
        // metadata from its mangled name at every fish start (Benchmarks/ANALYSIS.md, fix 12).
        if let existing = try? AtomicFile.read(file), existing == text { return folder }
        try AtomicFile.write(text, to: file)
        return folder
    }

    /// `path` with its symbolic links resolved, when no other user can change what it holds:
    /// every folder from `/` down to it belongs to the user or root, and one that group or
    /// others may write has the sticky bit (as /tmp: they cannot rename or remove what is not
    /// theirs); the folder itself and its `file` belong to the user, writable by no one else.
    /// Else nil. A group-writable runtime folder, or a `rolesh/` that another user made
    /// first, would otherwise let that user swap the file the shell loads.
    static func folderOnlyTheUserControls(_ path: String, file: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        let folder = String(cString: resolved)
        let user = geteuid()
        let writableByOthers = mode_t(S_IWGRP | S_IWOTH)
        for prefix in ["/"] + PrivateFolder.prefixes(of: folder) {
            var status = stat()
            guard lstat(prefix, &status) == 0, status.st_mode & S_IFMT == S_IFDIR,
                  status.st_uid == user || status.st_uid == 0,
                  status.st_mode & writableByOthers == 0 || status.st_mode & mode_t(S_ISVTX) != 0
            else { return nil }
        }
        for path in [folder, "\(folder)/\(file)"] {
            var status = stat()
            guard lstat(path, &status) == 0, status.st_uid == user, status.st_mode & writableByOthers == 0 else { return nil }
        }
        return folder
    }

    /// `__rolesh_bin`, and a session of this shell's own, which it cleans up when it exits.
    /// A shell that inherited another's session (a tmux pane, a new tab, `exec bash`) takes
    /// its own too, holding the frames it stands on re-sealed under it
    /// (SessionIdentity.adopt). `__rolesh_session_dir` lets the exit hook see with a builtin
    /// test whether there is anything to clean, so a shell that never switched starts no
    /// process when it exits. Nothing here names the dialect: an exported name would reach
    /// child shells of another kind, whose plain `eval` would then get code in the wrong
    /// language; the integration passes `--shell` itself.
    static func preamble(in dialect: any ShellDialect, session: (id: String, key: String), stateRoot root: String,
                         context: RoleshContext) throws -> String {
        var exports = ShellExport([:])
        var owner: String?
        if SessionIdentity.adopt(session, inheriting: context.environment, root: root) {
            exports.changes["ROLESH_SESSION"] = session.id
            exports.changes["ROLESH_SESSION_KEY"] = session.key
            owner = session.id
        }
        var text = dialect.shellVariable("__rolesh_bin", context.system.binaryPath()) + "\n"
        text += try exports.render(in: dialect)
        if let owner {
            text += dialect.shellVariable("__rolesh_session_dir", SessionStore(root: root).folder(of: owner)) + "\n"
            text += dialect.shellVariable("__rolesh_session_owner", owner) + "\n"
        }
        return text
    }
}

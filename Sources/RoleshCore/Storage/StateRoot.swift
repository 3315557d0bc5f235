// Where rolesh keeps its state (DESIGN §6): on the per-user tmpfs when there is a private
// one, so that sealed frames vanish at logout, else in the XDG state folder.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder that holds rolesh's sessions and cache, and whether it is a private runtime
/// folder (the only place the credential cache may live: it never goes on persistent disk).
package struct StateRoot: Sendable, Equatable {
    let path: String
    /// True when `path` is in XDG_RUNTIME_DIR, checked to be the user's and closed to others.
    let isRuntime: Bool
    /// Why XDG_RUNTIME_DIR, though set, was not used; nil when it was, or is unset.
    let runtimeRefusal: String?

    /// `$XDG_RUNTIME_DIR/rolesh` when XDG_RUNTIME_DIR is an absolute path to a folder owned
    /// by the user with no write bit for group or others (the XDG spec demands 0700), else
    /// `$XDG_STATE_HOME/rolesh`, else `$HOME/.local/state/rolesh` (HOME from the user
    /// database when unset). Relative XDG paths are ignored, as the XDG spec requires.
    static func resolve(environment: [String: String]) -> StateRoot {
        var refusal: String?
        if let runtime = absolutePath(environment["XDG_RUNTIME_DIR"]) {
            refusal = whyNotPrivate(runtime)
            if refusal == nil { return StateRoot(path: joined(runtime, "rolesh"), isRuntime: true, runtimeRefusal: nil) }
        }
        return StateRoot(path: persistentFolder(environment: environment), isRuntime: false, runtimeRefusal: refusal)
    }

    /// `$XDG_STATE_HOME/rolesh`, else `$HOME/.local/state/rolesh`: rolesh's folder on
    /// persistent disk, the state root's fallback and the home of what outlives a login
    /// (the picker's history).
    static func persistentFolder(environment: [String: String]) -> String {
        absolutePath(environment["XDG_STATE_HOME"]).map { joined($0, "rolesh") }
            ?? joined(homeFolder(environment), ".local/state/rolesh")
    }

    /// The state root's path. When XDG_RUNTIME_DIR is set but unsafe, says so on stderr,
    /// once per process, with where the state goes instead.
    package static func locate(environment: [String: String]) -> String {
        let root = resolve(environment: environment)
        if let refusal = root.runtimeRefusal, !warnedAboutRuntime {
            warnedAboutRuntime = true
            OutputStream.standardError.write(
                "rolesh: warning: not using XDG_RUNTIME_DIR: \(refusal); state goes to \(root.path), and no credentials are cached\n")
        }
        return root.path
    }

    nonisolated(unsafe) private static var warnedAboutRuntime = false

    /// Nil when `path` is a folder of the user's that no one else can write; else why not.
    private static func whyNotPrivate(_ path: String) -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else { return "\(path) cannot be examined (\(String(cString: strerror(errno))))" }
        guard status.st_mode & S_IFMT == S_IFDIR else { return "\(path) is not a folder" }
        guard status.st_uid == geteuid() else { return "\(path) is owned by uid \(status.st_uid), not by you" }
        let mode = UInt32(status.st_mode) & 0o7777
        guard mode & 0o022 == 0 else {
            return "\(path) is writable by \(mode & 0o002 != 0 ? "everyone" : "its group") (mode \(String(mode & 0o777, radix: 8)))"
        }
        return nil
    }

    private static func absolutePath(_ value: String?) -> String? {
        guard let value, value.hasPrefix("/") else { return nil }
        return value
    }

    private static func homeFolder(_ environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        if let entry = getpwuid(geteuid()), let folder = entry.pointee.pw_dir {
            return String(cString: folder)
        }
        return "/"
    }

    /// `folder/name` without doubling a trailing slash of `folder`.
    private static func joined(_ folder: String, _ name: String) -> String {
        var base = Substring(folder)
        while base.count > 1 && base.hasSuffix("/") { base = base.dropLast() }
        return base == "/" ? "/" + name : base + "/" + name
    }
}

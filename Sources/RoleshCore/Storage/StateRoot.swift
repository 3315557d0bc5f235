// Where rolesh keeps its state (DESIGN §6): on the per-user tmpfs when there is one, so
// that sealed frames vanish at logout, else in the XDG state folder.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The folder that holds rolesh's sessions, cache and cache key.
public struct StateRoot {
    /// `$XDG_RUNTIME_DIR/rolesh` when XDG_RUNTIME_DIR names an existing folder, else
    /// `$XDG_STATE_HOME/rolesh`, else `$HOME/.local/state/rolesh` (HOME from the user
    /// database when unset). Relative XDG paths are ignored, as the XDG spec requires.
    public static func locate(environment: [String: String]) -> String {
        if let runtime = absolutePath(environment["XDG_RUNTIME_DIR"]), isFolder(runtime) {
            return joined(runtime, "rolesh")
        }
        if let state = absolutePath(environment["XDG_STATE_HOME"]) {
            return joined(state, "rolesh")
        }
        return joined(homeFolder(environment), ".local/state/rolesh")
    }

    private static func absolutePath(_ value: String?) -> String? {
        guard let value, value.hasPrefix("/") else { return nil }
        return value
    }

    private static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
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

// Opening the console without putting the sign-in token in any process's argv (which
// every user of the machine can read in /proc): the login URL goes into a 0600 HTML file
// that redirects to it, and the browser opener gets that file's path. A detached helper
// removes the file once the browser has had time to read it.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands a login URL to the desktop's browser through a private redirect file.
package enum ConsoleBrowser {
    /// Seconds the redirect file is kept for the browser to read, then removed.
    static let fileLifetime = 60

    /// `xdg-open` (macOS: `open`), or `ROLESH_BROWSER_OPENER` when set.
    static func opener(environment: [String: String]) -> String {
        if let opener = environment["ROLESH_BROWSER_OPENER"], !opener.isEmpty { return opener }
        #if os(macOS)
        return "open"
        #else
        return "xdg-open"
        #endif
    }

    /// Throws when no browser can be opened: the opener is not installed, or (Linux) no
    /// desktop is reachable — no DISPLAY, WAYLAND_DISPLAY or BROWSER, as in an SSH session
    /// or a container, where xdg-open fails after rolesh has already returned. An explicit
    /// ROLESH_BROWSER_OPENER is trusted to know its way.
    package static func checkOpener(environment: [String: String]) throws(ConsoleError) {
        let opener = opener(environment: environment)
        guard isInstalled(opener, path: environment["PATH"]) else {
            throw .noBrowser("\(opener) is not installed")
        }
        #if os(Linux)
        let desktop = ["DISPLAY", "WAYLAND_DISPLAY", "BROWSER"].contains { !(environment[$0] ?? "").isEmpty }
        guard environment["ROLESH_BROWSER_OPENER"].map({ !$0.isEmpty }) == true || desktop else {
            throw .noBrowser("no desktop to open it on (DISPLAY, WAYLAND_DISPLAY and BROWSER are unset: SSH or headless)")
        }
        #endif
    }

    /// `program` names an executable file, directly or through `path`'s folders.
    private static func isInstalled(_ program: String, path: String?) -> Bool {
        if program.contains("/") { return access(program, X_OK) == 0 }
        return (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").contains { folder in
            access("\(folder)/\(program)", X_OK) == 0
        }
    }

    /// The page that sends the browser on to `url` at once.
    static func redirectPage(to url: String) -> String {
        let attribute = htmlEscaped(url)
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
            <meta http-equiv="refresh" content="0;url=\(attribute)">
            <title>rolesh console</title></head>
            <body><a href="\(attribute)">Open the AWS console</a></body></html>

            """
    }

    /// Writes the redirect file and starts, detached from this terminal, a helper that runs
    /// the opener on the file's path and removes the file `fileLifetime` seconds later.
    /// Returns the file's path.
    @discardableResult
    package static func open(_ url: String, environment: [String: String]) throws(ConsoleError) -> String {
        let folder = environment["TMPDIR"].flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "/tmp"
        var template = Array("\(folder)/rolesh-console-XXXXXX.html".utf8CString)
        // mkstemps creates the file 0600, with O_EXCL: nobody else can have it open first.
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 5) }
        guard descriptor >= 0 else { throw .browser("cannot create a file in \(folder): \(String(cString: strerror(errno)))") }
        let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let page = Array(redirectPage(to: url).utf8)
        let written = page.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
        guard written == page.count else {
            unlink(path)
            throw .browser("cannot write \(path)")
        }
        let script = #""$1" "$2" >/dev/null 2>&1 </dev/null & sleep "$3"; rm -f -- "$2""#
        let arguments = ["/bin/sh", "-c", script, "rolesh-console", opener(environment: environment), path, String(fileLifetime)]
        let status = spawnDetached(arguments, environment: environment)
        guard status == 0 else {
            unlink(path)
            throw .browser("cannot start /bin/sh: \(String(cString: strerror(status)))")
        }
        return path
    }

    /// Starts the opener on `url` itself, detached as `open` starts it. For URLs that hold
    /// nothing another user may not see in a process's arguments (an IAM Identity Center
    /// sign-in page: its code is useless without the verifier that never leaves rolesh).
    static func openURL(_ url: String, environment: [String: String]) throws(ConsoleError) {
        let script = #""$1" "$2" >/dev/null 2>&1 </dev/null &"#
        let status = spawnDetached(["/bin/sh", "-c", script, "rolesh-browser", opener(environment: environment), url],
                                   environment: environment)
        guard status == 0 else { throw .browser("cannot start /bin/sh: \(String(cString: strerror(status)))") }
    }

    /// posix_spawn in a process group of its own (Ctrl-C at the terminal does not reach it), not waited for:
    /// it outlives rolesh, and init reaps it. Its stdin, stdout and stderr are /dev/null: a
    /// pipe rolesh writes to (`rolesh console | tee log`) must close when rolesh exits, not
    /// a minute later when the helper does.
    private static func spawnDetached(_ arguments: [String], environment: [String: String]) -> Int32 {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(&actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        var child: pid_t = 0
        return withExecArrays(arguments: arguments, environment: environment) { argv, envp in
            posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
        }
    }

    private static func htmlEscaped(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

#if canImport(Glibc)
import Glibc
#endif

/// Which dialect a command prints in, when the user does not say (DESIGN §4).
package enum ShellDetection {
    /// Every dialect: the one list that `--shell`, its completion, `init` and detection use.
    /// A new shell is one dialect file, one script in shell/, and one entry here.
    static let dialects: [any ShellDialect] = [BashDialect(), ZshDialect(), FishDialect(), POSIXDialect()]

    /// The names `--shell` accepts.
    package static var names: [String] { dialects.map(\.name) }

    /// The dialect called `name` (`bash`, `zsh`, `fish`, `sh`, or an alias: `dash` is sh), or nil.
    static func dialect(named name: String) -> (any ShellDialect)? {
        dialects.first { $0.name == name || $0.aliases.contains(name) }
    }

    /// `flag` (`--shell`, which the integration passes), then the parent process's name (the
    /// shell whose command substitution runs rolesh, and will evaluate its output), then
    /// `$SHELL`, then POSIX sh. Only `--shell` is an error when unknown: the others are
    /// guesses, and a guess that names no known shell just passes to the next. No exported
    /// variable decides: a child shell of another kind would inherit it.
    package static func detect(
        flag: String?, environment: [String: String], parentProcessName: String?
    ) throws -> any ShellDialect {
        if let flag {
            guard let dialect = dialect(named: flag) else { throw ShellError.unknownShell(flag, choices: names) }
            return dialect
        }
        let guesses = [parentProcessName.map(programName), environment["SHELL"].map(programName)]
        return guesses.lazy.compactMap { $0.flatMap(dialect(named:)) }.first ?? POSIXDialect()
    }

    /// The parent process's name from /proc/<ppid>/comm (Linux); nil where there is none.
    package static func parentProcessName() -> String? {
        #if os(Linux)
        guard let file = fopen("/proc/\(getppid())/comm", "r") else { return nil }
        defer { fclose(file) }
        var line = [CChar](repeating: 0, count: 64)
        guard fgets(&line, Int32(line.count), file) != nil else { return nil }
        let name = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return name.hasSuffix("\n") ? String(name.dropLast()) : name
        #else
        return nil
        #endif
    }

    /// A program's name as a shell reports it: the basename, with the leading `-` of a login
    /// shell (`-bash`) dropped.
    static func programName(_ path: String) -> String {
        let base = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        return base.hasPrefix("-") ? String(base.dropFirst()) : base
    }
}

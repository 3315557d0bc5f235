// The argument and environment arrays that execve and posix_spawn take, built in one place.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` with `arguments` and `environment` (as `NAME=value`) as NULL-terminated
/// arrays of C strings; the copies are freed when `body` returns.
func withExecArrays<Result>(
    arguments: [String], environment: [String: String],
    _ body: (_ argv: [UnsafeMutablePointer<CChar>?], _ envp: [UnsafeMutablePointer<CChar>?]) -> Result
) -> Result {
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    return body(argv, envp)
}

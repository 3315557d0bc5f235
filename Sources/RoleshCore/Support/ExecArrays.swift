// The argument and environment arrays that execve and posix_spawn take, built in one place.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The variables that tie a shell to its session stack. No process rolesh starts is a
/// shell on that stack (a credential_process, the browser opener, `exec`'s command): none
/// gets them, so none can read the frames or pop them.
let sessionVariables = [ManagedVariable.session, ManagedVariable.sessionKey, ManagedVariable.frame, ManagedVariable.depth]

/// Runs `body` with `arguments` and `environment` (as `NAME=value`, without the
/// `sessionVariables`) as NULL-terminated arrays of C strings; the copies are freed when
/// `body` returns.
func withExecArrays<Result>(
    arguments: [String], environment: [String: String],
    _ body: (_ argv: [UnsafeMutablePointer<CChar>?], _ envp: [UnsafeMutablePointer<CChar>?]) -> Result
) -> Result {
    let argv = arguments.map { strdup($0) } + [nil]
    let envp = environment.filter { !sessionVariables.contains($0.key) }.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { (argv + envp).forEach { free($0) } }
    return body(argv, envp)
}

// rolesh holds long-term keys, session tokens and session keys in memory: a core dump
// would write them to disk in plain text. Both switches cost one system call each.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

package enum ProcessHardening {
    /// No core file, whatever the shell's `ulimit -c` says.
    package static func disableCoreDumps() {
        var none = rlimit(rlim_cur: 0, rlim_max: 0)
        #if os(Linux)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &none)
        #else
        _ = setrlimit(RLIMIT_CORE, &none)
        #endif
    }
}

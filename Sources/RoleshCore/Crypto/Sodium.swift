// libsodium must be initialised before its first use: sodium_init picks the fastest
// implementations for this CPU and opens the random source.

import CSodium

enum Sodium {
    /// Swift runs a static initialiser exactly once, under a lock, on first access; that is
    /// the once-only guarantee. sodium_init itself is also safe to call again (it returns 1).
    private static let initialised: Void = {
        guard sodium_init() >= 0 else {
            fatalError("libsodium could not be initialised (no usable random source)")
        }
    }()

    /// Call before any libsodium function; costs one atomic load after the first call.
    static func ensureInitialised() {
        _ = initialised
    }
}

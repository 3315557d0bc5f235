// The credential cache's key in the Linux kernel's user keyring (@u, keyrings(7)), so that
// it never touches a disk (issue 12 §4). @u belongs to the user, not to a login session: a
// cron job or a systemd unit that has a session keyring of its own still reaches it. It
// lives while the user has processes, and is gone after a reboot like the runtime folder.

import CKeyring

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A named secret key in the user keyring. Only its name is kept here; the bytes are read
/// from the kernel each time and go straight into a wiped SymmetricKey.
struct UserKeyring: Sendable {
    /// The key's description in the keyring (`keyctl show @u` lists it).
    let name: String

    init(name: String) {
        self.name = name
    }

    /// Possessor: everything; the user's own processes that do not possess it (another
    /// session keyring): view, read, search; group and others: nothing.
    static let permissions: UInt32 = 0x3f00_0000 | 0x0001_0000 | 0x0002_0000 | 0x0008_0000

    /// The key stored under `name`; nil when there is none. Throws
    /// `KeyringError.unavailable` where the kernel has no keyrings for this process (no
    /// support, or a container's seccomp profile refusing the calls).
    func load() throws -> SymmetricKey? {
        let serial = rolesh_key_search_user_keyring(name)
        guard serial >= 0 else {
            if errno == ENOKEY || errno == EKEYEXPIRED || errno == EKEYREVOKED { return nil }
            throw KeyringError.unavailable(code: errno)
        }
        var bytes = [UInt8](repeating: 0, count: SymmetricKey.byteCount)
        defer { bytes.wipe() }
        let length = bytes.withUnsafeMutableBytes { rolesh_key_read(serial, $0.baseAddress, $0.count) }
        guard length >= 0 else { throw KeyringError.unavailable(code: errno) }
        // A key of another length under this name is not one of rolesh's: replace it.
        guard length == SymmetricKey.byteCount else { return nil }
        return try SymmetricKey(bytes: bytes)
    }

    /// Stores `key` under `name`, replacing the key of that name if there is one.
    func store(_ key: SymmetricKey) throws {
        let serial = key.withUnsafeBytes { rolesh_key_add_to_user_keyring(name, $0.baseAddress, $0.count) }
        guard serial >= 0 else { throw KeyringError.unavailable(code: errno) }
        guard rolesh_key_set_permissions(serial, Self.permissions) == 0 else { throw KeyringError.unavailable(code: errno) }
    }
}

/// Why the user keyring cannot hold a key.
enum KeyringError: Error, Equatable {
    /// add_key or keyctl failed with errno `code` (ENOSYS, EPERM, EACCES, EDQUOT…).
    case unavailable(code: Int32)

    var reason: String {
        switch self {
        case let .unavailable(code): String(cString: strerror(code))
        }
    }
}

// Unpredictable bytes and identifiers, from the kernel's random source through libsodium.

import CSodium

/// Random bytes for keys, nonces and identifiers (libsodium's `randombytes_buf`).
enum SecureRandom {
    static func bytes(_ count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        Sodium.ensureInitialised()
        var output = [UInt8](repeating: 0, count: count)
        output.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { randombytes_buf(base, buffer.count) }
        }
        return output
    }

    /// A random identifier of `bits` bits (a multiple of 8) as lowercase hex,
    /// e.g. a session id or a frame id.
    static func identifier(bits: Int = 128) -> String {
        precondition(bits > 0 && bits % 8 == 0, "identifier bits must be a positive multiple of 8")
        return Hex.encode(bytes(bits / 8))
    }
}

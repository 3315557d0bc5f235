// Authenticated encryption for everything rolesh keeps on disk: session frames and the
// credential cache. XChaCha20-Poly1305 (IETF) from libsodium 1.0.18: its 192-bit nonce is
// large enough to pick at random for every box without counting.

import CSodium
import FoundationEssentials

/// Seals bytes so that only the holder of the key can read them, and any change to the
/// box or to its associated data (the session and frame ids) is detected.
///
/// Layout: `nonce (24 bytes) || ciphertext || tag (16 bytes)`, the same bytes that
/// `crypto_aead_xchacha20poly1305_ietf_encrypt` produces, prefixed with its nonce.
package enum SealedBox {
    static let nonceByteCount = Int(crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
    static let tagByteCount = Int(crypto_aead_xchacha20poly1305_ietf_ABYTES)
    /// The size of a box around an empty plaintext.
    static let overhead = nonceByteCount + tagByteCount

    package static func seal(_ plaintext: [UInt8], key: SymmetricKey, associatedData: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialised()
        let nonce = SecureRandom.bytes(nonceByteCount)
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + tagByteCount)
        var ciphertextLength: UInt64 = 0
        let status = key.withUnsafeBytes { key in
            crypto_aead_xchacha20poly1305_ietf_encrypt(
                &ciphertext, &ciphertextLength,
                plaintext, UInt64(plaintext.count),
                associatedData, UInt64(associatedData.count),
                nil, nonce, key.bindMemory(to: UInt8.self).baseAddress!)
        }
        // Encryption has no failure mode for inputs that fit in memory.
        precondition(status == 0 && Int(ciphertextLength) == ciphertext.count, "XChaCha20-Poly1305 encryption failed")
        return nonce + ciphertext
    }

    /// The plaintext inside `sealed`. Throws `CryptoError.malformed` when it is too short to be
    /// a box, and `CryptoError.authenticationFailed` when the key, the associated data or any
    /// byte of the box differs from what sealed it.
    static func open(_ sealed: [UInt8], key: SymmetricKey, associatedData: [UInt8]) throws -> [UInt8] {
        guard sealed.count >= overhead else { throw CryptoError.malformed }
        Sodium.ensureInitialised()
        let nonce = Array(sealed[..<nonceByteCount])
        let ciphertext = Array(sealed[nonceByteCount...])
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count - tagByteCount)
        var plaintextLength: UInt64 = 0
        let status = key.withUnsafeBytes { key in
            crypto_aead_xchacha20poly1305_ietf_decrypt(
                &plaintext, &plaintextLength, nil,
                ciphertext, UInt64(ciphertext.count),
                associatedData, UInt64(associatedData.count),
                nonce, key.bindMemory(to: UInt8.self).baseAddress!)
        }
        guard status == 0 else { throw CryptoError.authenticationFailed }
        return plaintext
    }
}

/// Why a sealed box or a key was refused.
enum CryptoError: Error, Equatable, LocalizedError {
    /// Too short to hold a nonce and a tag.
    case malformed
    /// Wrong key, wrong associated data, or changed bytes.
    case authenticationFailed
    /// A key that is not exactly 32 bytes (64 hex digits).
    case invalidKey

    var errorDescription: String? {
        switch self {
        case .malformed:
            "sealed data is truncated or malformed; it cannot be opened"
        case .authenticationFailed:
            "sealed data does not open with this key: it was changed, or belongs to another session"
        case .invalidKey:
            "the key is not 32 bytes (64 hex digits); start a new session"
        }
    }
}

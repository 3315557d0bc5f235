// SHA-256 and HMAC-SHA256 (SigV4, cache entry names), from libsodium, which rolesh already
// links for its sealed frames. Linking OpenSSL's libcrypto for these two cost every rolesh
// start its relocations, and the first digest loaded OpenSSL 3's configuration and
// providers (Benchmarks/ANALYSIS.md, fix 3).

import COpenSSL
import CSodium
import FoundationEssentials

/// SHA-256 (FIPS 180-4).
enum SHA256 {
    static let byteCount = 32

    static func hash(_ data: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialised()
        var digest = [UInt8](repeating: 0, count: byteCount)
        let status = crypto_hash_sha256(&digest, data, UInt64(data.count))
        // libsodium's SHA-256 has no failure path; a non-zero status would be a broken library.
        precondition(status == 0, "libsodium SHA-256 failed")
        return digest
    }
}

/// HMAC with SHA-256 (RFC 2104), the MAC of SigV4's key derivation and signature.
enum HMACSHA256 {
    /// Keys of any length, empty included: libsodium's multi-part API hashes a key longer
    /// than the block first, as RFC 2104 says (its one-shot call takes 32-byte keys only).
    static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        Sodium.ensureInitialised()
        var state = crypto_auth_hmacsha256_state()
        var mac = [UInt8](repeating: 0, count: SHA256.byteCount)
        let status = crypto_auth_hmacsha256_init(&state, key, key.count) == 0
            && crypto_auth_hmacsha256_update(&state, message, UInt64(message.count)) == 0
            && crypto_auth_hmacsha256_final(&state, &mac) == 0
        sodium_memzero(&state, MemoryLayout.size(ofValue: state))
        precondition(status, "libsodium HMAC-SHA256 failed")
        return mac
    }
}

/// SHA-1, which names the aws CLI's IAM Identity Center cache files (never used for
/// security). libsodium has no SHA-1, so it comes from libcrypto, loaded only when asked.
enum SHA1 {
    /// The 40 lowercase hex digits of the SHA-1 of `text`'s UTF-8 bytes.
    static func hexDigest(_ text: String) throws(DigestError) -> String {
        let bytes = Array(text.utf8)
        var digest = [UInt8](repeating: 0, count: 20)
        guard rolesh_crypto_sha1(bytes, bytes.count, &digest) == 0 else {
            var reason = [CChar](repeating: 0, count: 256)
            _ = rolesh_crypto_load(&reason, reason.count)
            let text = String(decoding: reason.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            throw DigestError.unavailable(text.isEmpty ? "libcrypto's SHA-1 failed" : text)
        }
        return Hex.encode(digest)
    }
}

/// A digest rolesh could not compute because the library that has it is missing.
enum DigestError: Error, Equatable, LocalizedError {
    case unavailable(String)

    var errorDescription: String? {
        switch self {
        case .unavailable(let reason): reason
        }
    }
}

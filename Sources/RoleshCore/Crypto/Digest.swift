// SHA-256 and HMAC-SHA256 for SigV4, from OpenSSL 3's libcrypto. Only one-shot calls that
// OpenSSL 3.0 does not mark deprecated: EVP_Digest and HMAC (the HMAC_CTX family is).

import COpenSSL

/// SHA-256 (FIPS 180-4).
public enum SHA256 {
    public static let byteCount = 32

    public static func hash(_ data: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: byteCount)
        var digestLength: UInt32 = 0
        let status = EVP_Digest(data, data.count, &digest, &digestLength, EVP_sha256(), nil)
        // Fails only when libcrypto cannot allocate or has no SHA-256: nothing to recover.
        precondition(status == 1 && digestLength == byteCount, "libcrypto SHA-256 failed")
        return digest
    }
}

/// HMAC with SHA-256 (RFC 2104), the MAC of SigV4's key derivation and signature.
public enum HMACSHA256 {
    public static func authenticate(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        var mac = [UInt8](repeating: 0, count: SHA256.byteCount)
        var macLength: UInt32 = 0
        // OpenSSL 3 treats a null key pointer as "no key given" and fails, so an empty key
        // is passed as a real pointer with length zero (RFC 2104 allows empty keys).
        let keyBytes = key.isEmpty ? [0] : key
        let result = HMAC(EVP_sha256(), keyBytes, Int32(key.count), message, message.count, &mac, &macLength)
        precondition(result != nil && macLength == SHA256.byteCount, "libcrypto HMAC-SHA256 failed")
        return mac
    }
}

// The two digests SigV4 needs, from OpenSSL's libcrypto (one-shot calls that OpenSSL 3.0
// does not deprecate). Kept internal to the signer so that a shared Crypto module can
// replace it by swapping calls.
import COpenSSL

enum SigV4Hash {
    /// SHA-256 of `message`.
    static func sha256(_ message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let succeeded = message.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha256(), nil) == 1
        }
        precondition(succeeded, "libcrypto's SHA-256 failed")
        return Array(digest.prefix(Int(length)))
    }

    /// HMAC-SHA256 of `message` under `key`.
    static func hmacSHA256(_ message: [UInt8], key: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            message.withUnsafeBytes { input in
                HMAC(EVP_sha256(), keyBytes.baseAddress, Int32(keyBytes.count),
                     input.bindMemory(to: UInt8.self).baseAddress, input.count, &digest, &length)
            }
        }
        precondition(result != nil, "libcrypto's HMAC-SHA256 failed")
        return Array(digest.prefix(Int(length)))
    }

    /// Lower-case hexadecimal, as SigV4 writes digests and signatures.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}

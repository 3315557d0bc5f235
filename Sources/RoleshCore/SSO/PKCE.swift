// Proof Key for Code Exchange (RFC 7636), as the aws CLI v2 makes it for its authorization
// code sign-in: a 64-character verifier from the unreserved characters, and its S256
// challenge. The verifier stays in this process; only the challenge travels in the URL.

import FoundationEssentials

/// One sign-in's verifier and challenge.
struct PKCE: Sendable {
    let verifier: String

    /// RFC 7636's unreserved characters, the aws CLI's alphabet.
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

    /// A verifier of 64 characters drawn uniformly from the alphabet (bytes at or above the
    /// largest multiple of 66 are drawn again, so no character is likelier than another).
    init() {
        var characters: [UInt8] = []
        let limit = UInt8(256 / Self.alphabet.count * Self.alphabet.count)
        while characters.count < 64 {
            for byte in SecureRandom.bytes(64) where byte < limit && characters.count < 64 {
                characters.append(Self.alphabet[Int(byte) % Self.alphabet.count])
            }
        }
        verifier = String(decoding: characters, as: UTF8.self)
    }

    init(verifier: String) {
        self.verifier = verifier
    }

    /// BASE64URL(SHA-256(verifier)) without padding: the `code_challenge` of method S256.
    var challenge: String {
        Data(SHA256.hash(Array(verifier.utf8))).base64EncodedString()
            .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
    }
}

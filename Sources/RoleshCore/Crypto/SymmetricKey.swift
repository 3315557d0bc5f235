// The 32-byte key that seals a session's frames (carried in ROLESH_SESSION_KEY) and the cache.
//
// What zeroing can and cannot do here: the key's own buffer is allocated once, never
// copied by Swift (the struct shares one reference), and wiped with sodium_memzero when
// the last copy of the key goes away. Everything outside that buffer is beyond reach:
// the `[UInt8]` a caller passes to `init(bytes:)`, the `String` that `hex` returns and the
// environment string it came from are ordinary Swift values that the runtime may copy,
// move or free without wiping, and nothing stops the kernel from swapping a page out.
// So the wipe narrows how long the key lingers in freed memory; it is not a guarantee.

import CSodium

/// A 256-bit secret key for `SealedBox`. Compares in constant time; never prints itself.
package struct SymmetricKey: Sendable, Equatable, CustomStringConvertible {
    static let byteCount = 32

    private let storage: SecretBuffer

    /// A fresh key from the system's random source.
    package static func random() -> SymmetricKey {
        Sodium.ensureInitialised()
        let storage = SecretBuffer(count: byteCount)
        randombytes_buf(storage.bytes.baseAddress!, byteCount)
        return SymmetricKey(storage: storage)
    }

    /// The key made of exactly these 32 bytes; `CryptoError.invalidKey` for any other length.
    init(bytes: [UInt8]) throws {
        guard bytes.count == Self.byteCount else { throw CryptoError.invalidKey }
        let storage = SecretBuffer(count: Self.byteCount)
        storage.bytes.copyBytes(from: bytes)
        self.init(storage: storage)
    }

    /// The key spelled by 64 hex digits (either case), as `hex` wrote it; `CryptoError.invalidKey`
    /// for anything else. Decodes straight into the wiped buffer with libsodium's
    /// constant-time decoder, so no intermediate byte array holds the key.
    init(hex: String) throws {
        Sodium.ensureInitialised()
        let text = hex.utf8CString
        let textLength = text.count - 1
        guard textLength == Self.byteCount * 2 else { throw CryptoError.invalidKey }
        let storage = SecretBuffer(count: Self.byteCount)
        let decoded = text.withUnsafeBufferPointer { textBuffer in
            var decodedLength = 0
            var end: UnsafePointer<CChar>?
            let status = sodium_hex2bin(
                storage.bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), Self.byteCount,
                textBuffer.baseAddress!, textLength, nil, &decodedLength, &end)
            return status == 0 && decodedLength == Self.byteCount && end == textBuffer.baseAddress! + textLength
        }
        guard decoded else { throw CryptoError.invalidKey }
        self.init(storage: storage)
    }

    private init(storage: SecretBuffer) {
        self.storage = storage
    }

    /// The key as 64 lowercase hex digits, for ROLESH_SESSION_KEY. The returned String
    /// cannot be wiped (see the note at the top of this file); keep it no longer than needed.
    package var hex: String {
        var text = [CChar](repeating: 0, count: Self.byteCount * 2 + 1)
        defer { sodium_memzero(&text, text.count) }
        storage.bytes.withMemoryRebound(to: UInt8.self) { key in
            _ = sodium_bin2hex(&text, text.count, key.baseAddress!, key.count)
        }
        return text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    package static func == (left: SymmetricKey, right: SymmetricKey) -> Bool {
        sodium_memcmp(left.storage.bytes.baseAddress!, right.storage.bytes.baseAddress!, byteCount) == 0
    }

    package var description: String { "SymmetricKey(redacted)" }

    /// Lends the raw key to a libsodium call; the pointer must not escape `body`.
    func withUnsafeBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(storage.bytes))
    }
}

/// Memory that holds a secret and is wiped before it is freed. Written only while the
/// owning key is being built, read-only afterwards, hence safe to share between threads.
private final class SecretBuffer: @unchecked Sendable {
    let bytes: UnsafeMutableRawBufferPointer

    init(count: Int) {
        bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: count, alignment: 16)
        bytes.initializeMemory(as: UInt8.self, repeating: 0)
    }

    deinit {
        sodium_memzero(bytes.baseAddress!, bytes.count)
        bytes.deallocate()
    }
}

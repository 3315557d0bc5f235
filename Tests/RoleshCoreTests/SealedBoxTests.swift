// Sealed boxes: they round-trip, interoperate with PyNaCl both ways, and refuse any change.
import Foundation
@testable import RoleshCore
import RoleshTestSupport
import Testing

private let script = "\(TestPaths.packageRoot)/Tests/Scripts/xchacha_box.py"
private let testKey = try! SymmetricKey(hex: String(repeating: "42", count: 32))
private let associatedData = Array("session-1/frame-1".utf8)

/// Runs the PyNaCl side; test keys and data go through stdin as hex, never argv.
private func pynacl(_ mode: String, key: SymmetricKey, associatedData: [UInt8], data: [UInt8]) throws -> ProcessResult {
    let input = [key.hex, Hex.encode(associatedData), Hex.encode(data)].joined(separator: "\n") + "\n"
    return try runProcess(TestPaths.python, [script, mode], input: input)
}

private let plaintexts: [[UInt8]] = [[], Array("hello".utf8), (0..<1000).map { UInt8($0 % 251) }]

@Test(arguments: plaintexts)
func a_box_sealed_by_rolesh_opens_with_pynacl(plaintext: [UInt8]) throws {
    let box = SealedBox.seal(plaintext, key: testKey, associatedData: associatedData)
    #expect(box.count == plaintext.count + SealedBox.overhead)
    let result = try pynacl("open", key: testKey, associatedData: associatedData, data: box)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    #expect(result.stdout == Hex.encode(plaintext) + "\n")
}

@Test(arguments: plaintexts)
func a_box_sealed_by_pynacl_opens_with_rolesh(plaintext: [UInt8]) throws {
    let result = try pynacl("seal", key: testKey, associatedData: associatedData, data: plaintext)
    #expect(result.status == 0)
    #expect(result.stderr == "")
    let box = try #require(Hex.decode(result.stdout.trimmingCharacters(in: .newlines)))
    #expect(try SealedBox.open(box, key: testKey, associatedData: associatedData) == plaintext)
}

@Test func pynacl_refuses_a_rolesh_box_under_other_associated_data() throws {
    let box = SealedBox.seal(Array("hello".utf8), key: testKey, associatedData: associatedData)
    let result = try pynacl("open", key: testKey, associatedData: Array("session-1/frame-2".utf8), data: box)
    #expect(result.status == 1)
    #expect(result.stdout == "")
    #expect(result.stderr.contains("does not open"))
}

@Test func sealing_twice_uses_a_fresh_nonce() throws {
    let first = SealedBox.seal(Array("same".utf8), key: testKey, associatedData: associatedData)
    let second = SealedBox.seal(Array("same".utf8), key: testKey, associatedData: associatedData)
    #expect(first.prefix(SealedBox.nonceByteCount) != second.prefix(SealedBox.nonceByteCount))
    #expect(first != second)
    #expect(try SealedBox.open(second, key: testKey, associatedData: associatedData) == Array("same".utf8))
}

@Test func every_single_bit_flip_of_a_box_is_detected() {
    let box = SealedBox.seal(Array("frame".utf8), key: testKey, associatedData: associatedData)
    var undetected: [String] = []
    for position in box.indices {
        for bit in 0..<8 {
            var tampered = box
            tampered[position] ^= 1 << bit
            do {
                _ = try SealedBox.open(tampered, key: testKey, associatedData: associatedData)
                undetected.append("byte \(position) bit \(bit) opened")
            } catch let error as CryptoError where error == .authenticationFailed {
                continue
            } catch {
                undetected.append("byte \(position) bit \(bit): \(error)")
            }
        }
    }
    #expect(undetected.isEmpty)
    #expect(box.count * 8 == (5 + SealedBox.overhead) * 8)
}

@Test func a_box_does_not_open_under_other_associated_data_or_another_key() {
    let box = SealedBox.seal(Array("frame".utf8), key: testKey, associatedData: associatedData)
    #expect(throws: CryptoError.authenticationFailed) {
        try SealedBox.open(box, key: testKey, associatedData: Array("session-1/frame-2".utf8))
    }
    #expect(throws: CryptoError.authenticationFailed) {
        try SealedBox.open(box, key: testKey, associatedData: [])
    }
    #expect(throws: CryptoError.authenticationFailed) {
        try SealedBox.open(box, key: SymmetricKey.random(), associatedData: associatedData)
    }
}

@Test func a_truncated_or_extended_box_does_not_open() {
    let box = SealedBox.seal(Array("frame".utf8), key: testKey, associatedData: associatedData)
    for length in 0..<box.count {
        let expected: CryptoError = length < SealedBox.overhead ? .malformed : .authenticationFailed
        #expect(throws: expected, "length \(length)") {
            try SealedBox.open(Array(box.prefix(length)), key: testKey, associatedData: associatedData)
        }
    }
    #expect(throws: CryptoError.authenticationFailed) {
        try SealedBox.open(box + [0], key: testKey, associatedData: associatedData)
    }
}

@Test func a_key_round_trips_through_lowercase_hex() throws {
    let key = SymmetricKey.random()
    #expect(key.hex.count == 64)
    #expect(key.hex == key.hex.lowercased())
    #expect(try SymmetricKey(hex: key.hex) == key)
    #expect(try SymmetricKey(hex: key.hex.uppercased()) == key)
    #expect(try SymmetricKey(bytes: Hex.decode(key.hex)!) == key)
    #expect(SymmetricKey.random() != key)
}

@Test(arguments: ["", String(repeating: "a", count: 63), String(repeating: "a", count: 65),
                  String(repeating: "a", count: 62) + "zz", String(repeating: "a", count: 62) + "\u{0}a",
                  " " + String(repeating: "a", count: 63)])
func a_key_refuses_hex_that_is_not_64_digits(text: String) {
    #expect(throws: CryptoError.invalidKey) { try SymmetricKey(hex: text) }
}

@Test(arguments: [0, 16, 31, 33, 64])
func a_key_refuses_bytes_that_are_not_32(count: Int) {
    #expect(throws: CryptoError.invalidKey) { try SymmetricKey(bytes: [UInt8](repeating: 1, count: count)) }
}

@Test func a_key_never_prints_its_bytes() {
    let key = SymmetricKey.random()
    #expect(!"\(key)".contains(key.hex))
    #expect(!String(reflecting: key).contains(key.hex))
}

@Test func crypto_errors_are_one_line_messages() {
    for error in [CryptoError.malformed, .authenticationFailed, .invalidKey] {
        let message = try! #require(error.errorDescription)
        #expect(!message.isEmpty && !message.contains("\n"))
    }
}

@Test func random_identifiers_are_lowercase_hex_of_the_requested_size_and_distinct() {
    let identifiers = (0..<200).map { _ in SecureRandom.identifier() }
    #expect(Set(identifiers).count == identifiers.count)
    for identifier in identifiers {
        #expect(identifier.count == 32)
        #expect(Hex.decode(identifier) != nil && identifier == identifier.lowercased())
    }
    #expect(SecureRandom.identifier(bits: 64).count == 16)
    #expect(SecureRandom.bytes(0) == [])
    #expect(SecureRandom.bytes(24).count == 24)
    #expect(SecureRandom.bytes(32) != SecureRandom.bytes(32))
}

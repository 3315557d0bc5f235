// SHA-256 and HMAC-SHA256 against their published known answers, and the hex codec.
@testable import RoleshCore
import Testing

@Test(arguments: [
    ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
    ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
])
func sha256_matches_nist_known_answers(message: String, digest: String) {
    #expect(Hex.encode(SHA256.hash(Array(message.utf8))) == digest)
}

@Test func sha256_of_one_million_a_matches_nist() {
    let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
    #expect(Hex.encode(SHA256.hash(message)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
}

/// RFC 4231 §4.2–4.8. Case 5's published output is truncated to 128 bits.
@Test(arguments: [
    (1, [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8),
     "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
    (2, Array("Jefe".utf8), Array("what do ya want for nothing?".utf8),
     "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
    (3, [UInt8](repeating: 0xaa, count: 20), [UInt8](repeating: 0xdd, count: 50),
     "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
    (4, Array(1...25), [UInt8](repeating: 0xcd, count: 50),
     "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
    (5, [UInt8](repeating: 0x0c, count: 20), Array("Test With Truncation".utf8),
     "a3b6167473100ee06e0c796c2955552b"),
    (6, [UInt8](repeating: 0xaa, count: 131), Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8),
     "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    (7, [UInt8](repeating: 0xaa, count: 131),
     Array(("This is a test using a larger than block-size key and a larger than block-size data. "
         + "The key needs to be hashed before being used by the HMAC algorithm.").utf8),
     "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"),
] as [(Int, [UInt8], [UInt8], String)])
func hmac_sha256_matches_rfc4231(testCase: Int, key: [UInt8], data: [UInt8], expected: String) {
    let mac = HMACSHA256.authenticate(data, key: key)
    #expect(mac.count == 32, "case \(testCase)")
    #expect(Hex.encode(mac).hasPrefix(expected), "case \(testCase)")
}

@Test func hmac_sha256_accepts_an_empty_key_and_message() {
    #expect(Hex.encode(HMACSHA256.authenticate([], key: []))
        == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
}

@Test func hex_encodes_lowercase_and_decodes_either_case() {
    #expect(Hex.encode([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    #expect(Hex.encode([]) == "")
    #expect(Hex.decode("000fa0ff") == [0x00, 0x0f, 0xa0, 0xff])
    #expect(Hex.decode("000FA0FF") == [0x00, 0x0f, 0xa0, 0xff])
    #expect(Hex.decode("") == [])
}

@Test(arguments: ["0", "abc", "zz", "0g", " 00", "00 ", "0x00", "é0"])
func hex_decode_refuses_malformed_text(text: String) {
    #expect(Hex.decode(text) == nil)
}

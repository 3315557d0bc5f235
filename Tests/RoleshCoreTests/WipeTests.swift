import Foundation
@testable import RoleshCore
import Testing

@Test func wiping_bytes_zeroes_every_one_in_the_same_buffer() {
    var secret = Array("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".utf8)
    let before = secret.withUnsafeBytes { $0.baseAddress }
    secret.wipe()
    #expect(secret == [UInt8](repeating: 0, count: 40))
    #expect(secret.withUnsafeBytes { $0.baseAddress } == before, "wiped in place, not in a copy")
}

@Test func wiping_data_zeroes_every_byte_and_keeps_the_count() {
    var secret = Data("{\"SecretAccessKey\":\"x\"}".utf8)
    secret.wipe()
    #expect(secret == Data(count: 23))
}

@Test func wiping_nothing_is_fine() {
    var empty: [UInt8] = []
    empty.wipe()
    #expect(empty.isEmpty)
}

import FoundationEssentials
import Testing
@testable import RoleshCore

/// Instants where a hand-written calendar goes wrong first: the epoch, leap days and the
/// days around them, century years (2100 is not a leap year, 2000 is), the last second of
/// a day and of a year, fractions of a second, and the ends of the hand-written range.
private let instants: [Double] = [
    0, 0.999, 59, 86_399, 86_400, 951_782_400, 951_868_799, 951_868_800, 1_709_164_800,
    1_709_251_199, 1_735_689_599, 1_735_689_600, 1_798_537_200.5, 4_107_456_000, 4_107_542_399,
    4_107_542_400, 253_402_300_799, 253_402_300_800, -1, -86_400.5, 1e12,
]

@Test(arguments: instants)
func iso_timestamp_prints_what_the_format_style_prints(secondsSince1970: Double) {
    let date = Date(timeIntervalSince1970: secondsSince1970)
    let expected = Date(timeIntervalSince1970: secondsSince1970.rounded(.down)).ISO8601Format()
    #expect(isoTimestamp(date) == expected)
}

@Test func iso_timestamp_agrees_with_the_format_style_on_random_instants() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2_000 {
        let seconds = Double(Int.random(in: 0..<253_402_300_800, using: &generator))
        let date = Date(timeIntervalSince1970: seconds)
        #expect(isoTimestamp(date) == date.ISO8601Format(), "\(seconds)")
    }
}

// Reading the timestamps other programs write: ISO-8601 as the aws CLI writes it
// (`2026-12-02T10:00:00Z`), with fractions (`…00.216Z`), with an offset as granted writes
// local time (`2026-12-02T15:47:02+11:00`), and with the `UTC` suffix of botocore's
// default JSON cache serialiser (`2026-12-02T10:00:00UTC`). By hand, as the printer in
// Transition.swift is, since the format styles cost a start far more than they do here.

import FoundationEssentials

/// The instant `text` names, or nil when it is none of the forms above. The date must
/// exist (no 31 April), the time be in range (a leap second `:60` is taken as `:59`).
public func parseTimestamp(_ text: String) -> Date? {
    var reader = TimestampReader(bytes: Array(text.utf8)[...])
    guard let year = reader.number(digits: 4), reader.skip("-"), let month = reader.number(digits: 2), reader.skip("-"),
          let day = reader.number(digits: 2), reader.skip("T") || reader.skip("t") || reader.skip(" "),
          let hour = reader.number(digits: 2), reader.skip(":"), let minute = reader.number(digits: 2),
          reader.skip(":"), let second = reader.number(digits: 2)
    else { return nil }
    var fraction = 0.0
    if reader.skip(".") || reader.skip(",") {
        var scale = 0.1
        var any = false
        while let digit = reader.digit() {
            fraction += Double(digit) * scale
            scale /= 10
            any = true
        }
        guard any else { return nil }
    }
    guard let offset = reader.offset(), reader.bytes.isEmpty,
          (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
          hour < 24, minute < 60, second <= 60
    else { return nil }
    let days = daysSinceEpoch(year: year, month: month, day: day)
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + min(second, 59) - offset
    return Date(timeIntervalSince1970: Double(seconds) + fraction)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (the inverse of the civil-date
/// computation in `isoTimestamp`).
func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
}

private func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
}

private struct TimestampReader {
    var bytes: ArraySlice<UInt8>

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard bytes.first == UInt8(character.value) else { return false }
        bytes.removeFirst()
        return true
    }

    mutating func digit() -> Int? {
        guard let byte = bytes.first, (0x30...0x39).contains(byte) else { return nil }
        bytes.removeFirst()
        return Int(byte - 0x30)
    }

    mutating func number(digits: Int) -> Int? {
        var value = 0
        for _ in 0..<digits {
            guard let digit = digit() else { return nil }
            value = value * 10 + digit
        }
        return value
    }

    /// Seconds east of UTC: `Z`, `UTC`, ` UTC`, `±HH:MM`, `±HHMM` or `±HH`; nil for anything else.
    mutating func offset() -> Int? {
        if skip("Z") || skip("z") { return 0 }
        _ = skip(" ")
        if skip("U") { return skip("T") && skip("C") ? 0 : nil }
        let sign: Int
        if skip("+") { sign = 1 } else if skip("-") { sign = -1 } else { return nil }
        guard let hours = number(digits: 2), hours < 24 else { return nil }
        _ = skip(":")
        let minutes = bytes.isEmpty ? 0 : number(digits: 2)
        guard let minutes, minutes < 60 else { return nil }
        return sign * (hours * 3_600 + minutes * 60)
    }
}

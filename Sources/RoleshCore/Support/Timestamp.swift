// rolesh's one time module: the civil date of a day count, ISO-8601 written as AWS writes
// it, and read in every form other programs write: the aws CLI's `2026-12-02T10:00:00Z`,
// fractions (`…00.216Z`), an offset as granted writes local time
// (`2026-12-02T15:47:02+11:00`), and the `UTC` suffix of botocore's default JSON cache
// serialiser (`2026-12-02T10:00:00UTC`); and a time left as rolesh says it (`1h05m`). By
// hand: Foundation's format styles cost a start far more than they do here
// (Benchmarks/ANALYSIS.md).

import FoundationEssentials

/// `2026-11-29T09:00:00Z`: the form of AWS_CREDENTIAL_EXPIRATION that aws-vault, the AWS
/// CLI and starship read, as `ISO8601Format()` prints it (to the second, UTC), for years
/// 1970 to 9999 (outside them, Foundation's printer).
func isoTimestamp(_ date: Date) -> String {
    let seconds = date.timeIntervalSince1970.rounded(.down)
    guard seconds >= 0, seconds < 253_402_300_800 else {
        return Date(timeIntervalSince1970: seconds).ISO8601Format()
    }
    let time = civilTime(secondsSinceEpoch: Int(seconds))
    return zeroPadded(time.year, 4) + "-" + zeroPadded(time.month, 2) + "-" + zeroPadded(time.day, 2) + "T"
        + zeroPadded(time.secondOfDay / 3_600, 2) + ":" + zeroPadded(time.secondOfDay / 60 % 60, 2) + ":"
        + zeroPadded(time.secondOfDay % 60, 2) + "Z"
}

/// The UTC date and second of the day `seconds` after 1970-01-01T00:00:00Z (before it too:
/// the day is rounded down, so the second of the day is never negative).
func civilTime(secondsSinceEpoch seconds: Int) -> (year: Int, month: Int, day: Int, secondOfDay: Int) {
    let secondOfDay = ((seconds % 86_400) + 86_400) % 86_400
    let (year, month, day) = civilDate(daysSinceEpoch: (seconds - secondOfDay) / 86_400)
    return (year, month, day, secondOfDay)
}

/// The instant `text` names, or nil when it is none of the forms above. The date must
/// exist (no 31 April), the time be in range (a leap second `:60` is taken as `:59`).
func parseTimestamp(_ text: String) -> Date? {
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

/// The proleptic Gregorian date `daysSinceEpoch` days after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`: 400-year eras that start on 0000-03-01, so the leap day ends a year).
func civilDate(daysSinceEpoch days: Int) -> (year: Int, month: Int, day: Int) {
    let dayNumber = days + 719_468
    let era = (dayNumber >= 0 ? dayNumber : dayNumber - 146_096) / 146_097
    let dayOfEra = dayNumber - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let marchMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * marchMonth + 2) / 5 + 1
    let month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9
    return (era * 400 + yearOfEra + (month <= 2 ? 1 : 0), month, day)
}

/// `value` in decimal, zero-padded to `width` digits.
func zeroPadded(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
}

/// Days from 1970-01-01 to a proleptic Gregorian date (the inverse of `civilDate`).
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

/// A time left as the prompt and the switch lines say it: `1h05m`, `59m`, `45s`.
func durationText(_ seconds: Int) -> String {
    if seconds >= 3600 {
        let minutes = (seconds % 3600) / 60
        return "\(seconds / 3600)h" + (minutes < 10 ? "0" : "") + "\(minutes)m"
    }
    return seconds >= 60 ? "\(seconds / 60)m" : "\(seconds)s"
}

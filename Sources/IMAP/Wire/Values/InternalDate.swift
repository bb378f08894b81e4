import Foundation
import MIME

/// IMAP's `date-time` (RFC 3501 §9): `"17-Jul-1996 02:44:25 -0700"`, the day space-padded or not. Parsed by hand
/// rather than with a DateFormatter: it is fixed-format, English-only, and read for every message.
enum InternalDate {
    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `date-time` (RFC 3501 §9); nil when the text is not one or names an impossible date.
    static func parse(_ bytes: [UInt8]) -> Date? {
        var reader = DigitReader(bytes: bytes)
        reader.skip(UInt8(ascii: " "))
        guard let day = reader.digits(min: 1, max: 2), reader.take(UInt8(ascii: "-")),
            let month = reader.month(), reader.take(UInt8(ascii: "-")),
            let year = reader.digits(min: 4, max: 4), reader.take(UInt8(ascii: " ")),
            let hour = reader.digits(min: 2, max: 2), reader.take(UInt8(ascii: ":")),
            let minute = reader.digits(min: 2, max: 2), reader.take(UInt8(ascii: ":")),
            let second = reader.digits(min: 2, max: 2), reader.take(UInt8(ascii: " ")),
            let sign = reader.sign(), let zone = reader.digits(min: 4, max: 4), reader.isAtEnd
        else { return nil }
        guard day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 61,
            zone % 100 < 60
        else { return nil }
        let offset = sign * ((zone / 100) * 3600 + (zone % 100) * 60)
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Formats `date` as a `date-time` in UTC (`+0000`), for APPEND.
    static func format(_ date: Date) -> String {
        let total = epochSeconds(date)
        let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
        let secondsOfDay = total - days * 86_400
        let (year, month, day) = CivilDate.date(fromDays: days)
        let time = [secondsOfDay / 3600, secondsOfDay % 3600 / 60, secondsOfDay % 60].map(twoDigits)
        return "\(twoDigits(day))-\(monthNames[month - 1])-\(year) \(time.joined(separator: ":")) +0000"
    }

    /// Whole seconds since 1970, clamped to years 1...9999 so that no date can make the conversion trap.
    static func epochSeconds(_ date: Date) -> Int {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard seconds.isFinite else { return 0 }
        return Int(min(max(seconds, -62_135_596_800), 253_402_300_799))
    }

    static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : String(value)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// Reads the fixed-width fields of a date.
private struct DigitReader {
    let bytes: [UInt8]
    var index = 0

    var isAtEnd: Bool { index == bytes.count }

    mutating func skip(_ byte: UInt8) {
        while index < bytes.count && bytes[index] == byte { index += 1 }
    }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func digits(min: Int, max: Int) -> Int? {
        var value = 0
        var count = 0
        while count < max, index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") {
            value = value * 10 + Int(bytes[index] - UInt8(ascii: "0"))
            index += 1
            count += 1
        }
        return count >= min ? value : nil
    }

    mutating func month() -> Int? {
        guard index + 3 <= bytes.count else { return nil }
        let name = String(decoding: bytes[index..<index + 3], as: UTF8.self).lowercased()
        guard let month = InternalDate.monthNames.firstIndex(where: { $0.lowercased() == name }) else { return nil }
        index += 3
        return month + 1
    }

    mutating func sign() -> Int? {
        if take(UInt8(ascii: "+")) { return 1 }
        if take(UInt8(ascii: "-")) { return -1 }
        return nil
    }
}

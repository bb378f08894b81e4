import Foundation
import MIME

/// Readers for the XML Schema simple types EWS uses (XML Schema part 2 §3.2.2 boolean, §3.3.17 int,
/// §3.2.7 dateTime). Leading and trailing white space is allowed, as the types' `whiteSpace` facet says.
enum XSValue {
    static func boolean(_ text: String?) -> Bool? {
        switch text?.trimmingXMLSpace() {
        case "true", "1": true
        case "false", "0": false
        default: nil
        }
    }

    static func integer(_ text: String?) -> Int? {
        guard let text else { return nil }
        return Int(text.trimmingXMLSpace())
    }

    /// A boolean the sync loop depends on: a missing or malformed one is an error, not a guess.
    static func requiredBoolean(_ text: String?, element: String) throws(EWSParseError) -> Bool {
        guard let value = boolean(text) else { throw text == nil ? .missing(element) : .invalid(element) }
        return value
    }

    /// `yyyy-mm-ddThh:mm:ss[.fraction][Z|(+|-)hh:mm]`; a value without a zone is taken as UTC, which is what
    /// EWS sends unless the request set a `TimeZoneContext`.
    static func dateTime(_ text: String?) -> Date? {
        guard let text else { return nil }
        var cursor = Cursor(Array(text.trimmingXMLSpace().utf8))
        guard let year = cursor.number(digits: 4), cursor.skip("-"),
            let month = cursor.number(digits: 2), cursor.skip("-"),
            let day = cursor.number(digits: 2), cursor.skip("T"),
            let hour = cursor.number(digits: 2), cursor.skip(":"),
            let minute = cursor.number(digits: 2), cursor.skip(":"),
            let second = cursor.number(digits: 2)
        else { return nil }
        var fraction = 0.0
        if cursor.skip(".") {
            guard let digits = cursor.fractionDigits() else { return nil }
            fraction = digits
        }
        var offsetSeconds = 0
        if cursor.skip("Z") {
            offsetSeconds = 0
        } else if let sign = cursor.sign() {
            guard let offsetHour = cursor.number(digits: 2), cursor.skip(":"),
                let offsetMinute = cursor.number(digits: 2), offsetHour <= 14, offsetMinute <= 59
            else { return nil }
            offsetSeconds = sign * (offsetHour * 3600 + offsetMinute * 60)
        }
        guard cursor.isAtEnd, (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { index == bytes.count }

        mutating func number(digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<index + digits] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            index += digits
            return value
        }

        mutating func fractionDigits() -> Double? {
            var value = 0.0
            var scale = 0.1
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                value += Double(bytes[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
            return index > start ? value : nil
        }

        mutating func skip(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        mutating func sign() -> Int? {
            if skip("+") { return 1 }
            if skip("-") { return -1 }
            return nil
        }
    }
}

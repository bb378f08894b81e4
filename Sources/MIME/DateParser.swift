import Foundation

/// RFC 5322 §3.3 dates, with the obsolete forms of §4.3 and what mailers actually send: missing weekday or seconds,
/// two- and three-digit years, named and military zones, comments, ISO 8601 and asctime layouts.
public enum DateParser {
    /// The instant a Date header names, or nil when it names none.
    public static func parse(_ value: String) -> Date? {
        var value = value
        switch value.withUTF8(parseASCII) {
        case .parsed(let date): return date
        case .notASCII: return parseCharacters(value)
        }
    }

    /// ``parse(_:)`` of a header value's bytes (read as UTF-8, else windows-1252, when they are not ASCII).
    public static func parse(bytes: ArraySlice<UInt8>) -> Date? {
        let fast = bytes.withContiguousStorageIfAvailable(parseASCII) ?? .notASCII
        switch fast {
        case .parsed(let date): return date
        case .notASCII: return parseCharacters(ASCII.string(bytes))
        }
    }

    /// The rules below, read one `Character` at a time: the reference for ``parseASCII(_:)`` and the path for values
    /// that are not plain ASCII.
    static func parseCharacters(_ value: String) -> Date? {
        var tokens = tokenize(value)
        var day: Int?
        var month: Int?
        var year: Int?
        var time: (hour: Int, minute: Int, second: Int)?
        var offset: Int?
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if let parsed = parseTime(token), time == nil {
                time = parsed.time
                if let zone = parsed.zone { offset = zone }
                continue
            }
            if token.first == "+" || token.first == "-", token.count >= 3, offset == nil || time != nil,
               token.dropFirst().allSatisfy(\.isASCIIDigit) {
                if let zone = parseNumericZone(token) { offset = zone }
                continue
            }
            if let number = Int(token), token.allSatisfy(\.isASCIIDigit) {
                place(number, digits: token.count, day: &day, month: month, year: &year)
                continue
            }
            let lower = token.lowercased()
            if month == nil, let found = monthNumber(lower) {
                month = found
                continue
            }
            if let zone = namedZones[lower], time != nil {
                offset = offset ?? zone
                continue
            }
            if lower.count == 1, time != nil, offset == nil {
                offset = 0  // Military zones are unreliable; RFC 5322 §4.3 says to read them as -0000.
            }
        }
        tokens.removeAll()
        return instant(day: day, month: month, year: year, time: time, offset: offset)
    }

    static func instant(day: Int?, month: Int?, year: Int?, time: (hour: Int, minute: Int, second: Int)?,
                        offset: Int?) -> Date? {
        guard let day, let month, var year, (1...31).contains(day) else { return nil }
        // RFC 5322 §4.3: two-digit years below 50 are 20xx, others 19xx; three-digit years add 1900.
        if year < 50 { year += 2000 } else if year < 100 { year += 1900 } else if year < 1000 { year += 1900 }
        guard (1000...9999).contains(year) else { return nil }
        let clock = time ?? (0, 0, 0)
        guard clock.hour < 24, clock.minute < 60, clock.second <= 60 else { return nil }
        let days = CivilDate.days(year: year, month: month, day: day)
        let seconds = days * 86_400 + clock.hour * 3_600 + clock.minute * 60 + min(clock.second, 59)
        return Date(timeIntervalSince1970: TimeInterval(seconds - (offset ?? 0)))
    }

    private static func tokenize(_ value: String) -> [Substring] {
        // Comments such as "(PST)" carry nothing the zone offset doesn't already say.
        var text = ""
        var depth = 0
        for character in value {
            if character == "(" { depth += 1; text.append(" "); continue }
            if character == ")" { depth = max(0, depth - 1); text.append(" "); continue }
            if depth == 0 { text.append(character) }
        }
        var tokens: [Substring] = []
        for piece in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," || $0 == "\r" || $0 == "\n" }) {
            // ISO 8601 "2025-01-06T10:15:00Z" and "6-Jan-2025" split into their fields.
            if piece.contains("-"), !piece.hasPrefix("-"), piece.filter({ $0 == "-" }).count == 2 {
                var fields = piece.split(separator: "-", omittingEmptySubsequences: false)
                if let last = fields.last, let tee = last.firstIndex(where: { $0 == "T" || $0 == "t" }) {
                    fields[fields.count - 1] = last[..<tee]
                    tokens.append(contentsOf: reorderISO(fields))
                    tokens.append(last[last.index(after: tee)...])
                    continue
                }
                tokens.append(contentsOf: reorderISO(fields))
                continue
            }
            if piece.hasSuffix("."), piece.count > 1 { tokens.append(piece.dropLast()); continue }
            tokens.append(piece)
        }
        return tokens
    }

    /// "2025-01-06" → day, month name position, year: emitted as "06", "1", "2025" in an order the main loop reads.
    private static func reorderISO(_ fields: [Substring]) -> [Substring] {
        guard fields.count == 3 else { return fields }
        if fields[0].count == 4, let month = Int(fields[1]), (1...12).contains(month) {
            return [fields[2], Substring(monthNames[month - 1]), fields[0]]
        }
        return fields
    }

    private static func parseTime(_ token: Substring) -> (time: (Int, Int, Int), zone: Int?)? {
        guard token.contains(":") else { return nil }
        var body = token
        var zone: Int?
        if body.hasSuffix("Z") || body.hasSuffix("z") {
            body = body.dropLast()
            zone = 0
        } else if let sign = body.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            zone = parseNumericZone(body[sign...])
            body = body[..<sign]
        }
        let parts = body.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count) else { return nil }
        var numbers: [Int] = []
        for part in parts {
            let digits = part.split(separator: ".").first ?? part  // fractional seconds
            guard let number = Int(digits), digits.count <= 2 else { return nil }
            numbers.append(number)
        }
        return ((numbers[0], numbers[1], numbers.count == 3 ? numbers[2] : 0), zone)
    }

    private static func parseNumericZone(_ token: Substring) -> Int? {
        let sign = token.first == "-" ? -1 : 1
        let digits = token.dropFirst().filter(\.isASCIIDigit)
        guard let value = Int(digits) else { return nil }
        let (hours, minutes) = digits.count <= 2 ? (value, 0) : (value / 100, value % 100)
        guard hours <= 23, minutes < 60 else { return nil }
        return sign * (hours * 3_600 + minutes * 60)
    }

    static let monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    private static func monthNumber(_ lower: String) -> Int? {
        guard lower.count >= 3 else { return nil }
        let prefix = lower.prefix(3)
        guard let index = monthNames.firstIndex(where: { $0 == prefix }) else { return nil }
        return index + 1
    }

    /// Where a number that is neither a time nor a zone goes: three or more digits, or a number after day and
    /// month, is the year; otherwise the day, then the year.
    static func place(_ number: Int, digits: Int, day: inout Int?, month: Int?, year: inout Int?) {
        if digits >= 3 || (day != nil && month != nil && year == nil) {
            if year == nil { year = number } else if day == nil { day = number }
        } else if day == nil {
            day = number
        } else if year == nil {
            year = number
        }
    }

    static let namedZones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0, "edt": -4 * 3_600, "est": -5 * 3_600, "cdt": -5 * 3_600,
        "cst": -6 * 3_600, "mdt": -6 * 3_600, "mst": -7 * 3_600, "pdt": -7 * 3_600, "pst": -8 * 3_600,
        "bst": 3_600, "cet": 3_600, "cest": 7_200, "met": 3_600, "mest": 7_200, "eet": 7_200, "eest": 10_800,
        "jst": 9 * 3_600, "ist": 19_800, "hkt": 8 * 3_600, "kst": 9 * 3_600, "wet": 0, "west": 3_600,
    ]
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

import Foundation

/// The date rules of ``DateParser/parseCharacters(_:)``, read from ASCII bytes without building Characters, Substrings
/// or Strings: a Date header is parsed for every message, and the Character path cost tens of microseconds.
///
/// For ASCII without a CR LF pair, every Character is one byte, so each step below is the byte-for-byte image of the
/// step of the Character path (a CR LF pair is one Character there, and is left to that path). Tests compare both.
extension DateParser {
    enum FastResult {
        case parsed(Date?)
        /// Not plain ASCII (or holds a CR LF pair): read it with the Character path.
        case notASCII
    }

    /// RFC 5322 §3.3 and §4.3, as ``parseCharacters(_:)`` reads them.
    static func parseASCII(_ value: UnsafeBufferPointer<UInt8>) -> FastResult {
        var previous: UInt8 = 0
        for byte in value {
            if byte >= 0x80 || (previous == ASCII.cr && byte == ASCII.lf) { return .notASCII }
            previous = byte
        }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(value.count, 1)) { buffer in
            // Comments such as "(PST)" carry nothing the zone offset doesn't already say.
            var length = 0
            var depth = 0
            for byte in value {
                if byte == ASCII.openParen {
                    depth += 1
                    buffer[length] = ASCII.space
                    length += 1
                } else if byte == ASCII.closeParen {
                    depth = max(0, depth - 1)
                    buffer[length] = ASCII.space
                    length += 1
                } else if depth == 0 {
                    buffer[length] = byte
                    length += 1
                }
            }
            let text = UnsafeBufferPointer(rebasing: buffer[..<length])
            var fields = DateFields()
            var start = 0
            for index in 0...length where index == length || isSeparator(text[index]) {
                if index > start { fields.read(piece: UnsafeBufferPointer(rebasing: text[start..<index])) }
                start = index + 1
            }
            return .parsed(instant(day: fields.day, month: fields.month, year: fields.year, time: fields.time,
                                   offset: fields.offset))
        }
    }

    @inline(__always)
    static func isSeparator(_ byte: UInt8) -> Bool {
        byte == ASCII.space || byte == ASCII.tab || byte == ASCII.comma || byte == ASCII.cr || byte == ASCII.lf
    }

    /// `Int(text)`: an optional sign, then at least one digit, within `Int`'s range.
    static func integer(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        var negative = false
        if let first = token.first, first == 0x2B || first == ASCII.hyphen {
            negative = first == ASCII.hyphen
            index = 1
        }
        guard index < token.count else { return nil }
        var value = 0
        while index < token.count {
            let digit = token[index] &- 0x30
            guard digit < 10 else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(Int(digit))
                : shifted.addingReportingOverflow(Int(digit))
            guard !overflow, !overflow2 else { return nil }
            value = next
            index += 1
        }
        return value
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    static func allDigits(_ token: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in token where !isDigit(byte) { return false }
        return true
    }

    /// "+0100", "-08", "+01:00" (non-digits after the sign are skipped, as `parseNumericZone` skips them).
    static func numericZone(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let first = token.first else { return nil }
        let sign = first == ASCII.hyphen ? -1 : 1
        var value = 0
        var digits = 0
        for byte in token.dropFirst() where isDigit(byte) {
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = shifted.addingReportingOverflow(Int(byte &- 0x30))
            guard !overflow, !overflow2 else { return nil }
            value = next
            digits += 1
        }
        guard digits > 0 else { return nil }
        let (hours, minutes) = digits <= 2 ? (value, 0) : (value / 100, value % 100)
        guard hours <= 23, minutes < 60 else { return nil }
        return sign * (hours * 3_600 + minutes * 60)
    }

    /// "10:15", "10:15:00", "10:15:00.25", with a "Z" or numeric zone glued on ("10:15:00+01:00", ISO 8601).
    static func time(_ token: UnsafeBufferPointer<UInt8>) -> (time: (Int, Int, Int), zone: Int?)? {
        guard token.contains(ASCII.colon) else { return nil }
        var body = token
        var zone: Int?
        if let last = token.last, last == 0x5A || last == 0x7A {
            body = UnsafeBufferPointer(rebasing: token[..<(token.count - 1)])
            zone = 0
        } else if let sign = token.lastIndex(where: { $0 == 0x2B || $0 == ASCII.hyphen }) {
            zone = numericZone(UnsafeBufferPointer(rebasing: token[sign...]))
            body = UnsafeBufferPointer(rebasing: token[..<sign])
        }
        var numbers = (0, 0, 0)
        var count = 0
        var start = 0
        for index in 0...body.count where index == body.count || body[index] == ASCII.colon {
            count += 1
            guard count <= 3 else { return nil }
            let part = UnsafeBufferPointer(rebasing: body[start..<index])
            // The first non-empty run before a dot (fractional seconds), else the whole part.
            var digits = part
            var runStart = 0
            for position in 0...part.count where position == part.count || part[position] == ASCII.dot {
                if position > runStart {
                    digits = UnsafeBufferPointer(rebasing: part[runStart..<position])
                    break
                }
                runStart = position + 1
            }
            guard digits.count <= 2, let number = integer(digits) else { return nil }
            switch count {
            case 1: numbers.0 = number
            case 2: numbers.1 = number
            default: numbers.2 = number
            }
            start = index + 1
        }
        guard count >= 2 else { return nil }
        return (numbers, zone)
    }

    /// The month of a token starting with a month's three-letter name, in any case.
    static func monthNumber(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
        guard token.count >= 3 else { return nil }
        let key = Int(ASCII.lowercased(token[0])) << 16 | Int(ASCII.lowercased(token[1])) << 8
            | Int(ASCII.lowercased(token[2]))
        return monthKeys[key]
    }

    static func namedZone(_ token: UnsafeBufferPointer<UInt8>) -> Int? {
        guard (1...4).contains(token.count) else { return nil }
        var key = token.count
        for byte in token { key = key << 8 | Int(ASCII.lowercased(byte)) }
        return zoneKeys[key]
    }

    private static let monthKeys: [Int: Int] = Dictionary(
        uniqueKeysWithValues: monthNames.enumerated().map { index, name in
            let bytes = Array(name.utf8)
            return (Int(bytes[0]) << 16 | Int(bytes[1]) << 8 | Int(bytes[2]), index + 1)
        }
    )

    private static let zoneKeys: [Int: Int] = Dictionary(uniqueKeysWithValues: namedZones.map { name, offset in
        var key = name.utf8.count
        for byte in name.utf8 { key = key << 8 | Int(byte) }
        return (key, offset)
    })
}

/// What the tokens of a date have said so far; each token is read as ``DateParser/parseCharacters(_:)``'s loop
/// reads it.
struct DateFields {
    var day: Int?
    var month: Int?
    var year: Int?
    var time: (hour: Int, minute: Int, second: Int)?
    var offset: Int?

    /// One whitespace- or comma-separated piece: ISO "2025-01-06T10:15:00Z" and "6-Jan-2025" split into fields, a
    /// trailing dot dropped.
    mutating func read(piece: UnsafeBufferPointer<UInt8>) {
        var dashes = 0
        var firstDash = 0
        var secondDash = 0
        for index in piece.indices where piece[index] == ASCII.hyphen {
            dashes += 1
            if dashes == 1 { firstDash = index } else if dashes == 2 { secondDash = index }
        }
        if dashes == 2, piece[0] != ASCII.hyphen {
            let first = UnsafeBufferPointer(rebasing: piece[..<firstDash])
            let second = UnsafeBufferPointer(rebasing: piece[(firstDash + 1)..<secondDash])
            let last = UnsafeBufferPointer(rebasing: piece[(secondDash + 1)...])
            if let tee = last.firstIndex(where: { $0 == 0x54 || $0 == 0x74 }) {
                readISO(first, second, UnsafeBufferPointer(rebasing: last[..<tee]))
                read(UnsafeBufferPointer(rebasing: last[(tee + 1)...]))
            } else {
                readISO(first, second, last)
            }
            return
        }
        if piece.count > 1, piece[piece.count - 1] == ASCII.dot {
            read(UnsafeBufferPointer(rebasing: piece[..<(piece.count - 1)]))
            return
        }
        read(piece)
    }

    /// "2025-01-06" is read as "06", "jan", "2025"; other dashed triples field by field.
    private mutating func readISO(_ first: UnsafeBufferPointer<UInt8>, _ second: UnsafeBufferPointer<UInt8>,
                                  _ third: UnsafeBufferPointer<UInt8>) {
        if first.count == 4, let number = DateParser.integer(second), (1...12).contains(number) {
            read(third)
            if month == nil { month = number }  // what the month's name token does
            read(first)
            return
        }
        read(first)
        read(second)
        read(third)
    }

    mutating func read(_ token: UnsafeBufferPointer<UInt8>) {
        if time == nil, let parsed = DateParser.time(token) {
            time = parsed.time
            if let zone = parsed.zone { offset = zone }
            return
        }
        if let first = token.first, first == 0x2B || first == ASCII.hyphen, token.count >= 3,
           offset == nil || time != nil, DateParser.allDigits(UnsafeBufferPointer(rebasing: token.dropFirst())) {
            if let zone = DateParser.numericZone(token) { offset = zone }
            return
        }
        if !token.isEmpty, DateParser.allDigits(token), let number = DateParser.integer(token) {
            DateParser.place(number, digits: token.count, day: &day, month: month, year: &year)
            return
        }
        if month == nil, let found = DateParser.monthNumber(token) {
            month = found
            return
        }
        if time != nil, let zone = DateParser.namedZone(token) {
            offset = offset ?? zone
            return
        }
        if token.count == 1, time != nil, offset == nil {
            offset = 0  // Military zones are unreliable; RFC 5322 §4.3 says to read them as -0000.
        }
    }
}

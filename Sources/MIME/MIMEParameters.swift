/// The parameters of a structured header such as Content-Type or Content-Disposition, decoded: RFC 2045 §5.1
/// quoting, RFC 2231 continuations and charsets, and RFC 2047 words inside quoted values, which real mail uses.
public struct MIMEParameters: Sendable, Equatable {
    /// Name (lowercased) and decoded value, in the order the names first appeared.
    public private(set) var entries: [(name: String, value: String)]
    /// True when a name appeared twice with different values; the first one is kept.
    public private(set) var hasConflict: Bool

    public init(entries: [(name: String, value: String)] = [], hasConflict: Bool = false) {
        self.entries = entries
        self.hasConflict = hasConflict
    }

    public subscript(name: String) -> String? {
        let lower = name.asciiLowercased
        return entries.first { $0.name == lower }?.value
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.name == $1.name && $0.value == $1.value }
    }
}

/// Splits `value; name=value; …` header values. Tolerates what mailers get wrong: unquoted values with spaces,
/// missing closing quotes, stray semicolons, backslashes in Windows paths.
enum ParameterParser {
    struct RawParameter {
        var name: String
        var value: [UInt8]
    }

    /// The main value before the first ";" (trimmed) and the decoded parameters after it.
    static func parse(_ bytes: ArraySlice<UInt8>) -> (value: ArraySlice<UInt8>, parameters: MIMEParameters) {
        let end = bytes.endIndex
        var index = bytes.startIndex
        while index < end, bytes[index] != ASCII.semicolon { index += 1 }
        let value = ASCII.trimmed(bytes[bytes.startIndex..<index])
        var raw: [RawParameter] = []
        while index < end {
            while index < end, ASCII.isWhitespace(bytes[index]) || bytes[index] == ASCII.semicolon { index += 1 }
            let nameStart = index
            while index < end, bytes[index] != ASCII.equals, bytes[index] != ASCII.semicolon { index += 1 }
            let name = ASCII.trimmed(bytes[nameStart..<index])
            guard index < end, bytes[index] == ASCII.equals else { continue }  // junk without "=": skipped
            index += 1
            while index < end, ASCII.isBlank(bytes[index]) { index += 1 }
            var parameterValue: [UInt8] = []
            if index < end, bytes[index] == ASCII.quote {
                index += 1
                while index < end, bytes[index] != ASCII.quote {
                    // A backslash escapes the next byte (RFC 5322 quoted-pair), except before a byte that needs no
                    // escaping: then it is a Windows path separator written unescaped.
                    if bytes[index] == ASCII.backslash, index + 1 < end,
                       bytes[index + 1] == ASCII.quote || bytes[index + 1] == ASCII.backslash {
                        index += 1
                    }
                    parameterValue.append(bytes[index])
                    index += 1
                }
                index += 1
                while index < end, bytes[index] != ASCII.semicolon { index += 1 }
            } else {
                let valueStart = index
                while index < end, bytes[index] != ASCII.semicolon { index += 1 }
                parameterValue = Array(ASCII.trimmed(bytes[valueStart..<index]))
            }
            if !name.isEmpty {
                raw.append(RawParameter(name: String(decoding: name, as: UTF8.self).asciiLowercased,
                                        value: parameterValue))
            }
        }
        return (value, assemble(raw))
    }

    private struct Segment {
        var index: Int
        var extended: Bool
        var value: [UInt8]
    }

    /// Joins RFC 2231 continuations (`name*0*=…; name*1=…`), decodes their charset, and decodes plain values.
    static func assemble(_ raw: [RawParameter]) -> MIMEParameters {
        var order: [String] = []
        var plain: [String: [UInt8]] = [:]
        var segments: [String: [Segment]] = [:]
        var conflict = false
        for parameter in raw {
            var name = Substring(parameter.name)
            var extended = false
            var segmentIndex: Int?
            if name.hasSuffix("*") {
                extended = true
                name = name.dropLast()
            }
            if let star = name.lastIndex(of: "*"), let number = Int(name[name.index(after: star)...]) {
                segmentIndex = number
                name = name[..<star]
            }
            let base = String(name)
            if !order.contains(base) { order.append(base) }
            if extended || segmentIndex != nil {
                let segment = Segment(index: segmentIndex ?? 0, extended: extended, value: parameter.value)
                if segments[base, default: []].contains(where: { $0.index == segment.index }) {
                    conflict = true
                } else {
                    segments[base, default: []].append(segment)
                }
            } else if let existing = plain[base] {
                if existing != parameter.value { conflict = true }
            } else {
                plain[base] = parameter.value
            }
        }
        var entries: [(name: String, value: String)] = []
        for name in order {
            if let parts = segments[name] {
                entries.append((name, decodeSegments(parts.sorted { $0.index < $1.index })))
            } else if let value = plain[name] {
                entries.append((name, decodePlain(value)))
            }
        }
        return MIMEParameters(entries: entries, hasConflict: conflict)
    }

    /// RFC 2231 §4: the first extended segment may start with `charset'language'`; extended segments are
    /// percent-encoded, the others are taken as they are.
    private static func decodeSegments(_ segments: [Segment]) -> String {
        var charset: String?
        var bytes: [UInt8] = []
        for (position, segment) in segments.enumerated() {
            var value = ArraySlice(segment.value)
            if position == 0, segment.extended {
                let apostrophes = value.indices.filter { value[$0] == ASCII.apostrophe }
                if apostrophes.count >= 2 {
                    charset = String(decoding: value[value.startIndex..<apostrophes[0]], as: UTF8.self)
                    value = value[(apostrophes[1] + 1)...]
                }
            }
            bytes.append(contentsOf: segment.extended ? percentDecode(value) : Array(value))
        }
        if let label = charset, !label.isEmpty {
            return CharsetDecoding.decode(bytes, label: label).text
        }
        if EncodedWord.containsEncodedWordStart(bytes) { return EncodedWord.decodeUnstructured(bytes) }
        return ASCII.string(bytes)
    }

    private static func decodePlain(_ value: [UInt8]) -> String {
        // RFC 2047 words inside quoted parameter values are forbidden (§5) and common (Outlook, Gmail web).
        EncodedWord.decodeUnstructured(value)
    }

    static func percentDecode(_ value: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(value.count)
        var index = value.startIndex
        while index < value.endIndex {
            if value[index] == ASCII.percent, index + 2 < value.endIndex,
               let high = ASCII.hexValue(value[index + 1]), let low = ASCII.hexValue(value[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(value[index])
                index += 1
            }
        }
        return output
    }
}

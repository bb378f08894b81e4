import Foundation

/// A line (or a few) that introduces quoted or forwarded text, as ``QuoteSplitter`` recognises it.
enum QuoteMarker: Equatable {
    /// `On <date>, <name> wrote:` and its translations, over `lineCount` lines when the client wrapped it.
    case attribution(lineCount: Int)
    /// An Outlook header block, an underscore line before one, or an original/forwarded message banner.
    case separator

    var lineCount: Int {
        switch self {
        case .attribution(let lineCount): lineCount
        case .separator: 1
        }
    }

    /// The marker starting at `lines[index]`, looking past leading whitespace and `>`.
    static func detect(in lines: [Substring], at index: Int) -> QuoteMarker? {
        let line = TextLines.trimmed(TextLines.unquoted(lines[index]))
        guard !line.isEmpty, TextLines.characterCount(of: line, isAtMost: 400) else { return nil }
        if isBanner(line) || isHeaderBlock(in: lines, at: index) {
            return .separator
        }
        // All underscores: as many characters as bytes.
        if line.utf8.count >= 8, line.utf8.allSatisfy({ $0 == UInt8(ascii: "_") }) {
            // Outlook's separator; only trusted when a header block follows, since people draw lines too.
            let following = lines[(index + 1)...].prefix(3)
            if let next = following.firstIndex(where: { !TextLines.isBlank($0) }), isHeaderBlock(in: lines, at: next) {
                return .separator
            }
            return nil
        }
        return attribution(in: lines, at: index, firstLine: line)
    }

    // MARK: Banners

    /// `-----Original Message-----`, `---------- Forwarded message ---------`, `Begin forwarded message:`, …
    private static func isBanner(_ line: Substring) -> Bool {
        // Lower-casing keeps `-` and `:`, so a line that neither starts with "--" nor ends with ":" is no banner.
        let answer = UTF8Text.withBytes(line) { bytes -> Bool? in
            let dashed = bytes.count >= 2 && bytes[0] == UInt8(ascii: "-") && bytes[1] == UInt8(ascii: "-")
            guard dashed || bytes.last == UInt8(ascii: ":") else { return false }
            return bytes.allSatisfy { $0 < 0x80 } ? isASCIIBanner(Array(bytes)) : nil
        }
        return answer ?? isCharacterBanner(line)
    }

    /// ``isBanner(_:)`` for an ASCII line (trimmed, so it ends with neither whitespace nor CR or LF): in ASCII a
    /// character is a byte, and of `dashesAndWhitespace` only `-`, space and tab are ASCII.
    static func isASCIIBanner(_ bytes: [UInt8]) -> Bool {
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        if lowered.starts(with: [UInt8(ascii: "-"), UInt8(ascii: "-")]) {
            func trims(_ byte: UInt8) -> Bool { byte == UInt8(ascii: "-") || byte == 0x20 || byte == 0x09 }
            guard let first = lowered.firstIndex(where: { !trims($0) }),
                  let last = lowered.lastIndex(where: { !trims($0) }) else { return dashedBanners.contains("") }
            return dashedBanners.contains(String(decoding: lowered[first...last], as: UTF8.self))
        }
        guard lowered.last == UInt8(ascii: ":") else { return false }
        let title = TextLines.trimmed(Substring(String(decoding: lowered.dropLast(), as: UTF8.self)))
        return forwardIntroductions.contains(String(title))
    }

    /// ``isBanner(_:)`` by `Character`s.
    static func isCharacterBanner(_ line: Substring) -> Bool {
        let lowered = line.lowercased()
        if lowered.hasPrefix("--") {
            return dashedBanners.contains(lowered.trimmingCharacters(in: dashesAndWhitespace))
        }
        guard lowered.hasSuffix(":") else { return false }
        let title = TextLines.trimmed(Substring(lowered.dropLast()))
        return forwardIntroductions.contains(String(title))
    }

    private static let dashesAndWhitespace = CharacterSet(charactersIn: "-").union(.whitespaces)

    private static let dashedBanners: Set<String> = [
        "original message", "forwarded message", "ursprüngliche nachricht", "weitergeleitete nachricht",
        "message d'origine", "message d’origine", "message transféré", "mensaje original", "mensaje reenviado",
        "oorspronkelijk bericht", "doorgestuurd bericht", "messaggio originale", "messaggio inoltrato",
        "mensagem original", "mensagem encaminhada", "ursprungligt meddelande", "vidarebefordrat meddelande",
    ]

    /// Apple Mail's forwarding line without dashes.
    private static let forwardIntroductions: Set<String> = [
        "begin forwarded message", "anfang der weitergeleiteten nachricht", "début du message réexpédié",
        "inicio del mensaje reenviado", "comienzo del mensaje reenviado", "begin doorgestuurd bericht",
        "inizio messaggio inoltrato", "início da mensagem reencaminhada", "mensagem encaminhada",
    ]

    // MARK: Attributions

    /// How an attribution starts and which verb it uses; `nameFollows` when the sender comes after the verb.
    struct AttributionPattern {
        var prefix: String
        var verb: String
        var nameFollows: Bool
    }

    static let attributionPatterns: [AttributionPattern] = [
        AttributionPattern(prefix: "on ", verb: "wrote", nameFollows: false),
        AttributionPattern(prefix: "am ", verb: "schrieb", nameFollows: true),
        AttributionPattern(prefix: "le ", verb: "a écrit", nameFollows: false),
        AttributionPattern(prefix: "el ", verb: "escribió", nameFollows: false),
        AttributionPattern(prefix: "op ", verb: "schreef", nameFollows: true),
        AttributionPattern(prefix: "il ", verb: "ha scritto", nameFollows: false),
        AttributionPattern(prefix: "em ", verb: "escreveu", nameFollows: false),
        AttributionPattern(prefix: "den ", verb: "skrev", nameFollows: true),
    ]

    /// Gmail and Apple Mail wrap long attributions, so up to three consecutive lines are read as one.
    /// `firstLine` is `lines[index]` trimmed and unquoted.
    private static func attribution(in lines: [Substring], at index: Int,
                                    firstLine trimmed: Substring) -> QuoteMarker? {
        guard mayStartAttribution(trimmed) else { return nil }
        // Every form ends with a colon on one of the three lines.
        guard lines[index..<min(index + 3, lines.count)].contains(where: mayEndAttribution) else { return nil }
        let first = trimmed.lowercased()
        let dateLed = first.first?.isNumber == true
        guard dateLed || attributionPatterns.contains(where: { first.hasPrefix($0.prefix) }) else { return nil }
        var joined = ""
        for offset in 0..<3 where index + offset < lines.count {
            let line = TextLines.trimmed(TextLines.unquoted(lines[index + offset]))
            guard !line.isEmpty, TextLines.characterCount(of: line, isAtMost: 300) else { return nil }
            joined += (offset == 0 ? "" : " ") + line.lowercased()
            if isAttribution(joined) || (dateLed && isDateLedAttribution(joined)) {
                return .attribution(lineCount: offset + 1)
            }
            if joined.hasSuffix(":") { return nil }
        }
        return nil
    }

    /// A cheap test that rules out most lines: an attribution starts with a digit or with one of the patterns'
    /// ASCII prefixes. Anything that starts with a non-ASCII byte (a digit of another script, or a letter whose
    /// lower case is ASCII, such as the Kelvin sign) gets the full test.
    static func mayStartAttribution(_ line: Substring) -> Bool {
        // The first four bytes, lower-cased, packed into an integer (first byte lowest), and how many there are.
        var packed: UInt32 = 0
        var count = 0
        let ascii = UTF8Text.withBytes(line) { bytes in
            for byte in bytes.prefix(4) {
                if byte >= 0x80 { return false }
                packed |= UInt32(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) << (8 * count)
                count += 1
            }
            return true
        }
        guard ascii else { return true }
        guard count > 0 else { return false }
        let first = packed & 0xFF
        if first >= 0x30 && first <= 0x39 { return true }
        return attributionPrefixes.contains { prefix in
            // Compared over the bytes there are; a line shorter than a prefix can't match it.
            count >= prefix.count && packed & prefix.mask == prefix.packed
        }
    }

    /// The patterns' prefixes (each at most four ASCII bytes) packed as ``mayStartAttribution(_:)`` packs a line.
    private static let attributionPrefixes: [(packed: UInt32, mask: UInt32, count: Int)] = attributionPatterns.map {
        let bytes = Array($0.prefix.utf8)
        precondition(bytes.count <= 4 && bytes.allSatisfy { $0 < 0x80 })
        let packed = bytes.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * $1.offset) }
        let mask = bytes.count == 4 ? UInt32.max : (UInt32(1) << (8 * bytes.count)) - 1
        return (packed, mask, bytes.count)
    }

    /// Whether the line, trimmed, may end with a colon: its last byte that is not ASCII whitespace is `:`, or is
    /// not ASCII (where trimming by `Character` could end elsewhere).
    static func mayEndAttribution(_ line: Substring) -> Bool {
        for byte in line.utf8.reversed() where !TextLines.isASCIIWhitespace(byte) {
            return byte == UInt8(ascii: ":") || byte >= 0x80
        }
        return false
    }

    /// Android and Russian, Polish or Finnish clients put the date first: "02.04.2012 14:20 пользователь
    /// "Bob" <bob@example.com> написал:".
    private static func isDateLedAttribution(_ text: String) -> Bool {
        guard text.hasSuffix(":"), text.contains("@") || text.contains(":") else { return false }
        let body = TextLines.trimmed(Substring(text.dropLast()))
        return dateLedVerbs.contains { body.hasSuffix($0) }
    }

    private static let dateLedVerbs = [
        "wrote", "написал", "написала", "пишет", "schrieb", "a écrit", "escribió", "napisał", "napisała",
        "kirjoitti", "scrisse", "escreveu", "skrev", "schreef", "yazdı", "írta", "napsal",
    ]

    private static func isAttribution(_ text: String) -> Bool {
        guard text.hasSuffix(":"), text.contains(where: \.isNumber) else { return false }
        let body = TextLines.trimmed(Substring(text.dropLast()))
        return attributionPatterns.contains { pattern in
            guard body.hasPrefix(pattern.prefix) else { return false }
            guard pattern.nameFollows else { return body.hasSuffix(pattern.verb) }
            guard let verb = body.range(of: pattern.verb, options: .backwards) else { return false }
            return body.distance(from: verb.upperBound, to: body.endIndex) <= 100
        }
    }
}

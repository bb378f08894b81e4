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

    // MARK: Outlook header blocks

    enum HeaderRole {
        case sender, date, recipientOrSubject
    }

    /// `From:` followed within a few lines by a date header and a recipient or subject header.
    private static func isHeaderBlock(in lines: [Substring], at index: Int) -> Bool {
        guard let (role, value) = header(lines[index]), role == .sender, !value.isEmpty else { return false }
        var hasDate = false
        var hasRecipientOrSubject = false
        for line in lines[(index + 1)...].prefix(7) {
            switch header(line)?.role {
            case .date: hasDate = true
            case .recipientOrSubject: hasRecipientOrSubject = true
            case .sender: return false
            case nil: break
            }
            if hasDate && hasRecipientOrSubject { return true }
        }
        return false
    }

    /// Reads `Key: value`, tolerating `>`, bold markers (`*From:*`) and French spacing (`De :`).
    static func header(_ line: Substring) -> (role: HeaderRole, value: Substring)? {
        switch headerBytes(line) {
        case .header(let role, let value): (role, value)
        case .none: nil
        // No colon byte, no colon character.
        case .needsCharacters: line.utf8.contains(UInt8(ascii: ":")) ? characterHeader(line) : nil
        }
    }

    private enum HeaderScan {
        case header(HeaderRole, Substring)
        case none
        /// A non-ASCII byte where it could change which characters the line has.
        case needsCharacters
    }

    /// ``header(_:)`` on bytes, as far as they are ASCII: up to and just past the colon, where a byte is a character
    /// (lines have no CR or LF). Most lines end here at their first byte that can't be in a key.
    private static func headerBytes(_ line: Substring) -> HeaderScan {
        // Offsets into the line's bytes: the value's start, or what settled the line without one.
        enum Scan {
            case settled(HeaderScan)
            case value(HeaderRole, Int)
        }
        let scan = UTF8Text.withBytes(line) { bytes -> Scan in
            var start = 0
            while start < bytes.count {
                let byte = bytes[start]
                if byte >= 0x80 { return .settled(.needsCharacters) }
                guard TextLines.isASCIIWhitespace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "*")
                else { break }
                start += 1
            }
            // Every key is letters (the non-ASCII ones too), at most ``longestHeaderKey`` of them: anything else
            // settles it, whatever follows.
            var key: UInt64 = 0
            var keyLength = 0
            var colon: Int?
            var index = start
            for _ in 0..<24 where index < bytes.count {
                let byte = bytes[index]
                if byte >= 0x80 { return .settled(.needsCharacters) }
                if byte == UInt8(ascii: ":") {
                    colon = index
                    break
                }
                if !TextLines.isASCIIWhitespace(byte) && byte != UInt8(ascii: "*") {
                    let lower = byte | 0x20
                    guard lower >= 0x61 && lower <= 0x7A, keyLength < longestHeaderKey else { return .settled(.none) }
                    key = key << 5 | UInt64(lower - 0x60)
                    keyLength += 1
                }
                index += 1
            }
            guard let colon else { return .settled(.none) }
            // A combining mark after the colon or after a `*` would make it another character.
            var valueStart = colon + 1
            while valueStart < bytes.count, bytes[valueStart] == UInt8(ascii: "*") { valueStart += 1 }
            if valueStart < bytes.count, bytes[valueStart] >= 0x80 { return .settled(.needsCharacters) }
            guard let role = asciiHeaderRoles[key] else { return .settled(.none) }
            return .value(role, valueStart)
        }
        switch scan {
        case .settled(let result):
            return result
        case .value(let role, let offset):
            // The bytes before the value are ASCII, so the offset is a character boundary.
            let utf8 = line.utf8
            return .header(role, TextLines.trimmed(line[utf8.index(utf8.startIndex, offsetBy: offset)...]))
        }
    }

    /// ``header(_:)`` by `Character`s.
    static func characterHeader(_ line: Substring) -> (role: HeaderRole, value: Substring)? {
        let content = line.drop(while: { $0.isWhitespace || $0 == ">" || $0 == "*" })
        guard let colon = content.prefix(24).firstIndex(of: ":") else { return nil }
        let key = content[..<colon].filter { !$0.isWhitespace && $0 != "*" }.lowercased()
        guard let role = headerRoles[key] else { return nil }
        let value = TextLines.trimmed(content[content.index(after: colon)...].drop(while: { $0 == "*" }))
        return (role, value)
    }

    /// The ASCII keys of ``headerRoles`` (all of them letters), packed five bits a letter (a = 1) into an integer.
    private static let asciiHeaderRoles: [UInt64: HeaderRole] = {
        var roles: [UInt64: HeaderRole] = [:]
        for (key, role) in headerRoles where key.utf8.allSatisfy({ $0 < 0x80 }) {
            precondition(key.utf8.allSatisfy { $0 >= 0x61 && $0 <= 0x7A } && key.utf8.count <= 12)
            roles[key.utf8.reduce(UInt64(0)) { $0 << 5 | UInt64($1 - 0x60) }] = role
        }
        return roles
    }()

    /// The length of the longest ASCII key.
    private static let longestHeaderKey = headerRoles.keys.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        .map(\.utf8.count).max() ?? 0

    /// Header names with spaces removed (`Enviado el` becomes `enviadoel`).
    private static let headerRoles: [String: HeaderRole] = {
        var roles: [String: HeaderRole] = [:]
        let senders = ["from", "von", "de", "van", "da", "från", "fra", "od"]
        let dates = [
            "sent", "date", "gesendet", "datum", "envoyé", "envoye", "enviadoel", "enviado", "fecha", "verzonden",
            "verstuurd", "inviato", "data", "enviadaem", "enviada", "skickat", "sendt",
        ]
        let recipientsAndSubjects = [
            "to", "cc", "subject", "an", "betreff", "à", "a", "objet", "para", "asunto", "aan", "onderwerp",
            "oggetto", "assunto", "till", "til", "ämne", "emne", "do", "temat",
        ]
        for key in senders { roles[key] = .sender }
        for key in dates { roles[key] = .date }
        for key in recipientsAndSubjects { roles[key] = .recipientOrSubject }
        return roles
    }()

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

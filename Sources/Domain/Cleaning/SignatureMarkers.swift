/// Lines that start a signature, shared by ``SignatureSplitter`` and ``QuoteSplitter``.
enum SignatureMarkers {
    /// The RFC 3676 §4.3 delimiter `-- `, also without its space since many clients and HTML rendering drop it.
    static func isDelimiter(_ line: Substring) -> Bool {
        // Compared as bytes: no other text is canonically equivalent to "-- " or "--". Trimmed by ASCII
        // whitespace on the bytes; only when what is left starts or ends with another byte could trimming by
        // `Character` (non-ASCII whitespace, a combining mark) end elsewhere.
        let answer = UTF8Text.withBytes(line) { bytes -> Bool? in
            if bytes.count == 3, bytes[0] == UInt8(ascii: "-"), bytes[1] == UInt8(ascii: "-"), bytes[2] == 0x20 {
                return true
            }
            var start = 0
            var end = bytes.count
            while start < end, TextLines.isASCIIWhitespace(bytes[start]) { start += 1 }
            while end > start, TextLines.isASCIIWhitespace(bytes[end - 1]) { end -= 1 }
            guard start == end || (bytes[start] < 0x80 && bytes[end - 1] < 0x80) else { return nil }
            return end - start == 2 && bytes[start] == UInt8(ascii: "-") && bytes[start + 1] == UInt8(ascii: "-")
        }
        return answer ?? characterIsDelimiter(line)
    }

    /// ``isDelimiter(_:)`` by `Character`s.
    static func characterIsDelimiter(_ line: Substring) -> Bool {
        line.utf8.elementsEqual("-- ".utf8) || TextLines.trimmed(line).utf8.elementsEqual("--".utf8)
    }

    /// "Sent from my iPhone", "Get Outlook for Android", "Von meinem iPhone gesendet", …
    static func isDeviceLine(_ line: Substring) -> Bool {
        let trimmed = TextLines.trimmed(line)
        // Every prefix starts with an ASCII letter; lower-casing keeps other ASCII bytes as they are.
        if let first = trimmed.utf8.first, first < 0x80, !devicePrefixInitials.contains(first | 0x20) { return false }
        guard TextLines.characterCount(of: trimmed, isAtMost: 80) else { return false }
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }) { return isASCIIDeviceLine(trimmed) }
        return isCharacterDeviceLine(trimmed)
    }

    /// ``isDeviceLine(_:)`` for a trimmed ASCII line: only the ASCII prefixes can start it, and they are compared
    /// with its bytes lower-cased, without making a lower-cased copy.
    static func isASCIIDeviceLine(_ trimmed: Substring) -> Bool {
        asciiDevicePrefixes.contains { prefix in
            trimmed.utf8.count >= prefix.count
                && zip(trimmed.utf8, prefix).allSatisfy { ($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) == $1 }
        }
    }

    /// ``isDeviceLine(_:)`` by `Character`s, for a trimmed line of at most 80 characters.
    static func isCharacterDeviceLine(_ trimmed: Substring) -> Bool {
        let lowered = trimmed.lowercased()
        return devicePrefixes.contains { lowered.hasPrefix($0) }
    }

    private static let asciiDevicePrefixes: [[UInt8]] = devicePrefixes.map { Array($0.utf8) }
        .filter { $0.allSatisfy { $0 < 0x80 } }

    /// A closing such as "Best regards," or "Thanks, Jane" on a line of its own.
    static func isClosing(_ line: Substring) -> Bool {
        let trimmed = TextLines.trimmed(line)
        guard !trimmed.isEmpty, TextLines.characterCount(of: trimmed, isAtMost: 60) else { return false }
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }) {
            return UTF8Text.withBytes(trimmed) { mayBeASCIIClosing($0) && isASCIIClosing(Array($0)) }
        }
        return isCharacterClosing(trimmed)
    }

    /// Whether a trimmed ASCII line is short enough where it counts to be a closing: the whole line, or what comes
    /// before its first comma, is no longer than the longest closing once the punctuation after it is left out.
    /// Most lines near the end of a mail are longer, and this spares them the lower-cased copy.
    static func mayBeASCIIClosing(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if endBeforeASCIIPunctuation(bytes, from: 0) <= longestASCIIClosing { return true }
        guard let comma = bytes.firstIndex(of: UInt8(ascii: ",")) else { return false }
        return endBeforeASCIIPunctuation(UnsafeBufferPointer(rebasing: bytes[..<comma]), from: 0)
            <= longestASCIIClosing
    }

    private static let longestASCIIClosing = closings.filter { $0.utf8.allSatisfy { $0 < 0x80 } }
        .map(\.utf8.count).max() ?? 0

    /// ``isClosing(_:)`` by `Character`s, for a trimmed line of at most 60 characters.
    static func isCharacterClosing(_ trimmed: Substring) -> Bool {
        let phrase = strippingPunctuation(trimmed.lowercased())
        if closings.contains(phrase) { return true }
        // "Thanks, Jane": a closing, a comma, and a name of at most three capitalised words.
        guard let comma = trimmed.firstIndex(of: ",") else { return false }
        let head = strippingPunctuation(trimmed[..<comma].lowercased())
        let name = trimmed[trimmed.index(after: comma)...].split(separator: " ")
        guard closings.contains(head), (1...3).contains(name.count) else { return false }
        return name.allSatisfy { word in
            word.first?.isUppercase == true && word.dropFirst().allSatisfy { $0.isLetter || $0 == "." || $0 == "-" }
        }
    }

    /// ``isClosing(_:)`` for a trimmed ASCII line, on its bytes: in ASCII a character is a byte (lines have no
    /// CR or LF), upper case is A-Z and letters are A-Z and a-z.
    static func isASCIIClosing(_ bytes: [UInt8]) -> Bool {
        let lowered = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        if closings.contains(strippingASCIIPunctuation(lowered[...])) { return true }
        // "Thanks, Jane": a closing, a comma, and a name of at most three capitalised words.
        guard let comma = bytes.firstIndex(of: UInt8(ascii: ",")),
              closings.contains(strippingASCIIPunctuation(lowered[..<comma])) else { return false }
        let name = bytes[(comma + 1)...].split(separator: UInt8(ascii: " "))
        guard (1...3).contains(name.count) else { return false }
        return name.allSatisfy { word in
            guard let first = word.first, first >= 0x41 && first <= 0x5A else { return false }
            return word.dropFirst().allSatisfy { byte in
                let lower = byte | 0x20
                return (lower >= 0x61 && lower <= 0x7A) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-")
            }
        }
    }

    /// ``strippingPunctuation(_:)`` of ASCII text, from its bytes.
    static func strippingASCIIPunctuation(_ bytes: ArraySlice<UInt8>) -> String {
        bytes.withUnsafeBufferPointer { bytes in
            String(decoding: bytes[..<endBeforeASCIIPunctuation(bytes, from: 0)], as: UTF8.self)
        }
    }

    /// Where ASCII `bytes` from `start` end without the whitespace and punctuation that follow a closing (what
    /// ``strippingASCIIPunctuation(_:)`` keeps).
    static func endBeforeASCIIPunctuation(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var end = bytes.endIndex
        while end > start,
              TextLines.isASCIIWhitespace(bytes[end - 1]) || asciiClosingPunctuation.contains(bytes[end - 1]) {
            end -= 1
        }
        return end
    }

    private static let asciiClosingPunctuation: [UInt8] = closingPunctuation.compactMap(\.asciiValue)

    /// Lower-cased text without the punctuation that follows a closing ("Thanks!", "Regards,").
    static func strippingPunctuation(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace || closingPunctuation.contains(last) {
            text = text.dropLast()
        }
        return String(text)
    }

    private static let devicePrefixes: [String] = [
        "sent from my ", "sent from mail for windows", "sent from outlook", "sent from yahoo mail",
        "sent from gmail", "sent from the all new aol app", "sent from samsung", "sent with proton mail",
        "get outlook for ", "von meinem ", "gesendet von meinem ", "envoyé de mon ", "envoyé depuis mon ",
        "envoyé à partir de ", "enviado desde mi ", "enviado desde outlook", "verzonden vanaf mijn ",
        "verstuurd vanaf mijn ", "verzonden met ", "inviato da ", "inviato dal mio ", "enviado do meu ",
        "enviado de meu ", "skickat från min ", "sendt fra min ",
    ]

    private static let closingPunctuation: Set<Character> = [",", ".", "!", ":", ";", "-", "–", "—"]

    private static let devicePrefixInitials = Set(devicePrefixes.compactMap(\.utf8.first))

    private static let closings: Set<String> = [
        // English
        "best regards", "kind regards", "kindest regards", "warm regards", "warmest regards", "regards",
        "with best regards", "with kind regards", "best wishes", "all the best", "thanks", "thank you",
        "thanks again", "many thanks", "thanks in advance", "thank you in advance", "thanks a lot",
        "thanks so much", "thank you very much", "cheers", "best", "sincerely", "yours sincerely",
        "sincerely yours", "yours truly", "yours faithfully", "respectfully", "warmly", "take care", "thx",
        // German
        "mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße", "freundliche grüsse",
        "viele grüße", "viele grüsse", "beste grüße", "beste grüsse", "liebe grüße", "liebe grüsse",
        "herzliche grüße", "herzliche grüsse", "schöne grüße", "mit besten grüßen", "gruß", "gruss", "grüße",
        "lg", "vg", "mfg", "danke", "vielen dank", "besten dank",
        // French
        "cordialement", "bien cordialement", "très cordialement", "bien à vous", "salutations",
        "meilleures salutations", "sincères salutations", "merci", "merci beaucoup", "amicalement",
        "bonne journée",
        // Spanish
        "saludos", "un saludo", "saludos cordiales", "atentamente", "cordialmente", "gracias", "muchas gracias",
        "un abrazo",
        // Dutch
        "met vriendelijke groet", "met vriendelijke groeten", "vriendelijke groet", "vriendelijke groeten",
        "hartelijke groet", "groeten", "groet", "mvg", "bedankt", "alvast bedankt",
        // Italian and Portuguese
        "cordiali saluti", "distinti saluti", "saluti", "un saluto", "grazie", "atenciosamente", "cumprimentos",
        "obrigado", "obrigada", "abraços",
    ]
}

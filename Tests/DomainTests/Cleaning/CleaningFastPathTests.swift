@testable import Domain
import Testing

/// The quote and signature markers read ASCII lines as bytes and keep `Character` logic for the rest. These check
/// each byte path against its `Character` path (or the rule it replaced) on generated lines made of the pieces the
/// rules look for, in both cases, with the spacing, bold markers and punctuation mail has.
struct CleaningFastPathTests {
    private static let pieces = [
        " ", "  ", "\t", ">", "> ", "*", ":", " :", ",", ".", "!", "-", "--", "~", ";", "_", "1", "12", "2024",
        "From", "FROM", "from", "Sent", "Date", "To", "Cc", "Subject", "De", "Von", "Enviado el", "Datum", "An",
        "Betreff", "Objet", "Para", "Asunto", "wrote", "On", "on", "Am", "schrieb", "Le", "Den", "skrev", "Thanks",
        "thanks", "THANKS", "Best regards", "Kind Regards", "Cheers", "Regards", "Thank you", "Jane", "J.", "Doe",
        "Mary-Ann", "O'Neil", "jane", "Jane Doe", "Doe, Jane", "x", "a", "A", "Z", "http://example.com", "10:30",
        "é", "É", "Grüße", "à", "\u{301}", "\u{A0}", "\u{2003}", "–", "—", "東", "🧾", "K",
        "-----", "Original Message", "ORIGINAL message", "Forwarded message", "Begin forwarded message",
        "Mensagem encaminhada", "\u{B}", "Sent from my ", "SENT FROM MY ", "Sent from my", "iPhone",
        "Get Outlook for ", "Von meinem ", "Inviato da ", "Envoye de mon ", "sent with proton mail",
    ]

    private static func line(seed: UInt64, asciiOnly: Bool) -> Substring {
        var generator = CleaningPropertyTests.SeededGenerator(state: seed)
        let choices = asciiOnly ? pieces.filter { $0.utf8.allSatisfy { $0 < 0x80 } } : pieces
        let text = (0..<Int.random(in: 0...9, using: &generator))
            .map { _ in choices.randomElement(using: &generator)! }.joined()
        return Substring(text)
    }

    @Test(arguments: 0..<4_000)
    func headerAgreesWithCharacters(seed: UInt64) {
        let line = Self.line(seed: seed, asciiOnly: seed % 2 == 0)
        let fast = QuoteMarker.header(line)
        let slow = QuoteMarker.characterHeader(line)
        #expect(fast?.role == slow?.role && fast?.value == slow?.value, "\(line.debugDescription)")
    }

    @Test(arguments: 0..<4_000)
    func delimiterAgreesWithCharacters(seed: UInt64) {
        // Lines near the delimiter: dashes with whitespace, non-ASCII whitespace and combining marks around them.
        var generator = CleaningPropertyTests.SeededGenerator(state: seed)
        let near = [" ", "\t", "-", "--", "-- ", "\u{A0}", "\u{2003}", "\u{301}", "\u{B}", "x", "é"]
        let line = seed % 3 == 0 ? Self.line(seed: seed, asciiOnly: seed % 2 == 0)
            : Substring((0..<Int.random(in: 0...4, using: &generator))
                .map { _ in near.randomElement(using: &generator)! }.joined())
        #expect(SignatureMarkers.isDelimiter(line) == SignatureMarkers.characterIsDelimiter(line),
                "\(line.debugDescription)")
    }

    @Test(arguments: 0..<2_000)
    func senderNamesAgreeWithCharacters(seed: UInt64) {
        var generator = CleaningPropertyTests.SeededGenerator(state: seed)
        let parts = ["Jane", "Doe", " ", "  ", ",", ", ", "\"", "'", "O'Neil", "Mary-Ann", "@", "x.y", "\t", "J."]
        let name = (0..<Int.random(in: 0...7, using: &generator))
            .map { _ in parts.randomElement(using: &generator)! }.joined()
        #expect(SignatureSplitter.names(from: name) == SignatureSplitter.names(from: name, byCharacters: true),
                "\(name.debugDescription)")
    }

    /// The colon must come within the first 24 characters after the leading `>`, `*` and spaces.
    @Test(arguments: ["", " ", "*", "> ", "\t>* ", "\u{A0}", " \u{301}"])
    func headerKeepsTheColonWindow(_ lead: String) {
        for padding in 0...30 {
            for (filler, value) in [(" ", ": Jane"), ("*", ": Jane"), (" ", ":\u{301} Jane"), (" ", ":**\u{301}J")] {
                let line = Substring(lead + "From" + String(repeating: filler, count: padding) + value)
                let fast = QuoteMarker.header(line)
                let slow = QuoteMarker.characterHeader(line)
                #expect(fast?.role == slow?.role && fast?.value == slow?.value, "\(line.debugDescription)")
            }
        }
    }

    @Test(arguments: 0..<3_000)
    func asciiBannerAgreesWithCharacters(seed: UInt64) {
        var line = TextLines.trimmed(Self.line(seed: seed, asciiOnly: true))
        if seed % 3 == 0 { line = "--" + line }
        if seed % 3 == 1 { line += ":" }
        guard line.utf8.starts(with: "--".utf8) || line.utf8.last == UInt8(ascii: ":") else { return }
        #expect(QuoteMarker.isASCIIBanner(Array(line.utf8)) == QuoteMarker.isCharacterBanner(line),
                "\(line.debugDescription)")
    }

    @Test(arguments: [
        ("-----Original Message-----", true), ("-- \tForwarded MESSAGE --", true), ("---------- ----------", false),
        ("--", false), ("Begin forwarded message:", true), ("BEGIN  forwarded message :", false),
        ("Mensagem encaminhada:", true), ("Original Message:", false), ("--Original Message:", false),
    ])
    func asciiBanners(_ line: String, _ expected: Bool) {
        #expect(QuoteMarker.isASCIIBanner(Array(line.utf8)) == expected)
        #expect(QuoteMarker.isCharacterBanner(Substring(line)) == expected)
    }

    @Test(arguments: 0..<3_000)
    func asciiDeviceLineAgreesWithCharacters(seed: UInt64) {
        let trimmed = TextLines.trimmed(Self.line(seed: seed, asciiOnly: true))
        guard trimmed.count <= 80 else { return }
        #expect(SignatureMarkers.isASCIIDeviceLine(trimmed) == SignatureMarkers.isCharacterDeviceLine(trimmed),
                "\(trimmed.debugDescription)")
    }

    @Test(arguments: 0..<2_000)
    func asciiClosingAgreesWithCharacters(seed: UInt64) {
        let trimmed = TextLines.trimmed(Self.line(seed: seed, asciiOnly: true))
        guard !trimmed.isEmpty, trimmed.count <= 60 else { return }
        #expect(SignatureMarkers.isASCIIClosing(Array(trimmed.utf8)) == SignatureMarkers.isCharacterClosing(trimmed),
                "\(trimmed.debugDescription)")
        // With the length check in front.
        #expect(SignatureMarkers.isClosing(trimmed) == SignatureMarkers.isCharacterClosing(trimmed),
                "\(trimmed.debugDescription)")
    }

    /// The length check lets every closing through, however it is punctuated or signed.
    @Test func everyClosingPassesTheLengthCheck() {
        for closing in ["thank you in advance", "met vriendelijke groeten", "Met vriendelijke groeten",
                        "thank you in advance!!! ...", "Thank you in advance,  Jane Q. Public",
                        "met vriendelijke groeten, Jan", "Met vriendelijke groeten , Jan Vries"] {
            #expect(SignatureMarkers.isClosing(Substring(closing)), "\(closing)")
        }
        #expect(!SignatureMarkers.isClosing("met vriendelijke groetenx, Jan"))
    }

    @Test(arguments: 0..<2_000)
    func asciiNameTextAgreesWithCharacters(seed: UInt64) {
        let trimmed = TextLines.trimmed(Self.line(seed: seed, asciiOnly: seed % 2 == 0))
        #expect(SignatureSplitter.nameText(trimmed) == SignatureSplitter.characterNameText(trimmed),
                "\(trimmed.debugDescription)")
    }

    /// The rule `mayStartAttribution` replaced: the first four bytes lower-cased, a digit, or a pattern's prefix
    /// over the bytes there are; any non-ASCII byte among them says yes.
    @Test(arguments: 0..<2_000)
    func attributionStartAgreesWithTheByteRule(seed: UInt64) {
        let line = TextLines.trimmed(TextLines.unquoted(Self.line(seed: seed, asciiOnly: seed % 3 != 0)))
        var bytes: [UInt8] = []
        var expected: Bool?
        for byte in line.utf8.prefix(4) {
            if byte >= 0x80 { expected = true; break }
            bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        if expected == nil {
            if let first = bytes.first {
                expected = (first >= 0x30 && first <= 0x39) || QuoteMarker.attributionPatterns.contains {
                    let prefix = Array($0.prefix.utf8)
                    return bytes.count >= prefix.count && bytes.starts(with: prefix)
                }
            } else {
                expected = false
            }
        }
        #expect(QuoteMarker.mayStartAttribution(line) == expected, "\(line.debugDescription)")
    }

    /// An attribution's lines, joined lower-cased, end with a colon; the prefilter must let every line through
    /// whose part of that text could.
    @Test(arguments: 0..<2_000)
    func attributionEndFilterKeepsEveryColonLine(seed: UInt64) {
        let line = Self.line(seed: seed, asciiOnly: false) + (seed % 4 == 0 ? ":" : "")
        if TextLines.trimmed(TextLines.unquoted(line)).lowercased().hasSuffix(":") {
            #expect(QuoteMarker.mayEndAttribution(line), "\(line.debugDescription)")
        }
    }

    @Test func delimiterIsCompared() {
        #expect(SignatureMarkers.isDelimiter("-- "))
        #expect(SignatureMarkers.isDelimiter(" -- \t"))
        #expect(SignatureMarkers.isDelimiter("--"))
        #expect(!SignatureMarkers.isDelimiter("---"))
        #expect(!SignatureMarkers.isDelimiter("-- x"))
        #expect(!SignatureMarkers.isDelimiter("--\u{301}"))
    }
}

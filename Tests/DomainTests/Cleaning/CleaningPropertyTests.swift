import Domain
import Testing

/// Invariants checked on generated input: mail is hostile, and fixtures only cover what someone thought of.
struct CleaningPropertyTests {
    /// SplitMix64, so every run generates the same documents and a failure can be replayed by its seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static let htmlPieces = [
        "<p>", "</p>", "<div>", "</div>", "<br>", "<li>", "<ul>", "</ul>", "<ol start=x>", "</ol>", "<pre>",
        "</pre>", "<table>", "<tr>", "<td>", "</td>", "<a href=\"https://e.example/?a=1&amp;b\">", "</a>",
        "<a href='mailto:x@e.example'>", "<img alt=\"logo\">", "<!--", "-->", "<!--[if mso]>", "<![endif]-->",
        "<![if !mso]>", "<script>", "</script>", "<style>", "<head>", "</head>", "<o:p>", "</o:p>", "<",
        ">", "&", "&amp;", "&nbsp;", "&#x1F600;", "&#0;", "&#xD800", "&eacute", "&bogus;", " ", "\n", "\r\n",
        "\t", "\u{A0}", "Hello", "wörld", "東京", "👋🏽", "'", "\"", "=", "<![CDATA[", "]]>", "<!DOCTYPE html>",
        "<p class=MsoNormal>", "<span style=\"display:none\">", "</span>", "<h1>", "</h1>", "<hr>", "</",
    ]

    static let textPieces = [
        "Hello", "Thanks,", "Best regards,", "Jane Doe", "-- ", "--", "Sent from my iPhone", "> quoted",
        ">", "On Mon, Jan 6, 2025 at 10:15 AM Jane <j@e.example> wrote:", "From: Jane", "Sent: Monday 6",
        "To: John", "Subject: x", "________________________________", "-----Original Message-----",
        "Begin forwarded message:", " ", "\t", "Am 6. Jan. schrieb Jane:", "wrote:", "Jane",
    ]

    static func document<Generator: RandomNumberGenerator>(
        from pieces: [String], count: Int, separator: String, using generator: inout Generator
    ) -> String {
        (0..<count).map { _ in pieces.randomElement(using: &generator) ?? "" }.joined(separator: separator)
    }

    @Test(arguments: 0..<200)
    func renderedHTMLIsTidy(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        let html = Self.document(from: Self.htmlPieces, count: 60, separator: "", using: &generator)
        let text = HTMLText.render(html)
        #expect(!text.contains("\n\n\n"))
        #expect(!text.contains(" \n") && !text.contains("\t\n"))
        #expect(text.first.map { !$0.isWhitespace } ?? true)
        #expect(text.last.map { !$0.isWhitespace } ?? true)
        #expect(!text.contains("\r"))
        #expect(!text.contains("<o:p>") && !text.contains("[if mso]") && !text.contains("endif"))
    }

    @Test(arguments: 0..<200)
    func splittersKeepTheText(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        let body = Self.document(from: Self.textPieces, count: 25, separator: "\n", using: &generator)
        let lines = body.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n")

        let quote = QuoteSplitter.split(body)
        if let quoted = quote.quoted {
            #expect(!quote.newest.isEmpty)
            #expect(lines.hasPrefix(quote.newest))
            #expect(lines.trimmingSuffixWhitespace.hasSuffix(quoted))
        } else {
            #expect(quote.newest == body)
        }

        let signature = SignatureSplitter.split(quote.newest, senderName: "Jane Doe")
        if let trailer = signature.signature {
            #expect(!signature.body.isEmpty)
            #expect(quote.newest.hasPrefix(signature.body))
            #expect(quote.newest.trimmingSuffixWhitespace.hasSuffix(trailer))
        } else {
            #expect(signature.body == quote.newest)
        }
    }

    @Test(arguments: 0..<100)
    func sanitizedTextIsCleanAndStable(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        let units = (0..<200).map { _ in
            // Bias towards the interesting ranges: controls, surrogates and the ends of planes.
            switch Int.random(in: 0..<5, using: &generator) {
            case 0: UInt16.random(in: 0...0xA0, using: &generator)
            case 1: UInt16.random(in: 0xD800...0xDFFF, using: &generator)
            case 2: UInt16.random(in: 0xFDC0...0xFFFF, using: &generator)
            default: UInt16.random(in: 0...0xFFFF, using: &generator)
            }
        }
        let cleaned = TextSanitizer.clean(utf16: units)
        #expect(TextSanitizer.clean(cleaned) == cleaned)
        #expect(!cleaned.unicodeScalars.contains { scalar in
            let value = scalar.value
            return (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
                || (0xFDD0...0xFDEF).contains(value) || value & 0xFFFE == 0xFFFE
        })
        // Lone surrogates vanish instead of turning into replacement characters.
        #expect(cleaned.unicodeScalars.filter { $0 == "\u{FFFD}" }.count == units.filter { $0 == 0xFFFD }.count)
    }

    @Test(arguments: 0..<50)
    func languageDetectionNeverTraps(seed: UInt64) {
        var generator = SeededGenerator(state: seed)
        let text = String(String.UnicodeScalarView((0..<300).compactMap { _ in
            Unicode.Scalar(UInt32.random(in: 0x20...0x1_0000, using: &generator))
        }))
        let first = LanguageDetector.detect(text)
        #expect(LanguageDetector.detect(text) == first)
    }
}

private extension String {
    var trimmingSuffixWhitespace: Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)].isWhitespace {
            end = index(before: end)
        }
        return self[..<end]
    }
}

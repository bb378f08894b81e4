import Foundation
import Testing
@testable import MIME

/// Message-ID lists read from ASCII bytes must match the Character-level reading, and the first-id shortcuts the
/// full lists.
@Suite struct MessageIdentifiersTests {
    static let pieces = [
        "<", ">", "a@b", "x.y@example.com", " ", "\t", "\r\n", "\r", "\n", ",", "x", "<>", "\u{0B}", "\u{0C}", "\u{1C}",
        "\u{1F}", "\u{0}", "\u{7F}", "\u{85}", "\u{A0}", "é", "<a b>", "<a@b>", "<\u{301}", ">\u{301}", "phrase",
        "\u{2028}",
    ]

    /// What `strip` did before the ASCII path.
    static func referenceStrip(_ value: String) -> String {
        MessageIdentifiers.parseCharacters(value).first ?? value.trimmingASCIIWhitespace()
    }

    static func expectSame(_ value: String) {
        let reference = MessageIdentifiers.parseCharacters(value)
        #expect(MessageIdentifiers.parseList(value) == reference, "\(value.debugDescription)")
        #expect(MessageIdentifiers.strip(value) == referenceStrip(value), "\(value.debugDescription)")
        let bytes = ArraySlice(Array(value.utf8))
        let text = ASCII.string(bytes)
        let referenceOfBytes = MessageIdentifiers.parseCharacters(text)
        #expect(MessageIdentifiers.parseList(bytes: bytes) == referenceOfBytes, "\(value.debugDescription)")
        for limit in 0...2 {
            #expect(MessageIdentifiers.parseList(bytes: bytes, limit: limit) == Array(referenceOfBytes.prefix(limit)))
        }
        #expect(MessageIdentifiers.strip(bytes: bytes) == referenceStrip(text), "\(value.debugDescription)")
    }

    @Test(arguments: 0..<10)
    func generatedValuesReadAsTheCharacterPathReadsThem(seed: UInt64) {
        var generator = DateParserASCIITests.Generator(state: seed)
        for _ in 0..<3_000 {
            var value = ""
            for _ in 0..<Int.random(in: 0...10, using: &generator) {
                value += Self.pieces.randomElement(using: &generator)!
            }
            Self.expectSame(value)
        }
    }

    @Test func everyASCIIByteInsideAndOutsideBrackets() {
        for byte in UInt8(0)..<0x80 {
            let character = String(decoding: [byte], as: UTF8.self)
            for template in ["<aXb>", "X<a@b>X<c@d>", "aXb c", "<X>", "X", "a@b,Xc@d"] {
                Self.expectSame(template.replacingOccurrences(of: "X", with: character))
            }
        }
    }

    @Test func firstIdentifiersAreTheFirstOfTheLists() {
        let values = ["", "<a@b>", "<a@b> <c@d>", "x y", "<>", "< >\r\n <e@f>", "phrase <g@h> (c)", "<a\r\n b@c>"]
        for references in values {
            for second in values {
                for inReplyTo in values {
                    var header = ""
                    if !references.isEmpty { header += "References: \(references)\r\n" }
                    if !second.isEmpty { header += "References: \(second)\r\n" }
                    if !inReplyTo.isEmpty { header += "In-Reply-To: \(inReplyTo)\r\n" }
                    let message = MIMEMessage(parsing: Array((header + "\r\nbody").utf8))
                    #expect(message.firstReference == message.references.first, "\(header.debugDescription)")
                    #expect(message.firstInReplyTo == message.inReplyTo.first, "\(header.debugDescription)")
                }
            }
        }
    }
}

import Foundation
import Testing
@testable import MIME

/// The byte-level Date reader must give what the Character-level one gives, on every input.
@Suite struct DateParserASCIITests {
    /// The seeded SplitMix64 the other property tests use, so a failure can be replayed from its seed.
    typealias Generator = FuzzTests.Generator

    static let vocabulary = [
        "Mon", "mon,", "Monday", "Tue.", "6", "06", "0", "31", "32", "40", "1", "12", "13", "Jan", "JAN", "January",
        "jan.", "Foo", "Ju", "Sept", "2025", "25", "125", "99", "49", "50", "999", "10000", "99999999999999999999",
        "10:15", "10:15:00", "1:2:3", "10:15:00.25", "10:-5", "10:15:00Z", "10:15z", "10:15+0100", "10:15:00-08:00",
        ":", "10::", "10:15:00:00", "+5:00", ".5:10", "10:15.5.5", "24:00", "23:60:61", "10:15:60", "+1:30",
        "+0000", "-0800", "+01", "+2400", "-0060", "+0", "+", "-", "+-12",
        "+00000000000000000000000", "-99999999999999999999",
        "GMT", "gmt", "UT", "Z", "z", "EST", "pst", "A", "x", "CEST", "MEST", "(PST)", "(comment (nested))", ")", "(",
        "2025-01-06T10:15:00Z", "2025-13-06", "6-Jan-2025", "2025-+1-06", "2025--06", "a--T", "2025-01-06t1:2",
        "-2025-01-06", "1-2-3-4", "2025-01-06T", "2025-1-6T10:15:00+01:00", "06-01-2025", "25-01-06", ".", "..", "a.",
        "\u{0}", "\u{7F}", "\u{1B}", "é", "Jän", "10:15\u{301}", "日本",
    ]
    static let separators = [" ", ",", "\t", "  ", ", ", "\r", "\n", "\r\n", "", ".", "-", ":", "(", ")"]

    static func randomValue(_ generator: inout Generator) -> String {
        var value = ""
        for _ in 0..<Int.random(in: 0...9, using: &generator) {
            value += vocabulary.randomElement(using: &generator)!
            value += separators.randomElement(using: &generator)!
        }
        return value
    }

    static func expectSame(_ value: String) {
        #expect(DateParser.parse(value) == DateParser.parseCharacters(value), "\(value.debugDescription)")
        let bytes = ArraySlice(Array(value.utf8))
        #expect(DateParser.parse(bytes: bytes) == DateParser.parseCharacters(ASCII.string(bytes)),
                "\(value.debugDescription)")
    }

    @Test(arguments: 0..<10)
    func generatedValuesReadAsTheCharacterPathReadsThem(seed: UInt64) {
        var generator = Generator(state: seed)
        var parsed = 0
        for _ in 0..<3_000 {
            let value = Self.randomValue(&generator)
            Self.expectSame(value)
            if DateParser.parseCharacters(value) != nil { parsed += 1 }
        }
        #expect(parsed > 100)  // the generator reaches real dates, not only rejections
    }

    @Test func everyShortStringOfDateCharactersReadsAsTheCharacterPathReadsIt() {
        // CR and LF apart, so that CR LF pairs (one Character) are made too.
        let alphabet = ["0", "9", ":", "+", "-", " ", "(", ")", "T", "Z", ".", "a", "J", ",", "\r", "\n"]
        func visit(_ prefix: String, _ depth: Int) {
            Self.expectSame(prefix)
            guard depth > 0 else { return }
            for piece in alphabet { visit(prefix + piece, depth - 1) }
        }
        visit("", 3)
        for prefix in ["6 Jan 2025 ", "Mon, 6 Jan 2025 10:15:00 ", "2025-01-06T", "10:15 6 Jan 2025"] {
            visit(prefix, 3)
        }
    }

    @Test func everyASCIIByteInADate() {
        for byte in UInt8(0)..<0x80 {
            let character = String(decoding: [byte], as: UTF8.self)
            for template in ["Mon, 6 Jan 2025 10:15:00 +0000X", "X6 Jan 2025 10:15:00 GMT", "6 Jan 2025 10:15:00X",
                             "6 JanX2025 10X15:00", "2025-01-06TX10:15:00Z"] {
                Self.expectSame(template.replacingOccurrences(of: "X", with: character))
            }
        }
    }
}

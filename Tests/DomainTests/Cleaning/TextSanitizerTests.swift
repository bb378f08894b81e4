import Domain
import Testing

/// Swift's lexer rejects U+FDD0…U+FDEF in string literals, so those are built at run time.
private func scalar(_ value: UInt32) -> String {
    Unicode.Scalar(value).map { String(Character($0)) } ?? ""
}

struct TextSanitizerTests {
    struct Fixture: Sendable, CustomTestStringConvertible {
        var name: String
        var input: String
        var expected: String
        var testDescription: String { name }
    }

    static let fixtures: [Fixture] = [
        Fixture(
            name: "subject with controls and non-characters",
            input: "Re: Invoice\u{0001} #42\u{FFFE} 🧾\u{1FFFE} 請求書\u{10FFFF}\(scalar(0xFDD0)) done",
            expected: "Re: Invoice #42 🧾 請求書 done"
        ),
        Fixture(
            name: "tab and newline kept, CRLF and CR normalised",
            input: "a\tb\r\nc\rd\ne\r\r\nf",
            expected: "a\tb\nc\nd\ne\n\nf"
        ),
        Fixture(
            name: "DEL, C1 controls and the last non-character of the BMP",
            input: "x\u{7F}\u{80}\u{85}\u{9F}\u{FFFF}\(scalar(0xFDEF))y\u{A0}z",
            expected: "xy\u{A0}z"
        ),
        Fixture(
            name: "NUL and escape in JSON-breaking positions",
            input: "\u{0000}{\"k\": \"v\u{001B}[0m\"}\u{0008}",
            expected: "{\"k\": \"v[0m\"}"
        ),
        Fixture(
            name: "non-characters in the supplementary planes",
            input: "\u{2FFFF}a\u{3FFFE}b\u{EFFFF}c\u{10FFFE}",
            expected: "abc"
        ),
        Fixture(
            name: "neighbours of the forbidden ranges are kept",
            input: "\u{FDCF}\u{FDF0}\u{FFFD}\u{1FFFD}\u{10000}\u{A1}",
            expected: "\u{FDCF}\u{FDF0}\u{FFFD}\u{1FFFD}\u{10000}\u{A1}"
        ),
    ]

    @Test(arguments: fixtures)
    func cleansText(_ fixture: Fixture) {
        #expect(TextSanitizer.clean(fixture.input) == fixture.expected)
    }

    @Test(arguments: fixtures)
    func cleansUTF16LikeText(_ fixture: Fixture) {
        #expect(TextSanitizer.clean(utf16: Array(fixture.input.utf16)) == fixture.expected)
    }

    @Test(arguments: [
        "Plain ASCII subject line",
        "Grüße aus Köln 👋🏽 — 東京\tcolumn\nline",
        "",
    ])
    func returnsCleanTextUnchanged(_ text: String) {
        #expect(TextSanitizer.clean(text) == text)
    }

    /// `clean(_:)` works on UTF-8 bytes and `clean(utf16:)` on scalars; for any text both must agree.
    @Test(arguments: 0..<40)
    func bytePathAgreesWithScalarPath(seed: UInt64) {
        var generator = CleaningPropertyTests.SeededGenerator(state: seed)
        let interesting: [UInt32] = [0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xFDD0, 0xFDEF,
                                     0xFFFD, 0xFFFE, 0xFFFF, 0x1F600, 0x1FFFE, 0x10FFFF, 0x4E2D, 0xE9]
        var text = ""
        for _ in 0..<200 {
            let value = Bool.random(using: &generator)
                ? interesting.randomElement(using: &generator)!
                : UInt32.random(in: 0x20...0x7E, using: &generator)
            if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) }
        }
        #expect(TextSanitizer.clean(text) == TextSanitizer.clean(utf16: Array(text.utf16)))
    }

    @Test func fastPathSharesTheInputsStorage() {
        let text = String(repeating: "Clean text, nothing to remove. ", count: 10)
        let cleaned = TextSanitizer.clean(text)
        let inputAddress = text.utf8.withContiguousStorageIfAvailable { $0.baseAddress }
        let outputAddress = cleaned.utf8.withContiguousStorageIfAvailable { $0.baseAddress }
        #expect(inputAddress != nil)
        #expect(inputAddress == outputAddress)
    }

    struct UTF16Fixture: Sendable, CustomTestStringConvertible {
        var name: String
        var units: [UInt16]
        var expected: String
        var testDescription: String { name }
    }

    static let utf16Fixtures: [UTF16Fixture] = [
        // "Hi" + lone high surrogate + "!" + U+0001 + emoji pair + lone low surrogate + U+FFFE + "ok"
        UTF16Fixture(
            name: "subject with every kind of garbage",
            units: [0x48, 0x69, 0xD83D, 0x21, 0x0001, 0xD83D, 0xDE00, 0xDC00, 0xFFFE, 0x6F, 0x6B],
            expected: "Hi!😀ok"
        ),
        UTF16Fixture(name: "high surrogate at the end", units: [0x61, 0xD800], expected: "a"),
        UTF16Fixture(name: "two high surrogates then a low", units: [0xD800, 0xD83D, 0xDE00], expected: "😀"),
        UTF16Fixture(name: "reversed pair", units: [0xDE00, 0xD83D, 0x62], expected: "b"),
        UTF16Fixture(name: "supplementary non-character as a pair", units: [0xD83F, 0xDFFE, 0x63], expected: "c"),
        UTF16Fixture(name: "CRLF in UTF-16", units: [0x61, 0x0D, 0x0A, 0x62], expected: "a\nb"),
    ]

    @Test(arguments: utf16Fixtures)
    func dropsLoneSurrogates(_ fixture: UTF16Fixture) {
        #expect(TextSanitizer.clean(utf16: fixture.units) == fixture.expected)
    }

    @Test func decodingWithoutTheSanitizerWouldKeepReplacementCharacters() {
        // The reason clean(utf16:) exists: the standard decoder turns the lone surrogate into U+FFFD.
        let units: [UInt16] = [0x61, 0xD800, 0x62]
        #expect(String(decoding: units, as: UTF16.self) == "a\u{FFFD}b")
        #expect(TextSanitizer.clean(utf16: units) == "ab")
    }
}

@testable import Domain
import Testing

/// `TextLines` reads bytes while they are ASCII; these check it against plain `Character` versions of the same
/// rules on generated lines full of what breaks byte shortcuts: combining marks after spaces and `>`, non-ASCII
/// whitespace, CRLF, CR.
struct TextLinesTests {
    private static let pieces = [
        " ", "\t", ">", "> ", "\u{301}", " \u{301}", ">\u{301}", "\u{A0}", "\u{2003}", "\u{3000}", "a", "Z", "é",
        "e\u{301}", "東", "🧾", "-- ", ":", "_", "\r\n", "\r", "\n", "word", "Wrote:", "\u{85}", "\u{200B}",
    ]

    private static func line(seed: UInt64) -> String {
        var generator = CleaningPropertyTests.SeededGenerator(state: seed)
        return (0..<Int.random(in: 0...12, using: &generator))
            .map { _ in pieces.randomElement(using: &generator)! }.joined()
    }

    @Test(arguments: 0..<300)
    func agreesWithCharacterRules(seed: UInt64) {
        let text = Self.line(seed: seed)
        let lines = TextLines.split(text)
        #expect(lines == text.split(omittingEmptySubsequences: false,
                                    whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }))
        for line in lines + [Substring(text)] {
            #expect(TextLines.isBlank(line) == line.allSatisfy(\.isWhitespace))
            #expect(TextLines.isQuoted(line) == (line.first(where: { !$0.isWhitespace }) == ">"))
            #expect(TextLines.unquoted(line) == line.drop(while: { $0.isWhitespace || $0 == ">" }))
            let start = line.drop(while: \.isWhitespace)
            let expectedTrim = start.reversed().drop(while: \.isWhitespace).reversed()
            #expect(String(TextLines.trimmed(line)) == String(expectedTrim))
            for limit in [0, 1, 3, 8, 20] {
                #expect(TextLines.characterCount(of: line, isAtMost: limit) == (line.count <= limit))
            }
        }
        let expectedJoin = String(text.reversed().drop(while: \.isWhitespace).reversed())
        #expect(TextLines.trimmingTrailingWhitespace(text) == expectedJoin)
    }
}

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
        // Joining any run of the lines drops what trailing whitespace the joined text has, blank lines included.
        for range in [lines.indices, lines.indices.dropFirst(), lines.indices.dropLast(), lines.indices.prefix(1)] {
            let joined = lines[range].joined(separator: "\n")
            let expectedJoin = String(joined.reversed().drop(while: \.isWhitespace).reversed())
            #expect(TextLines.join(lines[range]) == expectedJoin)
        }
    }

    /// Texts of several lines, for `join`: lines that end in whitespace, blank lines, and blank lines of
    /// non-ASCII whitespace or a lone combining mark.
    @Test(arguments: 0..<300)
    func joinDropsTrailingWhitespaceAsTheJoinedTextWould(seed: UInt64) {
        var generator = CleaningPropertyTests.SeededGenerator(state: seed &+ 1_000)
        let text = (0..<Int.random(in: 0...6, using: &generator)).map { index in
            Self.line(seed: seed &* 31 &+ UInt64(index))
        }.joined(separator: ["\n", "\r\n", "\n \n", "\n\u{A0}\n", "\n\u{301}\n"]
            .randomElement(using: &generator)!)
        let lines = TextLines.split(text)
        for start in lines.indices {
            let joined = lines[start...].joined(separator: "\n")
            #expect(TextLines.join(lines[start...])
                == String(joined.reversed().drop(while: \.isWhitespace).reversed()))
        }
    }
}

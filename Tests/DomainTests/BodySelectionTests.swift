import Foundation
import Testing
@testable import Domain

/// The blank-body check's ASCII shortcut must agree with Foundation's trimming.
@Suite struct BodySelectionTests {
    @Test func asciiWhitespaceIsWhatFoundationTrims() {
        for byte in UInt8(0)..<0x80 {
            let text = String(decoding: [byte], as: UTF8.self)
            #expect(BodySelection.isASCIIWhitespaceOrNewline(byte)
                == text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "byte \(byte)")
        }
    }

    @Test func placeholderCheckMatchesTrimming() {
        let pieces = [" ", "\t", "\r\n", "\n", "\u{0B}", "\u{0C}", "\u{85}", "\u{A0}", "\u{2028}", "\u{3000}", "x",
                      "é", "\u{0}", "\u{1C}", "\u{200B}", "\u{FEFF}"]
        var generator = CommentJSONTests.Generator(state: 3)
        for _ in 0..<5_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...5, using: &generator) { text += pieces.randomElement(using: &generator)! }
            #expect(BodySelection.isPlaceholder(text)
                == text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(text.debugDescription)")
        }
    }
}

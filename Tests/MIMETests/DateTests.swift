import Foundation
import Testing
@testable import MIME

/// RFC 5322 §3.3 dates and the obsolete forms of §4.3.
@Suite struct DateTests {
    /// 2025-01-06T10:15:00Z
    static let reference: TimeInterval = 1_736_158_500

    static let cases: [(input: String, offset: TimeInterval)] = [
        ("Mon, 6 Jan 2025 10:15:00 +0000", 0),
        ("Mon, 06 Jan 2025 11:15:00 +0100", 0),
        ("6 Jan 2025 10:15:00 GMT", 0),
        ("Mon, 6 Jan 2025 05:15:00 EST", 0),
        ("Mon, 6 Jan 2025 02:15:00 -0800 (PST)", 0),
        ("Mon, 6 Jan 25 10:15:00 +0000", 0),
        ("Mon, 6 Jan 125 10:15:00 +0000", 0),
        ("Mon, 6 Jan 2025 10:15 +0000", 0),
        ("Mon, 6 Jan 2025 10:15:00", 0),
        ("Mon,  6  JAN  2025  10:15:00  +0000", 0),
        ("Monday, 6 January 2025 10:15:00 UT", 0),
        ("Mon Jan  6 10:15:00 2025", 0),
        ("2025-01-06T10:15:00Z", 0),
        ("2025-01-06 12:15:00 +0200", 0),
        ("6-Jan-2025 10:15:00 +0000", 0),
        ("Mon, 6 Jan 2025 10:15:00 Z", 0),
        ("Sun, 5 Jan 2025 23:15:00 -1100", 0),
    ]

    @Test(arguments: cases.indices)
    func parses(_ index: Int) {
        let (input, offset) = Self.cases[index]
        #expect(DateParser.parse(input)?.timeIntervalSince1970 == Self.reference + offset, "\(input)")
    }

    @Test(arguments: ["", "not a date", "Mon, 32 Jan 2025 10:00:00 +0000", "Mon, 6 Foo 2025 10:00:00", "12:00"])
    func rejects(_ input: String) {
        #expect(DateParser.parse(input) == nil)
    }

    @Test func twoDigitYearsFollowRFC5322() {
        #expect(DateParser.parse("1 Jan 49 00:00:00 +0000")?.timeIntervalSince1970 == 2_493_072_000)
        #expect(DateParser.parse("1 Jan 50 00:00:00 +0000")?.timeIntervalSince1970 == -631_152_000)
    }
}

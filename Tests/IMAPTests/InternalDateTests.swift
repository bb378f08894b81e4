import Foundation
import Testing
@testable import IMAP

@Suite struct InternalDateTests {
    static let valid: [(String, Date)] = [
        ("17-Jul-1996 02:44:25 -0700", utcDate(1996, 7, 17, 9, 44, 25)),
        (" 7-Jul-1996 02:44:25 +0000", utcDate(1996, 7, 7, 2, 44, 25)),
        ("1-jan-2000 00:00:00 +0130", utcDate(1999, 12, 31, 22, 30, 0)),
        ("29-Feb-2024 23:59:59 +0000", utcDate(2024, 2, 29, 23, 59, 59)),
    ]

    @Test(arguments: valid)
    func parses(_ text: String, _ date: Date) {
        #expect(InternalDate.parse(Array(text.utf8)) == date)
    }

    @Test(arguments: ["29-Feb-2023 00:00:00 +0000", "17-Jux-1996 02:44:25 -0700", "17-Jul-1996 24:00:00 +0000",
        "17-Jul-1996 02:44:25", "17-Jul-96 02:44:25 +0000", "17-Jul-1996 02:44:25 +0000x", ""])
    func rejects(_ text: String) {
        #expect(InternalDate.parse(Array(text.utf8)) == nil)
    }

    @Test func formatsForAppendAndSearch() {
        #expect(InternalDate.format(utcDate(1996, 7, 7, 2, 4, 5)) == "07-Jul-1996 02:04:05 +0000")
        #expect(SearchDate(utcDate(1994, 2, 1, 23, 0, 0)).description == "1-Feb-1994")
        #expect(SearchDate(year: 2023, month: 2, day: 29) == nil)
        #expect(SearchDate(Date(timeIntervalSince1970: -1)).description == "31-Dec-1969")
    }
}

import Testing
@testable import IMAP

@Suite struct SequenceSetTests {
    static let roundTrips = ["1", "1:4", "4:2", "1,3:5,7:*", "*", "*:4", "2,4:7,9,12:*", "4294967295",
        "41,43:116,118,120:211,214:540"]

    @Test(arguments: roundTrips)
    func formatsWhatItParsed(_ text: String) {
        #expect(SequenceSet(text)?.description == text)
    }

    static let invalid = ["", "0", "1:0", "1,", ",1", "1::2", "a", "1 2", "4294967296", "-1", "1:*:2", "1,,2"]

    @Test(arguments: invalid)
    func rejectsInvalidSets(_ text: String) {
        #expect(SequenceSet(text) == nil)
    }

    @Test func rangesAndBounds() {
        let set = SequenceSet("1,3:5,7:*")
        #expect(set?.ranges == [SequenceRange(1), SequenceRange(3...5),
            SequenceRange(lower: .number(7), upper: .star)])
        #expect(set?.containsStar == true)
        #expect(SequenceSet.from(43).description == "43:*")
        #expect(SequenceSet.all.description == "1:*")
    }

    @Test func containsResolvesStar() throws {
        let set = try #require(SequenceSet("1,3:5,7:*"))
        #expect(set.contains(1))
        #expect(!set.contains(2))
        #expect(set.contains(4))
        #expect(set.contains(1_000_000))
        #expect(!set.contains(8, star: 6))
        // 7:* with * = 6 is 6:7 (RFC 3501 §6.4.8): the highest message matches even below the lower bound.
        #expect(set.contains(6, star: 6))
        let reversed = try #require(SequenceSet("9:3"))
        #expect(reversed.contains(5))
    }

    @Test func countsDistinctNumbers() throws {
        #expect(SequenceSet("1:4,3:6,10")?.count() == 7)
        #expect(SequenceSet("5:*")?.count() == nil)
        #expect(SequenceSet("5:*")?.count(star: 9) == 5)
        #expect(SequenceSet("5:*")?.count(star: 2) == 4)
        #expect(SequenceSet("4294967295,1")?.count() == 2)
    }

    @Test func iteratesInOrderWithoutDuplicates() throws {
        #expect(Array(try #require(SequenceSet("7,1:3,2:4")).numbers()) == [1, 2, 3, 4, 7])
        #expect(Array(try #require(SequenceSet("5:*")).numbers(star: 8)) == [5, 6, 7, 8])
        #expect(Array(try #require(SequenceSet("5:*,*")).numbers()) == [5])
        #expect(Array(try #require(SequenceSet("4294967294:4294967295")).numbers()) == [4_294_967_294, 4_294_967_295])
    }

    @Test func buildsCompactRangesFromNumbers() {
        #expect(SequenceSet(numbers: [5, 1, 2, 3, 3, 9, 10, 0]).description == "1:3,5,9:10")
        #expect(SequenceSet(numbers: [UInt32.max, UInt32.max - 1]).description == "4294967294:4294967295")
        #expect(SequenceSet(numbers: []).isEmpty)
    }
}

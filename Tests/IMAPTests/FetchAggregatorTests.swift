import Testing
@testable import IMAP

@Suite struct FetchAggregatorTests {
    private func aggregate(_ text: String, maximumContentSize: Int = 1 << 20) throws -> ([FetchResponse], Int) {
        var aggregator = FetchAggregator(maximumContentSize: maximumContentSize)
        let responses = try parseEvents(Array(text.utf8), chunkSizes: [3]).compactMap { aggregator.consume($0) }
        return (responses, aggregator.truncatedResponses)
    }

    @Test func collectsOneMessageAtATime() throws {
        let (responses, truncated) = try aggregate(
            "* 12 FETCH (UID 42 MODSEQ (7) FLAGS (\\Seen) RFC822.SIZE 5 BODY[] {5}\r\nhello)\r\n* 3 EXISTS\r\n"
                + "* 13 FETCH (INTERNALDATE \"17-Jul-1996 02:44:25 -0700\" UID 43 X-GM-MSGID 99 BODY[] {2}\r\nhi)\r\n")
        #expect(responses == [
            FetchResponse(sequenceNumber: 12, uid: 42, flags: [.seen], modSeq: 7, size: 5, body: Array("hello".utf8),
                sections: ["BODY[]": Array("hello".utf8)]),
            FetchResponse(sequenceNumber: 13, uid: 43, internalDate: utcDate(1996, 7, 17, 9, 44, 25),
                body: Array("hi".utf8), sections: ["BODY[]": Array("hi".utf8)],
                otherAttributes: [.unknown(name: "X-GM-MSGID", value: "99")]),
        ])
        #expect(truncated == 0)
    }

    @Test func bodyIsTheWholeMessageWhenSeveralSectionsCame() throws {
        let (responses, _) = try aggregate(
            "* 1 FETCH (BODY[HEADER] {3}\r\nh:1 BODY[] {5}\r\nh:1xy UID 1)\r\n"
                + "* 2 FETCH (UID 2 BODY[HEADER] {3}\r\nh:2)\r\n"
                + "* 3 FETCH (UID 3 FLAGS ())\r\n")
        #expect(responses.map(\.body) == [Array("h:1xy".utf8), Array("h:2".utf8), nil])
        #expect(responses.first?.sections.count == 2)
    }

    @Test func dropsContentBeyondTheLimitAndCountsIt() throws {
        let (responses, truncated) = try aggregate(
            "* 1 FETCH (UID 1 BODY[] {10}\r\n0123456789)\r\n", maximumContentSize: 4)
        #expect(responses.first?.body == Array("0123".utf8))
        #expect(truncated == 1)
    }
}

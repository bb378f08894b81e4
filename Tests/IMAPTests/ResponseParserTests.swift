import Foundation
import Testing
@testable import IMAP

@Suite struct ResponseParserTests {
    static let fixtures = statusAndMailboxFixtures + fetchFixtures

    @Test(arguments: fixtures)
    func parsesFixtureInOneChunk(_ fixture: ResponseFixture) throws {
        let events = try parseEvents(fixture.input)
        #expect(events == fixture.expected)
    }

    @Test(arguments: fixtures)
    func parsesFixtureByteByByte(_ fixture: ResponseFixture) throws {
        let events = try parseEvents(Array(fixture.input.utf8), chunkSizes: [1])
        #expect(events == fixture.expected)
    }

    @Test(arguments: fixtures)
    func parsesFixtureInRandomChunks(_ fixture: ResponseFixture) throws {
        var random = SplitMix64(seed: UInt64(fixture.name.utf8.count) &* 7919)
        for _ in 0..<20 {
            let sizes = (0..<16).map { _ in Int.random(in: 1...13, using: &random) }
            let events = try parseEvents(Array(fixture.input.utf8), chunkSizes: sizes)
            #expect(events == fixture.expected, "chunk sizes \(sizes)")
        }
    }

    @Test func streamsContentAsItArrivesWithoutWaitingForTheEnd() throws {
        var parser = IMAPResponseParser()
        parser.feed(bytes("* 1 FETCH (UID 5 BODY[] {10}\r\nabc"))
        var events: [IMAPResponseEvent] = []
        while let event = try parser.next() { events.append(event) }
        #expect(events == [.fetchStart(sequenceNumber: 1), .fetchAttribute(.uid(5)),
            .bodyStart(section: "BODY[]", size: 10), .bodyBytes(bytes("abc"))])
        parser.feed(bytes("defg"))
        #expect(try parser.next() == .bodyBytes(bytes("defg")))
        #expect(try parser.next() == nil)
        parser.feed(bytes("hij)\r\n"))
        #expect(try parser.next() == .bodyBytes(bytes("hij")))
        #expect(try parser.next() == .bodyEnd)
        #expect(try parser.next() == .fetchEnd)
        #expect(try parser.next() == nil)
    }

    @Test func splitsLargeContentIntoBoundedChunks() throws {
        let content = [UInt8](repeating: UInt8(ascii: "x"), count: 10_000)
        var parser = IMAPResponseParser(configuration: .init(maximumBodyChunkSize: 4096))
        parser.feed(bytes("* 1 FETCH (BODY[] {10000}\r\n") + content + bytes(")\r\n"))
        var sizes: [Int] = []
        while let event = try parser.next() {
            if case .bodyBytes(let chunk) = event { sizes.append(chunk.count) }
        }
        #expect(sizes == [4096, 4096, 1808])
    }

    @Test func literalSplitAcrossChunksInAMailboxName() throws {
        var parser = IMAPResponseParser()
        parser.feed(bytes("* LIST () \"/\" {12}\r\nEntw&AP"))
        #expect(try parser.next() == nil)
        parser.feed(bytes("w-rfe\r"))
        #expect(try parser.next() == nil)
        parser.feed(bytes("\n"))
        let event = try parser.next()
        #expect(event == .untagged(.list(ListResponse(attributes: [], delimiter: "/", mailbox: "Entwürfe"))))
    }

    @Test func decodesUTF8NamesOnceUTF8AcceptIsEnabled() throws {
        let events = try parseEvents("* ENABLED UTF8=ACCEPT\r\n* LIST () \"/\" \"Entwürfe &-\"\r\n")
        #expect(events == [.untagged(.enabled([.utf8Accept])),
            .untagged(.list(ListResponse(attributes: [], delimiter: "/", mailbox: "Entwürfe &-")))])
    }

    @Test func printingEventsHidesContent() {
        #expect("\(IMAPResponseEvent.bodyBytes(Array("secret".utf8)))" == "bodyBytes([6 bytes])")
        let response = FetchResponse(sequenceNumber: 1, uid: 5, sections: ["BODY[]": Array("secret".utf8)])
        #expect("\(response)" == "FetchResponse(1, uid: 5, sections: [BODY[]: [6 bytes]])")
    }

    @Test func continuationDecodesBase64Challenge() {
        #expect(ContinuationRequest(text: "eyJzdGF0dXMiOiI0MDEifQ==").base64Decoded == bytes("{\"status\":\"401\"}"))
        #expect(ContinuationRequest(text: "idling").base64Decoded == nil)
    }
}

/// SplitMix64: small, fast, and reproducible from a printed seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

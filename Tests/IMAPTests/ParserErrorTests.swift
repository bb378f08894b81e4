import Testing
@testable import IMAP

/// Input that must be refused, and the kind of error it must produce.
struct MalformedFixture: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    let error: IMAPParseError

    init(_ name: String, _ input: String, _ error: IMAPParseError) {
        self.name = name
        self.input = input
        self.error = error
    }

    var testDescription: String { name }
}

let malformedFixtures: [MalformedFixture] = [
    MalformedFixture("UID that is not a number", "* 12 FETCH (UID abc)\r\n", .malformedResponse),
    MalformedFixture("unknown tagged status", "A1 MAYBE done\r\n", .malformedResponse),
    MalformedFixture("tag with control bytes", "\u{1}\u{2} OK\r\n", .malformedResponse),
    MalformedFixture("unterminated LIST attributes", "* LIST (\\Noselect \"/\" foo\r\n", .malformedResponse),
    MalformedFixture("sequence number over 32 bits", "* 4294967296 EXISTS\r\n", .numberOutOfRange),
    MalformedFixture("mod-sequence over 63 bits", "* 1 FETCH (MODSEQ (99999999999999999999))\r\n", .numberOutOfRange),
    MalformedFixture("impossible INTERNALDATE", "* 1 FETCH (INTERNALDATE \"32-Jan-2020 00:00:00 +0000\")\r\n",
        .invalidDate),
    MalformedFixture("FETCH missing its closing parenthesis after content", "* 1 FETCH (BODY[] {5}\r\nhello UID 3\r\n",
        .malformedResponse),
    MalformedFixture("literal where an attribute name belongs", "* 1 FETCH (UID 1 {3}\r\nabc)\r\n", .malformedResponse),
    MalformedFixture("SEARCH with a word", "* SEARCH 1 x\r\n", .malformedResponse),
    MalformedFixture("SEARCH with zero", "* SEARCH 0\r\n", .malformedResponse),
    MalformedFixture("VANISHED (LATER)", "* VANISHED (LATER) 1\r\n", .malformedResponse),
    MalformedFixture("STATUS value not a number", "* STATUS INBOX (MESSAGES x)\r\n", .malformedResponse),
    MalformedFixture("EXISTS with trailing junk", "* 3 EXISTS now\r\n", .malformedResponse),
    MalformedFixture("quoted string broken by CR", "* LIST () \"/\" \"a\rb\"\r\n", .malformedResponse),
    MalformedFixture("literal length beyond 256 MiB", "* 1 FETCH (BODY[] {99999999999999999999999}\r\n",
        .literalTooLarge),
]

@Suite struct ParserErrorTests {
    @Test(arguments: malformedFixtures)
    func refusesMalformedInput(_ fixture: MalformedFixture) {
        #expect(throws: fixture.error) { try parseEvents(fixture.input) }
        #expect(throws: fixture.error) { try parseEvents(Array(fixture.input.utf8), chunkSizes: [1]) }
    }

    @Test func errorsAreStickyAndHaveFixedDescriptions() throws {
        var parser = IMAPResponseParser()
        parser.feed(bytes("A1 MAYBE\r\n* 1 EXISTS\r\n"))
        do {
            _ = try parser.next()
            Issue.record("expected an error")
        } catch {
            #expect(error == .malformedResponse)
            #expect(error.description == "malformed IMAP response")
            #expect(error.debugDescription == "malformed IMAP response: expected OK, NO or BAD at byte 8")
        }
        #expect(throws: IMAPParseError.malformedResponse) { try parser.next() }
    }

    @Test func lineLongerThanTheLimit() throws {
        let configuration = IMAPResponseParser.Configuration(maximumLineLength: 64)
        let fits = "* OK " + String(repeating: "x", count: 57) + "\r\n"
        #expect(try parseEvents(bytes(fits), configuration: configuration).count == 1)
        let tooLong = "* OK " + String(repeating: "x", count: 58) + "\r\n"
        #expect(throws: IMAPParseError.lineTooLong) { try parseEvents(bytes(tooLong), configuration: configuration) }
        // A line with no end at all fails as soon as it passes the limit, without waiting for more.
        var parser = IMAPResponseParser(configuration: configuration)
        parser.feed([UInt8](repeating: UInt8(ascii: "a"), count: 65))
        #expect(throws: IMAPParseError.lineTooLong) { try parser.next() }
    }

    @Test func literalLargerThanTheLimitFailsBeforeItsBytesArrive() {
        var parser = IMAPResponseParser(configuration: .init(maximumLiteralSize: 10))
        parser.feed(bytes("* 1 FETCH (BODY[] {11}\r\n"))
        #expect(throws: IMAPParseError.literalTooLarge) { try parser.next() }
    }

    @Test func bufferedLiteralsAreLimitedSeparately() throws {
        let configuration = IMAPResponseParser.Configuration(maximumBufferedLiteralSize: 4)
        #expect(throws: IMAPParseError.literalTooLarge) {
            try parseEvents(bytes("* LIST () \"/\" {5}\r\nhello\r\n"), configuration: configuration)
        }
        // Message content is streamed, so it is not held against that limit.
        let events = try parseEvents(bytes("* 1 FETCH (BODY[] {5}\r\nhello)\r\n"), configuration: configuration)
        #expect(events.count == 5)
    }

    @Test func contentLargerThanEveryBufferIsStreamed() throws {
        let size = 3 << 20
        let configuration = IMAPResponseParser.Configuration(maximumLineLength: 1024, maximumBufferedLiteralSize: 1024)
        var parser = IMAPResponseParser(configuration: configuration)
        parser.feed(bytes("* 1 FETCH (UID 9 BODY[] {\(size)}\r\n"))
        var received = 0
        var events = 0
        var last: IMAPResponseEvent?
        let block = [UInt8](repeating: UInt8(ascii: "m"), count: 1000)
        var sent = 0
        while sent < size {
            let count = min(block.count, size - sent)
            parser.feed(block[0..<count])
            sent += count
            while let event = try parser.next() {
                events += 1
                last = event
                if case .bodyBytes(let chunk) = event { received += chunk.count }
            }
        }
        parser.feed(bytes(")\r\n"))
        var tail: [IMAPResponseEvent] = []
        while let event = try parser.next() { tail.append(event) }
        #expect(received == size)
        // The content ends with its last byte, before the rest of the response arrives.
        #expect(last == .bodyEnd)
        #expect(tail == [.fetchEnd])
        #expect(events > 1000)
    }
}

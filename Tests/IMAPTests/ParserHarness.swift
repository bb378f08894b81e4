import Foundation
import Testing
@testable import IMAP

/// Feeds bytes to a parser in the given chunk sizes (cycled) and collects every event, joining adjacent
/// `bodyBytes` so that results do not depend on chunking.
func parseEvents(
    _ bytes: [UInt8], chunkSizes: [Int] = [], configuration: IMAPResponseParser.Configuration = .init()
) throws(IMAPParseError) -> [IMAPResponseEvent] {
    var parser = IMAPResponseParser(configuration: configuration)
    var events: [IMAPResponseEvent] = []
    var offset = 0
    var chunkIndex = 0
    repeat {
        let size = chunkSizes.isEmpty ? bytes.count : max(1, chunkSizes[chunkIndex % chunkSizes.count])
        chunkIndex += 1
        let end = min(bytes.count, offset + size)
        parser.feed(bytes[offset..<end])
        offset = end
        while let event = try parser.next() {
            if case .bodyBytes(let more) = event, case .bodyBytes(let earlier)? = events.last {
                events[events.count - 1] = .bodyBytes(earlier + more)
            } else {
                events.append(event)
            }
        }
    } while offset < bytes.count
    return events
}

func parseEvents(_ text: String, chunkSizes: [Int] = []) throws(IMAPParseError) -> [IMAPResponseEvent] {
    try parseEvents(Array(text.utf8), chunkSizes: chunkSizes)
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A UTC date for expectations.
func utcDate(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
    let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    return calendar.date(from: components) ?? .distantPast
}

/// A server transcript and the events it must produce.
struct ResponseFixture: CustomTestStringConvertible, Sendable {
    let name: String
    let input: String
    let expected: [IMAPResponseEvent]

    init(_ name: String, _ input: String, _ expected: [IMAPResponseEvent]) {
        self.name = name
        self.input = input
        self.expected = expected
    }

    var testDescription: String { name }
}

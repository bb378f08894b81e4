import Foundation
import Testing
@testable import IMAP

/// Random and mutated server output: the parser must never trap, must give the same result however the bytes are
/// chunked, and must stay fast on anything.
@Suite struct ParserFuzzTests {
    static let tokens: [[UInt8]] = [
        "\r\n", "\n", "\r", "{5}\r\n", "{0}\r\n", "~{3}\r\n", "{4+}\r\n", "{99999999}\r\n", "{", "}", "(", ")", "\"",
        "\\", "[", "]", "<0>", "* ", "A1 ", "+ ", "* 1 FETCH (", "BODY[] ", "BODY[HEADER.FIELDS (DATE)] ", "RFC822 ",
        " NIL", "*", ":", ",", " ", "UID ", "FLAGS (\\Seen)", "MODSEQ (", "OK [", "COPYUID 1 1:2 3:4]", "&", "-",
        "\u{0}", "\u{FF}", "\u{7F}", "\t", "VANISHED (EARLIER) ", "ESEARCH (TAG \"a\") ", "4294967296",
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.insert(contentsOf: tokens[Int.random(in: 0..<tokens.count, using: &random)], at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
                bytes.removeSubrange(position..<end)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
            case 4: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            default: bytes = Array(bytes.prefix(position))
            }
        }
        return bytes
    }

    /// The outcome of parsing: every event (content joined) and the error kind, if any.
    struct Outcome: Equatable {
        var events: [IMAPResponseEvent] = []
        var error: IMAPParseError?
    }

    static func run(_ bytes: [UInt8], chunkSizes: [Int], configuration: IMAPResponseParser.Configuration) -> Outcome {
        var parser = IMAPResponseParser(configuration: configuration)
        var outcome = Outcome()
        var offset = 0
        var chunk = 0
        while offset < bytes.count || offset == 0 {
            let end = min(bytes.count, offset + max(1, chunkSizes[chunk % chunkSizes.count]))
            chunk += 1
            parser.feed(bytes[offset..<end])
            offset = end
            do {
                while let event = try parser.next() {
                    if case .bodyBytes(let more) = event, case .bodyBytes(let earlier)? = outcome.events.last {
                        outcome.events[outcome.events.count - 1] = .bodyBytes(earlier + more)
                    } else {
                        outcome.events.append(event)
                    }
                }
            } catch {
                outcome.error = error
                return outcome
            }
            if bytes.isEmpty { break }
        }
        return outcome
    }

    /// Content events must add up: every `bodyBytes` run belongs to a `bodyStart` and never exceeds its size.
    static func contentIsConsistent(_ events: [IMAPResponseEvent]) -> Bool {
        var remaining: Int?
        for event in events {
            switch event {
            case .bodyStart(_, let size):
                guard remaining == nil else { return false }
                remaining = size
            case .bodyBytes(let bytes):
                guard let left = remaining, bytes.count <= left else { return false }
                remaining = left - bytes.count
            case .bodyEnd:
                guard remaining == 0 else { return false }
                remaining = nil
            default:
                guard remaining == nil else { return false }
            }
        }
        return true
    }

    @Test func hundredThousandMutatedAndRandomInputs() {
        let seed = ProcessInfo.processInfo.environment["MAILSTREAM_FUZZ_SEED"].flatMap(UInt64.init)
            ?? UInt64(Date().timeIntervalSince1970)
        print("IMAP parser fuzz seed: \(seed) (set MAILSTREAM_FUZZ_SEED to repeat)")
        var random = SplitMix64(seed: seed)
        let seeds = (statusAndMailboxFixtures + fetchFixtures).map { Array($0.input.utf8) }
            + malformedFixtures.map { Array($0.input.utf8) }
        // Small limits so that the limit paths are exercised too.
        let configuration = IMAPResponseParser.Configuration(
            maximumLineLength: 4096, maximumLiteralSize: 1 << 16, maximumBufferedLiteralSize: 1 << 12,
            maximumBodyChunkSize: 7)
        let clock = ContinuousClock()
        var slowest: Duration = .zero
        var failures = 0
        let started = clock.now
        for iteration in 0..<100_000 {
            let input: [UInt8]
            if iteration % 10 == 0 {
                let count = Int.random(in: 0...200, using: &random)
                input = (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                input = Self.mutate(seeds[Int.random(in: 0..<seeds.count, using: &random)], using: &random)
            }
            let sizes = (0..<4).map { _ in Int.random(in: 1...17, using: &random) }
            let start = clock.now
            let whole = Self.run(input, chunkSizes: [max(1, input.count)], configuration: configuration)
            let chunked = Self.run(input, chunkSizes: sizes, configuration: configuration)
            slowest = max(slowest, clock.now - start)
            if whole != chunked || !Self.contentIsConsistent(whole.events) {
                failures += 1
                if failures <= 3 {
                    Issue.record("seed \(seed) iteration \(iteration): \(Array(input)) chunked \(sizes) differs")
                }
            }
        }
        let total = clock.now - started
        print("IMAP parser fuzz: 100000 inputs in \(total), slowest \(slowest)")
        #expect(failures == 0)
        #expect(slowest < .milliseconds(250))
    }

    @Test func sequenceSetsAndMailboxNamesFromRandomText() {
        var random = SplitMix64(seed: 7)
        let alphabet = Array("0123456789:,*&-+/ABab\u{e9}\u{53f0} ".unicodeScalars)
        for _ in 0..<100_000 {
            var scalars = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...16, using: &random) {
                scalars.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)])
            }
            let text = String(scalars)
            if let set = SequenceSet(text) {
                #expect(SequenceSet(set.description) == set)
            }
            if let decoded = ModifiedUTF7.decode(text) {
                #expect(ModifiedUTF7.decode(ModifiedUTF7.encode(decoded)) == decoded)
            }
        }
    }

    @Test func sessionStateTakesAnyEventSequence() throws {
        var random = SplitMix64(seed: 11)
        let seeds = (statusAndMailboxFixtures + fetchFixtures).map(\.input)
            + ["+ go\r\n", "A1 OK x\r\n", "A2 NO x\r\n", "A3 BAD x\r\n", "* BYE x\r\n", "* PREAUTH x\r\n"]
        let commands: [IMAPCommand] = [.idle, .noop, .login(username: "a", password: "\""), .select(.inbox),
            .authenticatePlain(username: "a", password: "b"), .logout, .startTLS, .unselect]
        for _ in 0..<2000 {
            var session = IMAPSessionState()
            for _ in 0..<20 {
                if Bool.random(using: &random) {
                    _ = session.send(commands[Int.random(in: 0..<commands.count, using: &random)])
                } else if Int.random(in: 0..<4, using: &random) == 0 {
                    _ = session.endIdle()
                } else {
                    for event in try parseEvents(seeds[Int.random(in: 0..<seeds.count, using: &random)]) {
                        _ = session.receive(event)
                    }
                }
            }
            #expect(session.commandsInFlight >= 0)
        }
    }
}

import Foundation
import MIME
import Testing
@testable import Domain

/// `CommentJSON` must write exactly the bytes `JSONCoding.encoder()` writes: on every corpus message and on generated
/// comments full of what JSON escapes, odd keys and awkward numbers.
@Suite struct CommentJSONTests {
    /// The seeded SplitMix64 the other property tests use, so a failure can be replayed from its seed.
    typealias Generator = CleaningPropertyTests.SeededGenerator

    static let root = ProcessInfo.processInfo.environment["MAILSTREAM_CORPORA"].map(URL.init(fileURLWithPath:))
    static let available = root.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent("jwz").path) }
        == true || ProcessInfo.processInfo.environment["CI"] != nil

    static func expectSameBytes(_ comment: Domain.Comment, _ context: String) throws {
        let reference = try JSONCoding.encoder().encode(comment)
        let fast = try CommentJSON.string(comment)
        // Bytes, not Strings: String equality is canonical equivalence.
        if !fast.utf8.elementsEqual(reference) {
            let expected = String(decoding: reference, as: UTF8.self)
            Issue.record("\(context): \(fast.debugDescription) != \(expected.debugDescription)")
        }
        #expect(try CommentJSON.data(comment) == reference, "\(context)")
    }

    @Test(
        .enabled(if: available, "corpora missing: run scripts/fetch-corpora, or scripts/test which does it"),
        arguments: ["cpython", "jwz", "mail-parser", "talon"]
    )
    func corpusCommentsMatchJSONEncoder(corpus: String) throws {
        let folder = try #require(Self.root?.appendingPathComponent(corpus))
        let files = try #require(FileManager.default.enumerator(at: folder,
                                                                includingPropertiesForKeys: [.isRegularFileKey]))
        var compared = 0
        for case let url as URL in files
        where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            let metadata = EmailMetadata(folder: ["INBOX", "a/b"], mailbox: "x@example.com")
            var comment = EmailToComment.convert(try Array(Data(contentsOf: url)), metadata: metadata).comment
            try Self.expectSameBytes(comment, url.path)
            // Every optional of an attachment, present and absent.
            for index in comment.attachments.indices {
                comment.attachments[index].inline = index % 2 == 0
                comment.attachments[index].attachmentReference = index % 3 == 0 ? nil : "ref/\(index)"
                comment.attachments[index].contentHash = index % 4 == 1 ? nil : comment.attachments[index].contentHash
            }
            try Self.expectSameBytes(comment, url.path + " (attachment fields)")
            compared += 1
        }
        #expect(compared > 10)
    }

    /// Every scalar JSON treats specially, and neighbours of the UTF-8 length boundaries.
    static let awkwardScalars: [Unicode.Scalar] = (Array(0...0x80) + [
        0x9F, 0xA0, 0xFF, 0x7FF, 0x800, 0x2028, 0x2029, 0xD7FF, 0xE000, 0xFEFF, 0xFFFD, 0xFFFF, 0x1_0000, 0x1_F600,
        0x10_FFFF, 0x301, 0x200D,
    ]).compactMap { Unicode.Scalar(UInt32($0)) }

    static func randomString(_ generator: inout Generator, maximumLength: Int = 12) -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...maximumLength, using: &generator) {
            if Bool.random(using: &generator) {
                scalars.append(awkwardScalars.randomElement(using: &generator)!)
            } else {
                scalars.append(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &generator)))
            }
        }
        return String(scalars)
    }

    static let awkwardNumbers: [Double] = [
        0, -0.0, 1, -1, 0.1, -0.1, 0.5, 1.5, 100, 1e15, 1e16, 1e17, 1e21, 1e22, 1e100, 1e-4, 1e-5, 1e-7, 1e-300,
        1.234_567_890_123_456_8e17, 9_007_199_254_740_992, 9_007_199_254_740_994, 1.0 / 3, .pi, -.pi, 2.5e-8,
        .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude,
        .ulpOfOne, 4_294_967_296, 0.000_001, 1_234.5678,
    ]

    static func randomNumber(_ generator: inout Generator) -> Double {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return awkwardNumbers.randomElement(using: &generator)!
        case 1: return Double(Int.random(in: -1_000_000...1_000_000, using: &generator))
        case 2: return Double.random(in: -1e6...1e6, using: &generator)
        default:
            let value = Double(bitPattern: generator.next())
            return value.isFinite ? value : 0.25
        }
    }

    static let trickyKeys = [
        "string:a", "string:B", "string:a10", "string:a9", "number:x", "string:", "", "string:A", "string:b",
        "string:Ä", "string:ä", "string:e\u{301}", "string:\u{E9}", "string:a b", "string:a/b", "string:\"q\"",
        "string:\u{1F600}", "string:\u{FFFF}", "number:X", "number:x1", "number:x01", "string:\n", "string:\u{0}",
        "Number:x", "string:日本",
    ]

    static func randomComment(_ generator: inout Generator) -> Domain.Comment {
        var properties: [String: Domain.Comment.PropertyValue] = [:]
        for _ in 0..<Int.random(in: 0...8, using: &generator) {
            let key = Bool.random(using: &generator)
                ? trickyKeys.randomElement(using: &generator)! : "string:" + randomString(&generator)
            properties[key] = key.hasPrefix("number:") || Int.random(in: 0..<3, using: &generator) == 0
                ? .number(randomNumber(&generator)) : .string(randomString(&generator))
        }
        func optional<T>(_ make: (inout Generator) -> T) -> T? {
            Bool.random(using: &generator) ? make(&generator) : nil
        }
        func strings() -> [String] {
            (0..<Int.random(in: 0...3, using: &generator)).map { _ in randomString(&generator) }
        }
        let messages = (0..<Int.random(in: 0...2, using: &generator)).map { _ in
            CommentMessage(
                from: optional { randomString(&$0) }, to: strings(), cc: strings(), bcc: strings(),
                sentAt: optional { randomDate(&$0) }, language: optional { randomString(&$0, maximumLength: 3) },
                subject: optional { CommentMessage.Text(randomString(&$0)) },
                body: CommentMessage.Text(randomString(&generator, maximumLength: 40)),
                signature: optional { CommentMessage.Text(randomString(&$0)) }
            )
        }
        let attachments = (0..<Int.random(in: 0...3, using: &generator)).map { _ in
            CommentAttachment(
                name: randomString(&generator), size: Int.random(in: -5...Int.max, using: &generator),
                contentType: randomString(&generator), contentHash: optional { randomString(&$0) },
                inline: optional { Bool.random(using: &$0) }, attachmentReference: optional { randomString(&$0) }
            )
        }
        return Domain.Comment(
            id: randomString(&generator), timestamp: randomDate(&generator), threadID: optional { randomString(&$0) },
            messages: messages, userProperties: properties, textFormat: randomString(&generator),
            attachments: attachments
        )
    }

    static func randomDate(_ generator: inout Generator) -> Date {
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: return Date(timeIntervalSince1970: Double(Int.random(in: 0...2_000_000_000, using: &generator)))
        case 1: return Date(timeIntervalSince1970: Double.random(in: -1e10...1e10, using: &generator))
        case 2: return Date(timeIntervalSince1970: Double(Int.random(in: -40_000_000_000...300_000_000_000,
                                                                       using: &generator)))
        default: return Date(timeIntervalSince1970: Double(Int.random(in: 0...2_000_000_000, using: &generator)) + 0.5)
        }
    }

    @Test(arguments: 0..<20)
    func generatedCommentsMatchJSONEncoder(seed: UInt64) throws {
        var generator = Generator(state: seed)
        for round in 0..<250 {
            try Self.expectSameBytes(Self.randomComment(&generator), "seed \(seed) round \(round)")
        }
    }

    @Test func everyScalarJSONTreatsSpeciallyIsEscapedAsFoundationDoes() throws {
        for scalar in Self.awkwardScalars {
            let text = "a\(Character(scalar))b/\\\"\(Character(scalar))"
            let comment = Domain.Comment(id: text, timestamp: Date(timeIntervalSince1970: 0), threadID: "",
                                  messages: [CommentMessage(to: [text, ""], body: .init(text))],
                                  userProperties: [text: .string(text)], textFormat: "")
            try Self.expectSameBytes(comment, "U+\(String(scalar.value, radix: 16))")
        }
    }

    @Test func userPropertyKeysAreSortedAsFoundationSortsThem() throws {
        var properties: [String: Domain.Comment.PropertyValue] = [:]
        for (index, key) in Self.trickyKeys.enumerated() {
            properties[key] = index % 2 == 0 ? .string(key) : .number(Self.awkwardNumbers[index % Self.awkwardNumbers
                    .count])
        }
        let comment = Domain.Comment(id: "x", timestamp: Date(timeIntervalSince1970: 1_736_158_500),
                              messages: [], userProperties: properties)
        try Self.expectSameBytes(comment, "tricky keys")
    }

    @Test(arguments: CommentJSONTests.awkwardNumbers)
    func numbersAreWrittenAsFoundationWritesThem(_ number: Double) throws {
        let comment = Domain.Comment(id: "n", timestamp: Date(timeIntervalSince1970: 0), messages: [],
                              userProperties: ["number:x": .number(number)])
        try Self.expectSameBytes(comment, "\(number)")
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, .signalingNaN])
    func nonFiniteNumbersFailLikeJSONEncoder(_ number: Double) {
        let comment = Domain.Comment(id: "n", timestamp: Date(timeIntervalSince1970: 0), messages: [],
                              userProperties: ["number:x": .number(number), "string:a": .string("b")])
        #expect(throws: EncodingError.self) { try JSONCoding.encoder().encode(comment) }
        #expect(throws: EncodingError.self) { try CommentJSON.string(comment) }
        #expect(throws: EncodingError.self) { try CommentJSON.data(comment) }
    }

    @Test func wholeSecondTimestampsMatchISO8601FormatStyle() {
        var generator = Generator(state: 7)
        var checked = 0
        for _ in 0..<20_000 {
            let date = Self.randomDate(&generator)
            if let fast = ISO8601Seconds.format(date) {
                #expect(fast == JSONCoding.format(date), "\(date.timeIntervalSince1970)")
                checked += 1
            }
        }
        // 1600-01-01, the Gregorian reform (1582-10-15), 10000-01-01, 1970, leap days of 2000 and 2100.
        let edges: [TimeInterval] = [-11_676_096_000, -11_676_096_001, -12_219_292_800, -12_219_292_801,
                                     253_402_300_799, 253_402_300_800, 0, -1, 951_782_400, 951_868_800, 4_107_542_400]
        for edge in edges {
            let date = Date(timeIntervalSince1970: edge)
            if let fast = ISO8601Seconds.format(date) { #expect(fast == JSONCoding.format(date), "\(edge)") }
        }
        #expect(checked > 5_000)
    }
}

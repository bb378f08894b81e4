import Testing

@testable import EWS

/// Every parser reads bytes from the network, so none may crash or hang on any input: mutated fixtures and
/// random bytes must parse or throw an ``EWSParseError``.
@Suite("EWS parser fuzzing")
struct WireFuzzTests {
    static let seeds: [String] = [
        WireFixtures.syncFolderHierarchy, WireFixtures.syncFolderItems,
        WireFixtures.getItemBatch(mime: Array("hi".utf8)), WireFixtures.getFolder, WireFixtures.findFolder,
        WireFixtures.getAttachment, WireFixtures.faultServerBusy,
    ]

    /// Runs every parser; returns normally whether they parse or throw (typed throws guarantee the error type).
    func parseAll(_ bytes: [UInt8]) {
        _ = try? EWSResponseParser.parseSyncFolderHierarchy(bytes)
        _ = try? EWSResponseParser.parseSyncFolderItems(bytes)
        _ = try? EWSResponseParser.parseGetItem(bytes)
        _ = try? EWSResponseParser.parseGetFolder(bytes)
        _ = try? EWSResponseParser.parseFindFolder(bytes)
        _ = try? EWSResponseParser.parseGetAttachment(bytes)
    }

    @Test("mutated fixtures", arguments: 0..<seeds.count)
    func mutations(_ seedIndex: Int) {
        var random = WireFuzzRandom(seed: UInt64(seedIndex) &+ 0x5EED)
        let seed = Self.seeds[seedIndex].wireBytes
        let interesting: [[UInt8]] = ["<", ">", "&", "&#x1;", "&#", "/", "\"", "=", "<t:Delete>", "</m:Changes>", "]]>"]
            .map { Array($0.utf8) }
        for _ in 0..<300 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.remove(at: position)
                case 2: bytes.insert(contentsOf: interesting.randomElement(using: &random)!, at: position)
                default: bytes.removeSubrange(position..<min(bytes.count, position + 40))
                }
                if bytes.isEmpty { bytes = [0x3C] }
            }
            parseAll(bytes)
        }
    }

    /// Inputs that once crashed FoundationXML: a non-UTF-8 byte in a name, a processing instruction without data.
    static let crashers: [[UInt8]] = [
        Array("<?x?>".utf8),
        Array("<?xml?><a/>".utf8),
        Array(#"<?xml version="1.0"?><?pi?><s:Envelope xmlns:s="x"/>"#.utf8),
        Array("<&#x1;?x?>".utf8),
        Array("<\u{1}?x?>".utf8),
        [0x3C, 0xE3, 0x4D, 0x69, 0x6E],
        Array(#"<s:Envelope xmlns:s="x"><s:Body><\#u{FFFD}"#.utf8) + [0xFF, 0x3E],
        [0x3C, 0x61, 0x20, 0xC3, 0x3D, 0x22, 0x78, 0x22, 0x2F, 0x3E],
    ]

    @Test("inputs that once crashed", arguments: crashers)
    func onceCrashed(_ bytes: [UInt8]) {
        parseAll(bytes)
    }

    @Test func randomBytes() {
        var random = WireFuzzRandom(seed: 42)
        for length in [1, 2, 10, 100, 1000] {
            for _ in 0..<50 {
                parseAll((0..<length).map { _ in UInt8.random(in: 0...255, using: &random) })
            }
        }
    }

    @Test("the character-reference filter keeps every well-formed document well-formed")
    func filterIsSafe() {
        var random = WireFuzzRandom(seed: 7)
        let pieces = ["<a>", "</a>", "&#x1;", "&#65;", "&amp;", "\u{1}", "x", "é", "&#", ";", "<![CDATA[", "]]>"]
        for _ in 0..<500 {
            let body = (0..<Int.random(in: 0...20, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            let filtered = ResponsePreprocessor.run(Array(("<r>" + body.joined() + "</r>").utf8))
            #expect(filtered.data.count <= 7 + body.joined().utf8.count)
        }
    }
}

/// A seeded generator so a failing case can be replayed.
struct WireFuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

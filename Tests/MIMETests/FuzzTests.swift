import Foundation
import Testing
@testable import MIME

/// Random and mutated messages: the parser must never trap and must stay fast on anything.
@Suite struct FuzzTests {
    /// SplitMix64: small, fast, and reproducible from a printed seed.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static let seeds: [String] = [
        "From: =?utf-8?q?J=C3=BCrgen?= <j@x.de>, \"B, C\" <b@x>\r\nTo: g: a@b, <c@d>;\r\nSubject: =?koi8-r?b?8NLJ?= x\r\n"
            + "Date: Mon, 6 Jan 2025 10:15:00 +0000\r\nMessage-ID: <a@b>\r\n"
            + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\npre\r\n--b1\r\n"
            + "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "caf=E9 =\r\nsoft\r\n--b1\r\nContent-Type: multipart/alternative; boundary=b2\r\n\r\n--b2\r\n"
            + "Content-Type: text/html; charset=shift_jis\r\n\r\n<p>x</p>\r\n--b2--\r\n--b1\r\n"
            + "Content-Type: application/pdf; name*0*=utf-8''%E2%82; name*1*=%AC.pdf\r\n"
            + "Content-Disposition: attachment; filename=\"=?utf-8?B?w6k=?=\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + "JVBERi0xLjQK\r\n--b1\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nbody\r\n--b1--\r\nepi",
        "Subject: plain\nContent-Type: text/plain; charset=iso-2022-jp\n\n\u{1B}$B$3$s\u{1B}(B\n",
        "Content-Type: multipart/digest; boundary=d\r\n\r\n--d\r\n\r\nSubject: a\r\n\r\nb\r\n--d\r\n\r\nx\r\n--d--",
        // A list archive's headers: "@" written as " at ", encoded-words with commas in names and comments.
        "From: vondruch at redhat.com (=?utf-8?q?V=C3=ADt_Ondruch,_x?=)\r\nTo: =?utf-8?q?a,b?= <a at b.c>, x at y dot z"
            + "\r\nCc: Friends of x, <u (c) v@w.x>\r\nSubject: (=?utf-8?q?et_en_plus,_en?= local )\r\n\r\nbody\r\n",
    ]

    static let tokens: [[UInt8]] = [
        "\r\n", "\n", "--b1", "--b1--", "--b2", "=?", "?=", "=?utf-8?q?", "=?utf-8?b?", "\"", "\\", "(", ")", "<",
        ">", ":", ";", ",", "@", "*0*=", "''", "%", "=", "=\r\n", "Content-Type: multipart/mixed; boundary=b1\r\n",
        "Content-Type: message/rfc822\r\n\r\n", "Content-Transfer-Encoding: base64\r\n", "\u{FF}", "\0", "\t", " ",
        " at ", "From: a at b.c\r\n",
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], using random: inout Generator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...8, using: &random) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.insert(contentsOf: tokens.randomElement(using: &random) ?? [], at: position)
            case 2 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...64, using: &random))
                bytes.removeSubrange(position..<end)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, position + Int.random(in: 1...128, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
            case 4: bytes.insert(UInt8.random(in: 0...255, using: &random), at: position)
            default: bytes = Array(bytes.prefix(position))
            }
        }
        return bytes
    }

    /// Reads everything a consumer of the parser reads, so lazily decoded fields are exercised too.
    static func exercise(_ bytes: [UInt8]) -> Int {
        let message = MIMEParser().parse(bytes)
        var total = message.subject?.count ?? 0
        total += message.from.count + message.to.count + message.cc.count + message.references.count
        total += message.date == nil ? 0 : 1
        total += message.allWarnings.count
        for part in message.allParts {
            total += part.filename?.count ?? 0
            if part.isLeaf { total += part.contentType.isText ? part.decodedText().text.count : part.decodedBody().count }
        }
        return total
    }

    @Test func hundredThousandMutatedAndRandomInputs() {
        let seed = ProcessInfo.processInfo.environment["MAILSTREAM_FUZZ_SEED"].flatMap(UInt64.init)
            ?? UInt64(Date().timeIntervalSince1970)
        var random = Generator(state: seed)
        let count = 100_000
        var slowest: Duration = .zero
        let clock = ContinuousClock()
        let seedBytes = Self.seeds.map { Array($0.utf8) }
        for index in 0..<count {
            let input: [UInt8]
            if index % 10 == 0 {
                input = (0..<Int.random(in: 0...512, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            } else {
                input = Self.mutate(seedBytes[index % seedBytes.count], using: &random)
            }
            let elapsed = clock.measure { _ = Self.exercise(input) }
            slowest = max(slowest, elapsed)
        }
        // Bounded time: no single small input may take long, whatever its shape (seed printed for reproduction).
        #expect(slowest < .seconds(1), "slowest input took \(slowest); MAILSTREAM_FUZZ_SEED=\(seed)")
    }

    static let pathological: [(name: String, bytes: [UInt8])] = [
        ("many encoded-word starts", Array(("Subject: " + String(repeating: "=?a?q?", count: 200_000)).utf8)),
        ("deep comments", Array(("From: " + String(repeating: "(", count: 200_000)).utf8)),
        ("many encoded-word starts in an address",
         Array(("From: " + String(repeating: "=?a?q?,", count: 200_000)).utf8)),
        ("many archive words", Array(("From: " + String(repeating: "a at b.c ", count: 200_000)).utf8)),
        ("many header lines", Array(String(repeating: "X-A: b\r\n", count: 200_000).utf8)),
        ("many boundaries", Array(("Content-Type: multipart/mixed; boundary=b\r\n\r\n"
            + String(repeating: "--b\r\n", count: 100_000)).utf8)),
        ("many parameters", Array(("Content-Type: text/plain" + String(repeating: "; a*9=b", count: 100_000)
            + "\r\n\r\nx").utf8)),
        ("long line", [UInt8](repeating: 0x41, count: 4_000_000)),
    ]

    @Test(arguments: pathological.indices)
    func pathologicalInputsStayLinear(_ index: Int) {
        let (name, bytes) = Self.pathological[index]
        let elapsed = ContinuousClock().measure { _ = Self.exercise(bytes) }
        #expect(elapsed < .seconds(10), "\(name) took \(elapsed)")
    }

    /// Mailboxes of random words, dots, "@", whitespace and comments: words are never glued into an address. Two
    /// words that only whitespace or comments separate give an archive's "local at domain" as "local@domain" or the
    /// words one space apart with a warning; otherwise the result is the words as written, with the whitespace and
    /// comments next to "." and "@" left out, and no warning.
    @Test func addressWordsAreNeverGlued() {
        let seed = ProcessInfo.processInfo.environment["MAILSTREAM_FUZZ_SEED"].flatMap(UInt64.init)
            ?? UInt64(Date().timeIntervalSince1970)
        var random = Generator(state: seed)
        let words: Set = ["jane", "at", "AT", "example.com", "x-y.org", "-bad", "\"q r\""]
        let separators: Set = ["(c)", " ", "\t", "  "]
        let pieces = Array(words) + Array(separators) + [".", "@"]
        var separatedCount = 0
        for _ in 0..<20_000 {
            let chosen = (0..<Int.random(in: 1...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            let input = Bool.random(using: &random) ? chosen.joined() : "N <\(chosen.joined())>"
            var warnings: [ParseWarning] = []
            let parsed = AddressParser.parse(Array(input.utf8), field: "from", warnings: &warnings)
            let glued = Self.withoutWhitespaceAndComments(chosen.joined())
            guard let address = parsed.first?.address else {
                #expect(glued.isEmpty, "\(input) gave no mailbox; MAILSTREAM_FUZZ_SEED=\(seed)")
                continue
            }
            var separated = false, afterWord = false, gap = false
            for piece in chosen {
                if words.contains(piece) {
                    separated = separated || gap
                    afterWord = true
                    gap = false
                } else {
                    gap = afterWord && separators.contains(piece)
                    afterWord = gap
                }
            }
            let context = "\(input) → \(address); MAILSTREAM_FUZZ_SEED=\(seed)"
            guard separated else {
                #expect(address == glued && warnings.isEmpty, "\(context)")
                continue
            }
            separatedCount += 1
            if warnings.isEmpty {
                let parts = address.split(separator: "@", omittingEmptySubsequences: false)
                #expect(parts.count == 2 && glued.lowercased() == parts.joined(separator: "at").lowercased()
                    && AddressParser.isLocalPart(Array(parts[0].utf8)) && AddressParser.isDomain(Array(parts[1].utf8)),
                    "\(context)")
            } else {
                #expect(address != glued && Self.withoutWhitespaceAndComments(address) == glued, "\(context)")
            }
        }
        #expect(separatedCount > 1_000)
    }

    /// The cheap check that spares most address fields a second parse for the message's warnings never says no
    /// where parsing warns.
    @Test func separatedWordsCheckNeverMissesAWarning() {
        let seed = ProcessInfo.processInfo.environment["MAILSTREAM_FUZZ_SEED"].flatMap(UInt64.init)
            ?? UInt64(Date().timeIntervalSince1970)
        var random = Generator(state: seed)
        let pieces = ["a", "at", "b.c", " ", "\t", "(", ")", "\\", "\"", "<", ">", ",", ":", ";", "@", ".", "\r\n",
                      "\u{E9}", "=?utf-8?q?x,y?=", "(c)", "\"q r\""]
        var warned = 0
        for _ in 0..<50_000 {
            let input = (0..<Int.random(in: 1...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            let padded = Array(("To: " + input.joined()).utf8)
            let bytes = padded[4...]  // a slice, as header values are
            var warnings: [ParseWarning] = []
            _ = AddressParser.parse(bytes, field: "to", warnings: &warnings)
            guard !warnings.isEmpty else { continue }
            warned += 1
            #expect(AddressParser.mayHaveSeparatedWords(bytes), "\(input.joined()); MAILSTREAM_FUZZ_SEED=\(seed)")
        }
        #expect(warned > 1_000, "too few inputs with a warning to check the cheap check: \(warned)")
    }

    /// The text with whitespace and comments outside quoted strings left out.
    static func withoutWhitespaceAndComments(_ text: String) -> String {
        var result = ""
        var inQuote = false
        var depth = 0
        for character in text {
            if character == "\"", depth == 0 { inQuote.toggle() }
            if !inQuote {
                if character == "(" { depth += 1; continue }
                if character == ")", depth > 0 { depth -= 1; continue }
                if depth > 0 || character.isWhitespace { continue }
            }
            result.append(character)
        }
        return result
    }
}

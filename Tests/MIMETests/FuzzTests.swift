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
    ]

    static let tokens: [[UInt8]] = [
        "\r\n", "\n", "--b1", "--b1--", "--b2", "=?", "?=", "=?utf-8?q?", "=?utf-8?b?", "\"", "\\", "(", ")", "<",
        ">", ":", ";", ",", "@", "*0*=", "''", "%", "=", "=\r\n", "Content-Type: multipart/mixed; boundary=b1\r\n",
        "Content-Type: message/rfc822\r\n\r\n", "Content-Transfer-Encoding: base64\r\n", "\u{FF}", "\0", "\t", " ",
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
}

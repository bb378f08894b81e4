@testable import EWSSimulator
import Foundation
import Testing

@testable import EWS

/// Mutated and truncated messages: the decoders, the client and the verifier must throw `NTLMError`, never trap,
/// and a mutated AUTHENTICATE must never be accepted.
@Suite("NTLM fuzzing")
struct NTLMFuzzTests {
    typealias F = NTLMFixtures

    static let credentials = NTLMCredentials(account: "CORP\\alice", password: "correct horse")

    static func lookup(user: String, domain: String) -> String? {
        user == "alice" && domain == "CORP" ? "correct horse" : nil
    }

    /// One valid exchange with every optional part present: timestamp and MIC, DNS names, channel binding,
    /// target name, key exchange, workstation.
    struct Capture {
        let negotiate: [UInt8]
        let challenge: [UInt8]
        let authenticate: [UInt8]
        var server: NTLMServer

        init() throws {
            let binding = NTLMChannelBinding(serverCertificateDER: Array("certificate".utf8))
            server = NTLMServer(
                configuration: .init(
                    dnsDomainName: "corp.example.com", dnsComputerName: "mail.corp.example.com",
                    channelBinding: .require(binding)
                ),
                clock: { Date(timeIntervalSince1970: 1_780_000_000) }
            )
            var client = NTLMClient(
                credentials: NTLMFuzzTests.credentials, workstation: "LAPTOP",
                targetName: "HTTP/mail.corp.example.com", channelBinding: binding, keyExchange: true
            )
            negotiate = client.negotiate()
            challenge = try server.challenge(negotiate: negotiate)
            authenticate = try client.authenticate(challenge: challenge)
            _ = try server.verify(authenticate: authenticate, password: NTLMFuzzTests.lookup)
        }

        /// Verifies `message` as the answer to the captured CHALLENGE.
        mutating func verify(_ message: [UInt8]) throws(NTLMError) -> NTLMAuthenticatedUser {
            try server.expectAuthenticate(negotiate: negotiate, challenge: challenge)
            return try server.verify(authenticate: message, password: NTLMFuzzTests.lookup)
        }

        /// Feeds a (mutated) CHALLENGE to a fresh client; whatever comes out must decode.
        func answer(_ challenge: [UInt8]) throws(NTLMError) {
            var client = NTLMClient(credentials: NTLMFuzzTests.credentials, keyExchange: true)
            _ = client.negotiate()
            let authenticate = try client.authenticate(challenge: challenge)
            _ = try NTLMAuthenticateMessage(decoding: authenticate)
        }
    }

    @Test func captureIsValid() throws {
        var capture = try Capture()
        #expect(try capture.verify(capture.authenticate).user == "alice")
    }

    @Test func truncatedAuthenticateNeverPasses() throws {
        var capture = try Capture()
        for length in 0..<capture.authenticate.count {
            #expect(throws: NTLMError.self) { try capture.verify(Array(capture.authenticate.prefix(length))) }
        }
    }

    /// The MIC covers every byte of the AUTHENTICATE but itself, and a MIC bit flip breaks the MIC: no single
    /// bit can change without detection.
    @Test func everyBitFlipOfAuthenticateIsRefused() throws {
        var capture = try Capture()
        var outcomes: [String: Int] = [:]
        for index in capture.authenticate.indices {
            for bit in 0..<8 {
                var message = capture.authenticate
                message[index] ^= 1 << bit
                do {
                    _ = try capture.verify(message)
                    Issue.record("flipping bit \(bit) of byte \(index) was accepted")
                } catch {
                    outcomes[error.description, default: 0] += 1
                }
            }
        }
        #expect(outcomes.values.reduce(0, +) == capture.authenticate.count * 8)
        #expect(outcomes["bad MIC", default: 0] > 0)
        #expect(outcomes["wrong password", default: 0] > 0)
        #expect(outcomes["malformed message", default: 0] > 0)
    }

    @Test func truncatedChallengeAndNegotiateThrow() throws {
        let capture = try Capture()
        // Every cut either loses the fixed header or leaves a payload field pointing past the end.
        for length in 0..<capture.challenge.count {
            #expect(throws: NTLMError.self) { try capture.answer(Array(capture.challenge.prefix(length))) }
        }
        for length in 0..<16 {
            #expect(throws: NTLMError.self) {
                try NTLMNegotiateMessage(decoding: Array(capture.negotiate.prefix(length)))
            }
        }
    }

    /// A few thousand random mutations of each message (bit flips, random bytes, cuts, extensions, extreme
    /// lengths and offsets in the header fields), with a fixed seed so failures reproduce.
    @Test(arguments: [0, 1, 2])
    func randomMutations(messageKind: Int) throws {
        var capture = try Capture()
        var random = NTLMFuzzRandom(seed: 0x4E54_4C4D + UInt64(messageKind))
        let original = [capture.negotiate, capture.challenge, capture.authenticate][messageKind]
        var accepted = 0
        for _ in 0..<2_000 {
            let message = Self.mutate(original, using: &random)
            _ = try? NTLMNegotiateMessage(decoding: message)
            _ = try? NTLMChallengeMessage(decoding: message)
            _ = try? NTLMAuthenticateMessage(decoding: message)
            switch messageKind {
            case 0:
                var server = NTLMServer()
                _ = try? server.challenge(negotiate: message)
            case 1:
                try? capture.answer(message)
            default:
                if message != original, (try? capture.verify(message)) != nil {
                    accepted += 1
                }
            }
        }
        #expect(accepted == 0)
    }

    @Test func randomGarbageWithSignature() {
        var random = NTLMFuzzRandom(seed: 42)
        var server = NTLMServer()
        for _ in 0..<2_000 {
            let count = Int(random.next() % 160)
            var message = NTLMByteReader.signature + [UInt8(random.next() % 4 + 1), 0, 0, 0]
            message += (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            _ = try? NTLMNegotiateMessage(decoding: message)
            _ = try? NTLMChallengeMessage(decoding: message)
            _ = try? NTLMAuthenticateMessage(decoding: message)
            _ = try? NTLMTargetInfo(parsing: Array(message.dropFirst(12)))
            _ = try? NTLMv2.Response(parsing: message)
            _ = try? server.challenge(negotiate: message)
            _ = try? server.verify(authenticate: message) { _, _ in "x" }
        }
    }

    static func mutate(_ original: [UInt8], using random: inout NTLMFuzzRandom) -> [UInt8] {
        var message = original
        for _ in 0...(random.next() % 3) {
            guard !message.isEmpty else { break }
            let index = Int(random.next() % UInt64(message.count))
            switch random.next() % 6 {
            case 0:
                message[index] ^= 1 << (random.next() % 8)
            case 1:
                message[index] = UInt8(truncatingIfNeeded: random.next())
            case 2:
                message.removeLast(Int(random.next() % UInt64(message.count)))
            case 3:
                message += (0..<(random.next() % 32)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            default:
                // A payload field's length or offset (header fields sit at 12...59, 8 bytes apart).
                let field = 12 + 8 * Int(random.next() % 6) + (random.next() % 2 == 0 ? 0 : 4)
                let extremes: [UInt32] = [0, 1, 0xFFFF, 0xFFFF_FFFF, UInt32(message.count), UInt32(message.count) &- 1]
                let value = extremes[Int(random.next() % UInt64(extremes.count))]
                for byte in 0..<4 where field + byte < message.count {
                    message[field + byte] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(byte)))
                }
            }
        }
        return message
    }
}

/// SplitMix64: a small seeded generator, so a fuzz failure reproduces.
struct NTLMFuzzRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

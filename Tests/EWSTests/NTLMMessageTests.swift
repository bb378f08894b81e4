import Foundation
import Testing

@testable import EWS

/// The message codecs and helpers on their own: round trips, limits, AV pair parsing, errors.
@Suite("NTLM messages")
struct NTLMMessageTests {
    typealias F = NTLMFixtures

    @Test func fileTime() {
        #expect(NTLMFileTime.fileTime(from: F.fileTimeZero) == 0)
        #expect(NTLMFileTime.fileTime(from: Date(timeIntervalSince1970: 1_495_570_387)) == F.Chromium.clientFileTime)
        #expect(NTLMFileTime.fileTime(from: Date(timeIntervalSince1970: 0.5)) == 116_444_736_005_000_000)
        #expect(NTLMFileTime.fileTime(from: Date(timeIntervalSince1970: -20_000_000_000)) == 0)
        #expect(NTLMFileTime.fileTime(from: Date.distantFuture) > 0)
    }

    /// Windows upper-cases user names one code unit at a time.
    @Test func userNameUppercasing() {
        #expect(NTLMString.uppercasedLikeWindows("user") == "USER")
        #expect(NTLMString.uppercasedLikeWindows("straße") == "STRAßE")
        #expect(NTLMString.uppercasedLikeWindows("émile") == "ÉMILE")
    }

    /// The client's NEGOTIATE: the flags of a current client, empty domain and workstation fields, zero Version.
    @Test func clientNegotiateMessage() {
        var client = NTLMClient(credentials: NTLMCredentials(user: "u", domain: "d", password: "p"))
        #expect(
            F.hex(client.negotiate())
                == "4e544c4d53535000" + "01000000" + "058288a2" + "0000000028000000" + "0000000028000000"
                + "000000000000000f"
        )
    }

    @Test func negotiateMessageWithNames() throws {
        let message = try NTLMNegotiateMessage(
            flags: .httpClient, domain: "CORP", workstation: "LAPTOP", version: .client
        )
        let decoded = try NTLMNegotiateMessage(decoding: message.encoded())
        #expect(decoded == message)
        #expect(decoded.flags.isSuperset(of: [.oemDomainSupplied, .oemWorkstationSupplied]))
        #expect(decoded.domain == "CORP")
        #expect(decoded.workstation == "LAPTOP")
        // The 16-byte form of old clients carries only flags.
        let short = try NTLMNegotiateMessage(decoding: Array(message.encoded().prefix(16)))
        #expect(short.flags == message.flags)
        #expect(short.domain == nil)
    }

    @Test func authenticateMessageRoundTripWithMIC() throws {
        let message = NTLMAuthenticateMessage(
            flags: [.unicode, .ntlm, .version],
            lmChallengeResponse: [UInt8](repeating: 0, count: 24),
            ntChallengeResponse: [UInt8](repeating: 7, count: 60),
            domain: "Dömain",
            user: "üser",
            workstation: "",
            version: .client,
            mic: [UInt8](repeating: 9, count: 16)
        )
        let bytes = try message.encoded()
        #expect(Array(bytes[72..<88]) == [UInt8](repeating: 9, count: 16))
        #expect(try NTLMAuthenticateMessage(decoding: bytes) == message)
        #expect(Array(NTLMAuthenticateMessage.zeroingMIC(in: bytes)[72..<88]) == [UInt8](repeating: 0, count: 16))
    }

    @Test func oversizedFieldsAreRejected() {
        let message = NTLMAuthenticateMessage(
            flags: [.unicode], lmChallengeResponse: [], ntChallengeResponse: [UInt8](repeating: 0, count: 70_000),
            domain: "", user: "", workstation: "", version: nil, mic: nil
        )
        #expect(throws: NTLMError.messageTooLarge) { try message.encoded() }
        #expect(throws: NTLMError.messageTooLarge) {
            try NTLMNegotiateMessage(
                flags: .httpClient, domain: String(repeating: "x", count: 70_000), workstation: nil
            )
        }
    }

    @Test func targetInfoParsing() throws {
        // MsvAvTimestamp with 3 bytes, a pair cut short, and MsvAvEOL with a value are malformed.
        #expect(throws: NTLMError.malformedMessage) { try NTLMTargetInfo(parsing: F.bytes("07000300010203")) }
        #expect(throws: NTLMError.malformedMessage) { try NTLMTargetInfo(parsing: F.bytes("01000c005300")) }
        #expect(throws: NTLMError.malformedMessage) { try NTLMTargetInfo(parsing: F.bytes("0000010000")) }
        // A list without MsvAvEOL is accepted; bytes after MsvAvEOL are ignored.
        #expect(try NTLMTargetInfo(parsing: F.bytes("010002004100")).string(.nbComputerName) == "A")
        #expect(try NTLMTargetInfo(parsing: F.bytes("01000200410000000000ffff")).pairs.count == 1)

        var info = NTLMTargetInfo()
        info.set(.timestamp, NTLMTargetInfo.uint64Value(0x0102_0304_0506_0708))
        info.set(.flags, NTLMTargetInfo.uint32Value(2))
        info.set(.dnsDomainName, NTLMString.utf16LE("corp.example.com"))
        info.set(.dnsComputerName, NTLMString.utf16LE("mail.corp.example.com"))
        let decoded = try NTLMTargetInfo(parsing: info.encoded())
        #expect(decoded == info)
        #expect(decoded.timestamp == 0x0102_0304_0506_0708)
        #expect(decoded.flags == 2)
        #expect(decoded.string(.dnsComputerName) == "mail.corp.example.com")
    }

    @Test func errorsRedactAndCompareByKind() {
        let detailed = NTLMError.malformed("12 bytes at offset 40")
        #expect(detailed == .malformedMessage)
        #expect(detailed != .wrongPassword)
        #expect(detailed.description == "malformed message")
        #expect(detailed.debugDescription.contains("offset 40"))
    }
}

import EWSSimulator
import Foundation
import Testing

@testable import EWS

/// Client against server verifier: whole handshakes, tampering, channel binding, HTTP headers.
@Suite("NTLM handshake")
struct NTLMHandshakeTests {
    typealias F = NTLMFixtures

    static let accounts = ["CORP\\alice": "correct horse", "corp.example.com\\bob": "battery staple"]
    static let alice = NTLMCredentials(account: "CORP\\alice", password: "correct horse")
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    static func lookup(user: String, domain: String) -> String? {
        accounts["\(domain)\\\(user)"]
    }

    static func server(_ configuration: NTLMServer.Configuration = .init()) -> NTLMServer {
        NTLMServer(configuration: configuration, clock: { now })
    }

    /// NEGOTIATE → CHALLENGE → AUTHENTICATE → verify, with an optional man in the middle on each message.
    struct Exchange {
        var client: NTLMClient
        var server: NTLMServer
        var negotiate: [UInt8] = []
        var challenge: [UInt8] = []
        var authenticate: [UInt8] = []

        init(client: NTLMClient, server: NTLMServer = NTLMHandshakeTests.server()) {
            self.client = client
            self.server = server
        }

        mutating func run(
            alterNegotiate: ([UInt8]) throws -> [UInt8] = { $0 },
            alterChallenge: ([UInt8]) throws -> [UInt8] = { $0 },
            alterAuthenticate: ([UInt8]) throws -> [UInt8] = { $0 }
        ) throws -> NTLMAuthenticatedUser {
            negotiate = client.negotiate()
            challenge = try server.challenge(negotiate: try alterNegotiate(negotiate))
            authenticate = try client.authenticate(challenge: try alterChallenge(challenge))
            return try server.verify(authenticate: try alterAuthenticate(authenticate), password: lookup)
        }
    }

    // MARK: Success

    @Test func roundTripWithServerTimestamp() throws {
        var exchange = Exchange(client: NTLMClient(credentials: Self.alice, workstation: "LAPTOP"))
        let account = try exchange.run()
        #expect(account.user == "alice")
        #expect(account.domain == "CORP")
        #expect(account.workstation == "LAPTOP")

        let sent = try NTLMAuthenticateMessage(decoding: exchange.authenticate)
        let response = try NTLMv2.Response(parsing: sent.ntChallengeResponse)
        #expect(sent.mic != nil)
        #expect(sent.lmChallengeResponse == [UInt8](repeating: 0, count: 24))
        #expect(response.targetInfo.flags == NTLMTargetInfo.flagMICPresent)
        #expect(response.timestamp == NTLMFileTime.fileTime(from: Self.now))
        #expect(!sent.flags.contains(.keyExchange))
    }

    @Test func roundTripWithoutServerTimestamp() throws {
        let clientTime = Date(timeIntervalSince1970: 1_700_000_000)
        var exchange = Exchange(
            client: NTLMClient(credentials: Self.alice, clock: { clientTime }),
            server: Self.server(.init(includesTimestamp: false))
        )
        _ = try exchange.run()
        let sent = try NTLMAuthenticateMessage(decoding: exchange.authenticate)
        let response = try NTLMv2.Response(parsing: sent.ntChallengeResponse)
        #expect(sent.mic == nil)
        #expect(response.targetInfo.flags == nil)
        #expect(response.timestamp == NTLMFileTime.fileTime(from: clientTime))
        // The LMv2 response ends with the client challenge.
        #expect(Array(sent.lmChallengeResponse.suffix(8)) == response.clientChallenge)
    }

    @Test func roundTripWithKeyExchange() throws {
        let sessionKey = [UInt8](repeating: 0x5A, count: 16)
        var exchange = Exchange(
            client: NTLMClient(
                credentials: Self.alice, keyExchange: true, random: { $0 == 16 ? sessionKey : F.clientChallenge }
            )
        )
        let account = try exchange.run()
        #expect(account.exportedSessionKey == sessionKey)
        #expect(try NTLMAuthenticateMessage(decoding: exchange.authenticate).encryptedRandomSessionKey.count == 16)
    }

    @Test func userPrincipalNameAccount() throws {
        let credentials = NTLMCredentials(account: "bob@corp.example.com", password: "battery staple")
        #expect(credentials.user == "bob")
        #expect(credentials.domain == "corp.example.com")
        var exchange = Exchange(client: NTLMClient(credentials: credentials))
        #expect(try exchange.run().user == "bob")
    }

    @Test func targetNameIsSent() throws {
        var exchange = Exchange(
            client: NTLMClient(
                credentials: Self.alice, targetName: NTLMClient.servicePrincipalName(host: "mail.example.com")
            )
        )
        _ = try exchange.run()
        let sent = try NTLMAuthenticateMessage(decoding: exchange.authenticate)
        let response = try NTLMv2.Response(parsing: sent.ntChallengeResponse)
        #expect(response.targetInfo.string(.targetName) == "HTTP/mail.example.com")
    }

    @Test func serverChallengeContents() throws {
        var server = Self.server(
            .init(
                serverChallenge: F.serverChallenge, netBIOSDomainName: "CORP", netBIOSComputerName: "MAIL01",
                dnsDomainName: "corp.example.com", dnsComputerName: "mail01.corp.example.com"
            )
        )
        var client = NTLMClient(credentials: Self.alice)
        let challenge = try NTLMChallengeMessage(decoding: try server.challenge(negotiate: client.negotiate()))
        #expect(challenge.serverChallenge == F.serverChallenge)
        #expect(challenge.targetName == "CORP")
        #expect(challenge.flags.isSuperset(of: [.unicode, .ntlm, .targetInfo, .extendedSessionSecurity, .version]))
        #expect(challenge.flags.isDisjoint(with: [.sign, .seal, .oem, .keyExchange]))
        #expect(challenge.targetInfo.string(.nbDomainName) == "CORP")
        #expect(challenge.targetInfo.string(.nbComputerName) == "MAIL01")
        #expect(challenge.targetInfo.string(.dnsDomainName) == "corp.example.com")
        #expect(challenge.targetInfo.string(.dnsComputerName) == "mail01.corp.example.com")
        #expect(challenge.targetInfo.timestamp == NTLMFileTime.fileTime(from: Self.now))

        // A client that doesn't ask for Unicode gets OEM.
        let oemNegotiate = NTLMNegotiateMessage(flags: [.oem, .ntlm, .requestTarget]).encoded()
        let oemChallenge = try NTLMChallengeMessage(decoding: try server.challenge(negotiate: oemNegotiate))
        #expect(oemChallenge.flags.contains(.oem))
        #expect(!oemChallenge.flags.contains(.unicode))
        #expect(oemChallenge.targetName == "CORP")
    }

    // MARK: Refusals

    @Test func wrongPassword() {
        var exchange = Exchange(client: NTLMClient(credentials: NTLMCredentials(account: "CORP\\alice", password: "x")))
        #expect(throws: NTLMError.wrongPassword) { try exchange.run() }
    }

    @Test func unknownUser() {
        var exchange = Exchange(
            client: NTLMClient(credentials: NTLMCredentials(account: "CORP\\mallory", password: "correct horse"))
        )
        #expect(throws: NTLMError.unknownUser) { try exchange.run() }
    }

    @Test func wrongDomainSpelling() {
        // The domain is part of NTOWFv2 and of the lookup key: "corp" is another account than "CORP" here.
        var exchange = Exchange(
            client: NTLMClient(credentials: NTLMCredentials(account: "corp\\alice", password: "correct horse"))
        )
        #expect(throws: NTLMError.unknownUser) { try exchange.run() }
    }

    @Test func micTamperingIsDetected() throws {
        // The MIC itself.
        var exchange = Exchange(client: NTLMClient(credentials: Self.alice))
        #expect(throws: NTLMError.badMIC) {
            try exchange.run(alterAuthenticate: { bytes in
                var bytes = bytes
                bytes[NTLMAuthenticateMessage.micOffset + 3] ^= 0x01
                return bytes
            })
        }
        // A flag downgrade in the AUTHENTICATE (NegotiateFlags is outside the NTLMv2 proof).
        exchange = Exchange(client: NTLMClient(credentials: Self.alice))
        #expect(throws: NTLMError.badMIC) {
            try exchange.run(alterAuthenticate: { bytes in
                var bytes = bytes
                bytes[61] ^= 0x80  // NTLMSSP_NEGOTIATE_ALWAYS_SIGN
                return bytes
            })
        }
        // A flag downgrade in the NEGOTIATE on its way to the server.
        exchange = Exchange(client: NTLMClient(credentials: Self.alice))
        #expect(throws: NTLMError.badMIC) {
            try exchange.run(alterNegotiate: { bytes in
                var bytes = bytes
                bytes[14] &= ~0x08  // NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY
                return bytes
            })
        }
        // A CHALLENGE altered on its way to the client (another TargetName, same nonce and TargetInfo).
        exchange = Exchange(client: NTLMClient(credentials: Self.alice))
        #expect(throws: NTLMError.badMIC) {
            try exchange.run(alterChallenge: { bytes in
                var challenge = try NTLMChallengeMessage(decoding: bytes)
                challenge.targetName = "EVIL"
                return try challenge.encoded()
            })
        }
        // The workstation name, which only the MIC covers.
        exchange = Exchange(client: NTLMClient(credentials: Self.alice, workstation: "LAPTOP"))
        #expect(throws: NTLMError.badMIC) {
            try exchange.run(alterAuthenticate: { bytes in
                var message = try NTLMAuthenticateMessage(decoding: bytes)
                message.workstation = "DESKTOP"
                return try message.encoded()
            })
        }
    }

    @Test func strippingTheMICIsDetected() throws {
        // Dropping the MIC field while MsvAvFlags still announces it.
        var exchange = Exchange(client: NTLMClient(credentials: Self.alice))
        #expect(throws: NTLMError.badMIC) {
            try exchange.run(alterAuthenticate: { bytes in
                var message = try NTLMAuthenticateMessage(decoding: bytes)
                message.mic = nil
                return try message.encoded()
            })
        }
        // Dropping MsvAvFlags too: the AV pairs are under NTProofStr, so the proof no longer matches.
        exchange = Exchange(client: NTLMClient(credentials: Self.alice))
        #expect(throws: NTLMError.wrongPassword) {
            try exchange.run(alterAuthenticate: { bytes in
                var message = try NTLMAuthenticateMessage(decoding: bytes)
                let response = try NTLMv2.Response(parsing: message.ntChallengeResponse)
                var info = response.targetInfo
                info.pairs.removeAll { $0.id == .flags }
                message.ntChallengeResponse = response.ntProof
                    + NTLMv2.clientBlob(
                        timestamp: response.timestamp, clientChallenge: response.clientChallenge,
                        targetInfo: info.encoded()
                    )
                message.mic = nil
                return try message.encoded()
            })
        }
    }

    // MARK: Channel binding

    static let serverCertificate = Array("DER of the server's certificate".utf8)
    static let proxyCertificate = Array("DER of a TLS-terminating proxy's certificate".utf8)

    @Test func channelBindingMatches() throws {
        let binding = NTLMChannelBinding(serverCertificateDER: Self.serverCertificate)
        var exchange = Exchange(
            client: NTLMClient(credentials: Self.alice, channelBinding: binding),
            server: Self.server(.init(channelBinding: .require(binding)))
        )
        #expect(try exchange.run().user == "alice")
    }

    @Test func channelBindingMismatch() {
        var exchange = Exchange(
            client: NTLMClient(
                credentials: Self.alice, channelBinding: NTLMChannelBinding(serverCertificateDER: Self.proxyCertificate)
            ),
            server: Self.server(
                .init(channelBinding: .require(NTLMChannelBinding(serverCertificateDER: Self.serverCertificate)))
            )
        )
        #expect(throws: NTLMError.wrongChannelBinding) { try exchange.run() }
    }

    @Test func channelBindingHashAlgorithmMismatch() {
        var exchange = Exchange(
            client: NTLMClient(
                credentials: Self.alice,
                channelBinding: NTLMChannelBinding(serverCertificateDER: Self.serverCertificate, hash: .sha384)
            ),
            server: Self.server(
                .init(channelBinding: .require(NTLMChannelBinding(serverCertificateDER: Self.serverCertificate)))
            )
        )
        #expect(throws: NTLMError.wrongChannelBinding) { try exchange.run() }
    }

    @Test func channelBindingMissing() {
        let binding = NTLMChannelBinding(serverCertificateDER: Self.serverCertificate)
        var exchange = Exchange(
            client: NTLMClient(credentials: Self.alice),
            server: Self.server(.init(channelBinding: .require(binding)))
        )
        #expect(throws: NTLMError.missingChannelBinding) { try exchange.run() }
    }

    @Test func channelBindingAllowedPolicy() throws {
        let binding = NTLMChannelBinding(serverCertificateDER: Self.serverCertificate)
        var unbound = Exchange(
            client: NTLMClient(credentials: Self.alice),
            server: Self.server(.init(channelBinding: .allow(binding)))
        )
        #expect(try unbound.run().user == "alice")

        var wrong = Exchange(
            client: NTLMClient(
                credentials: Self.alice, channelBinding: NTLMChannelBinding(serverCertificateDER: Self.proxyCertificate)
            ),
            server: Self.server(.init(channelBinding: .allow(binding)))
        )
        #expect(throws: NTLMError.wrongChannelBinding) { try wrong.run() }
    }
}

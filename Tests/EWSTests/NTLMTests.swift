@testable import EWSSimulator
import Foundation
import Testing

@testable import EWS

/// Known-answer tests: RFC 1320 for MD4, [MS-NLMP] 4.2.1/4.2.4 for NTLMv2, and Chromium's channel-binding data.
@Suite("NTLM test vectors")
struct NTLMTests {
    typealias F = NTLMFixtures

    // MARK: MD4

    struct MD4Vector: Sendable, CustomTestStringConvertible {
        let message: String
        let digest: String
        var testDescription: String { "MD4(\"\(message.prefix(20))\")" }
    }

    /// RFC 1320 appendix A.5, "Test suite".
    static let md4Suite = [
        MD4Vector(message: "", digest: "31d6cfe0d16ae931b73c59d7e0c089c0"),
        MD4Vector(message: "a", digest: "bde52cb31de33e46245e05fbdbd6fb24"),
        MD4Vector(message: "abc", digest: "a448017aaf21d8525fc10ae87aa6729d"),
        MD4Vector(message: "message digest", digest: "d9130a8164549fe818874806e1c7014b"),
        MD4Vector(message: "abcdefghijklmnopqrstuvwxyz", digest: "d79e1c308aa5bbcdeea8ed63df412da9"),
        MD4Vector(
            message: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
            digest: "043f8582f241db351ce627e153e7f0e4"
        ),
        MD4Vector(
            message: "12345678901234567890123456789012345678901234567890123456789012345678901234567890",
            digest: "e33b4ddc9c38f2199c3e7b164fcc0536"
        ),
    ]

    @Test(arguments: md4Suite)
    func md4(_ vector: MD4Vector) {
        #expect(F.hex(MD4.hash(Array(vector.message.utf8))) == vector.digest)
    }

    /// Lengths around the padding boundary (55, 56, 63, 64 bytes) all hash, to distinct digests.
    @Test func md4PaddingBoundaries() {
        let digests = (50...130).map { MD4.hash([UInt8](repeating: 0x61, count: $0)) }
        #expect(Set(digests.map(F.hex)).count == digests.count)
        #expect(digests.allSatisfy { $0.count == 16 })
    }

    // MARK: [MS-NLMP] 4.2.2 and 4.2.4

    /// [MS-NLMP] 4.2.2.1.2: NTOWFv1("Password"), the NT hash.
    @Test func ntHash() {
        #expect(F.hex(NTLMv2.ntHash(password: F.password)) == "a4f49c406510bdcab6824ee7c30fd852")
    }

    /// [MS-NLMP] 4.2.4.1.1: NTOWFv2.
    @Test func responseKey() {
        let key = NTLMv2.responseKey(password: F.password, user: F.user, domain: F.domain)
        #expect(F.hex(key) == "0c868a403bfd7a93a3001ef22ef02e3f")
    }

    /// [MS-NLMP] 4.2.4.1.3 (temp), 4.2.4.2.1 (LMv2), 4.2.4.2.2 (NTProofStr), 4.2.4.1.2 (session base key),
    /// 4.2.4.2.3 (encrypted random session key).
    @Test func responses() throws {
        let key = NTLMv2.responseKey(password: F.password, user: F.user, domain: F.domain)
        let challenge = try NTLMChallengeMessage(decoding: F.specChallenge)
        let blob = NTLMv2.clientBlob(
            timestamp: 0, clientChallenge: F.clientChallenge, targetInfo: challenge.targetInfo.encoded()
        )
        #expect(
            F.hex(blob) == "0101000000000000" + "0000000000000000" + "aaaaaaaaaaaaaaaa" + "00000000"
                + "02000c0044006f006d00610069006e00" + "01000c00530065007200760065007200" + "00000000"
                + "00000000"
        )

        let lm = NTLMv2.lmResponse(
            responseKey: key, serverChallenge: F.serverChallenge, clientChallenge: F.clientChallenge
        )
        #expect(F.hex(lm) == "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa")

        let proof = NTLMv2.ntProof(responseKey: key, serverChallenge: F.serverChallenge, clientBlob: blob)
        #expect(F.hex(proof) == "68cd0ab851e51c96aabc927bebef6a1c")

        let sessionBaseKey = NTLMv2.sessionBaseKey(responseKey: key, ntProof: proof)
        #expect(F.hex(sessionBaseKey) == "8de40ccadbc14a82f15cb0ad0de95ca3")

        let encrypted = RC4.encrypt(key: sessionBaseKey, F.randomSessionKey)
        #expect(F.hex(encrypted) == "c5dad2544fc9799094ce1ce90bc9d03e")
        #expect(RC4.encrypt(key: sessionBaseKey, encrypted) == F.randomSessionKey)
    }

    /// The CHALLENGE of [MS-NLMP] 4.2.4.3 decodes to its documented fields and encodes back byte for byte.
    @Test func specChallengeMessage() throws {
        let challenge = try NTLMChallengeMessage(decoding: F.specChallenge)
        #expect(challenge.flags.rawValue == 0xE28A_8233)
        #expect(challenge.targetName == "Server")
        #expect(challenge.serverChallenge == F.serverChallenge)
        #expect(challenge.targetInfo.string(.nbDomainName) == "Domain")
        #expect(challenge.targetInfo.string(.nbComputerName) == "Server")
        #expect(challenge.targetInfo.pairs.map(\.id) == [.nbDomainName, .nbComputerName])
        #expect(challenge.targetInfo.timestamp == nil)
        #expect(challenge.version == NTLMVersion(major: 6, minor: 0, build: 6000))
        #expect(try challenge.encoded() == F.specChallenge)
    }

    /// The whole AUTHENTICATE of [MS-NLMP] 4.2.4.3, encoded from responses this code computes (including the
    /// RC4 key exchange of RandomSessionKey 0x55 × 16), matches the spec byte for byte.
    @Test func specAuthenticateMessage() throws {
        let key = NTLMv2.responseKey(password: F.password, user: F.user, domain: F.domain)
        let challenge = try NTLMChallengeMessage(decoding: F.specChallenge)
        let blob = NTLMv2.clientBlob(
            timestamp: 0, clientChallenge: F.clientChallenge, targetInfo: challenge.targetInfo.encoded()
        )
        let proof = NTLMv2.ntProof(responseKey: key, serverChallenge: F.serverChallenge, clientBlob: blob)
        let message = NTLMAuthenticateMessage(
            flags: NTLMNegotiateFlags(rawValue: 0xE288_8235),
            lmChallengeResponse: NTLMv2.lmResponse(
                responseKey: key, serverChallenge: F.serverChallenge, clientChallenge: F.clientChallenge
            ),
            ntChallengeResponse: proof + blob,
            domain: F.domain,
            user: F.user,
            workstation: F.workstation,
            encryptedRandomSessionKey: RC4.encrypt(
                key: NTLMv2.sessionBaseKey(responseKey: key, ntProof: proof), F.randomSessionKey
            ),
            version: NTLMVersion(major: 5, minor: 1, build: 2600),
            mic: nil
        )
        #expect(F.hex(try message.encoded()) == F.hex(F.specAuthenticate))
        #expect(try NTLMAuthenticateMessage(decoding: F.specAuthenticate) == message)
    }

    /// `NTLMClient` answering the spec's CHALLENGE, with the spec's time, client challenge and session key,
    /// produces the spec's AUTHENTICATE except for the two fields a client chooses: NegotiateFlags (ours
    /// doesn't ask for signing, sealing or a target name: 0xe2888201) and Version (ours is zero).
    @Test func clientAnswersSpecChallenge() throws {
        var client = NTLMClient(
            credentials: NTLMCredentials(user: F.user, domain: F.domain, password: F.password),
            workstation: F.workstation,
            keyExchange: true,
            clock: { F.fileTimeZero },
            random: { $0 == 8 ? F.clientChallenge : F.randomSessionKey }
        )
        _ = client.negotiate()
        let authenticate = try client.authenticate(challenge: F.specChallenge)

        var expected = F.specAuthenticate
        expected.replaceSubrange(60..<72, with: F.bytes("018288e2" + "000000000000000f"))
        #expect(F.hex(authenticate) == F.hex(expected))
    }

    /// The server verifier accepts the spec's AUTHENTICATE and recovers the spec's RandomSessionKey.
    @Test func serverVerifiesSpecMessage() throws {
        var server = NTLMServer()
        try server.expectAuthenticate(negotiate: [], challenge: F.specChallenge)
        let account = try server.verify(authenticate: F.specAuthenticate) { user, domain in
            user == F.user && domain == F.domain ? F.password : nil
        }
        #expect(account.user == "User")
        #expect(account.domain == "Domain")
        #expect(account.workstation == "COMPUTER")
        #expect(account.exportedSessionKey == F.randomSessionKey)
    }

    // MARK: Channel binding, MIC (Chromium's data)

    /// The channel-binding hash of Microsoft's blog example.
    @Test func channelBindingHash() {
        let binding = NTLMChannelBinding(certificateHash: F.Chromium.certificateHash)
        #expect(binding.applicationData.count == 21 + 32)
        #expect(binding.hash == F.Chromium.channelBindingHash)
    }

    /// RFC 5929: the certificate is hashed with SHA-256 by default, with SHA-384/512 when asked.
    @Test func channelBindingHashesCertificate() {
        let certificate = Array("not really DER".utf8)
        let prefix = Array("tls-server-end-point:".utf8)
        #expect(NTLMChannelBinding(serverCertificateDER: certificate).applicationData.count == prefix.count + 32)
        #expect(
            NTLMChannelBinding(serverCertificateDER: certificate, hash: .sha384).applicationData.count
                == prefix.count + 48
        )
        #expect(
            NTLMChannelBinding(serverCertificateDER: certificate, hash: .sha512).applicationData.count
                == prefix.count + 64
        )
        // SHA-256("abc"), FIPS 180-2.
        #expect(
            NTLMChannelBinding(serverCertificateDER: Array("abc".utf8)).applicationData
                == prefix + F.bytes("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        )
    }

    /// The client extends the spec's TargetInfo the way Chromium's test data says (MsvAvFlags, channel binding,
    /// target name, in that order), and with Chromium's client time the proof and session base key match.
    @Test func extendedTargetInfoProof() throws {
        var client = NTLMClient(
            credentials: NTLMCredentials(user: F.user, domain: F.domain, password: F.password),
            workstation: F.workstation,
            targetName: NTLMClient.servicePrincipalName(host: "Server"),
            channelBinding: NTLMChannelBinding(certificateHash: F.Chromium.certificateHash),
            clock: { Date(timeIntervalSince1970: 1_495_570_387) },
            random: { _ in F.clientChallenge }
        )
        _ = client.negotiate()
        let sent = try NTLMAuthenticateMessage(decoding: try client.authenticate(challenge: F.specChallenge))
        let response = try NTLMv2.Response(parsing: sent.ntChallengeResponse)
        #expect(response.timestamp == F.Chromium.clientFileTime)

        // Chromium always sends a MIC; ours only when the server sent a timestamp, so add the flag for the vector.
        var targetInfo = response.targetInfo
        targetInfo.pairs.insert(NTLMAVPair(id: .flags, value: NTLMTargetInfo.uint32Value(2)), at: 2)
        #expect(F.hex(targetInfo.encoded()) == F.hex(F.Chromium.targetInfo))

        let key = NTLMv2.responseKey(password: F.password, user: F.user, domain: F.domain)
        let blob = NTLMv2.clientBlob(
            timestamp: F.Chromium.clientFileTime, clientChallenge: F.clientChallenge, targetInfo: F.Chromium.targetInfo
        )
        let proof = NTLMv2.ntProof(responseKey: key, serverChallenge: F.serverChallenge, clientBlob: blob)
        #expect(proof == F.Chromium.ntProof)
        #expect(NTLMv2.sessionBaseKey(responseKey: key, ntProof: proof) == F.Chromium.sessionBaseKey)
    }

    /// Chromium's AUTHENTICATE (another payload order, zero Version, a MIC): the MIC recomputes to Chromium's,
    /// and the server verifier accepts it with channel binding required.
    @Test func chromiumAuthenticateMessage() throws {
        let message = try NTLMAuthenticateMessage(decoding: F.Chromium.authenticate)
        #expect(message.user == "User")
        #expect(message.domain == "Domain")
        #expect(message.workstation == "COMPUTER")
        #expect(message.mic == F.Chromium.mic)
        #expect(
            NTLMv2.mic(
                exportedSessionKey: F.Chromium.sessionBaseKey,
                negotiate: F.Chromium.negotiate,
                challenge: F.specChallenge,
                authenticate: F.Chromium.authenticate
            ) == F.Chromium.mic
        )

        let binding = NTLMChannelBinding(certificateHash: F.Chromium.certificateHash)
        var server = NTLMServer(configuration: .init(channelBinding: .require(binding)))
        try server.expectAuthenticate(negotiate: F.Chromium.negotiate, challenge: F.specChallenge)
        let account = try server.verify(authenticate: F.Chromium.authenticate) { _, _ in F.password }
        #expect(account.exportedSessionKey == F.Chromium.sessionBaseKey)
    }
}

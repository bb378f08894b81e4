@testable import EWSSimulator
import Foundation
import Testing

@testable import EWS

/// The handshake's edges: calls out of order, wrong message types, NTLMv1, the HTTP header forms, and account names.
@Suite("NTLM over HTTP")
struct NTLMHTTPTests {
    typealias F = NTLMFixtures
    typealias Exchange = NTLMHandshakeTests.Exchange

    static let alice = NTLMHandshakeTests.alice

    static func server() -> NTLMServer {
        NTLMHandshakeTests.server()
    }

    static func lookup(user: String, domain: String) -> String? {
        NTLMHandshakeTests.lookup(user: user, domain: domain)
    }

    // MARK: State

    @Test func outOfOrderCalls() throws {
        var client = NTLMClient(credentials: Self.alice)
        #expect(throws: NTLMError.invalidState) { try client.authenticate(challenge: F.specChallenge) }

        var server = Self.server()
        #expect(throws: NTLMError.invalidState) { try server.verify(authenticate: F.specAuthenticate) { _, _ in nil } }

        // A CHALLENGE is answered once: the same AUTHENTICATE can't be replayed.
        var exchange = Exchange(client: NTLMClient(credentials: Self.alice))
        _ = try exchange.run()
        #expect(throws: NTLMError.invalidState) {
            try exchange.server.verify(authenticate: exchange.authenticate, password: Self.lookup)
        }
        #expect(throws: NTLMError.invalidState) { try exchange.client.authenticate(challenge: exchange.challenge) }
    }

    @Test func messagesOfTheWrongType() {
        var client = NTLMClient(credentials: Self.alice)
        let negotiate = client.negotiate()
        #expect(throws: NTLMError.unexpectedMessageType) { try client.authenticate(challenge: negotiate) }
        var server = Self.server()
        #expect(throws: NTLMError.unexpectedMessageType) { try server.challenge(negotiate: F.specChallenge) }
        #expect(throws: NTLMError.malformedMessage) { try server.challenge(negotiate: Array("hello".utf8)) }
    }

    @Test func ntlmV1AndAnonymousAreRefused() throws {
        for ntResponse in [[UInt8](repeating: 1, count: 24), []] {
            var server = Self.server()
            var client = NTLMClient(credentials: Self.alice)
            _ = try server.challenge(negotiate: client.negotiate())
            let message = NTLMAuthenticateMessage(
                flags: [.unicode, .ntlm], lmChallengeResponse: [UInt8](repeating: 1, count: 24),
                ntChallengeResponse: ntResponse, domain: "CORP", user: "alice", workstation: "",
                version: nil, mic: nil
            )
            #expect(throws: NTLMError.unsupportedResponse) {
                try server.verify(authenticate: try message.encoded(), password: Self.lookup)
            }
        }
    }

    // MARK: HTTP

    @Test func wwwAuthenticateParsing() throws {
        #expect(try NTLMHTTPHeader.challenge(inWWWAuthenticate: ["Negotiate", "NTLM"]) == .offered)
        #expect(try NTLMHTTPHeader.challenge(inWWWAuthenticate: ["Negotiate, ntlm"]) == .offered)
        #expect(try NTLMHTTPHeader.challenge(inWWWAuthenticate: ["Basic realm=\"mail\""]) == nil)
        #expect(try NTLMHTTPHeader.challenge(inWWWAuthenticate: ["Basic realm=\"a, NTLM\""]) == nil)
        #expect(try NTLMHTTPHeader.challenge(inWWWAuthenticate: ["NTLMv3"]) == nil)
        #expect(try NTLMHTTPHeader.challenge(inWWWAuthenticate: []) == nil)

        let token = Data(F.specChallenge).base64EncodedString()
        #expect(
            try NTLMHTTPHeader.challenge(inWWWAuthenticate: ["Negotiate", "Basic realm=\"x\"", "NTLM \(token)"])
                == .challenge(F.specChallenge)
        )
        #expect(
            try NTLMHTTPHeader.challenge(inWWWAuthenticate: ["Basic realm=\"x, y\", NTLM  \(token) "])
                == .challenge(F.specChallenge)
        )
        #expect(throws: NTLMError.malformedHeader) {
            try NTLMHTTPHeader.challenge(inWWWAuthenticate: ["NTLM not*base64"])
        }
    }

    @Test func authorizationValues() throws {
        #expect(NTLMHTTPHeader.value(for: [0x4E, 0x54, 0x4C, 0x4D]) == "NTLM TlRMTQ==")
        #expect(try NTLMHTTPHeader.message(inAuthorization: "NTLM TlRMTQ==") == [0x4E, 0x54, 0x4C, 0x4D])
        #expect(throws: NTLMError.malformedHeader) { try NTLMHTTPHeader.message(inAuthorization: "Basic dTpw") }
        #expect(throws: NTLMError.malformedHeader) { try NTLMHTTPHeader.message(inAuthorization: "NTLM") }
    }

    /// The 401 → NEGOTIATE → 401 → AUTHENTICATE dance through header values only, as the EWS driver will run it.
    @Test func headerDrivenHandshake() throws {
        var client = NTLMClient(credentials: Self.alice)
        var server = Self.server()

        let first = try client.nextAuthorization(wwwAuthenticate: ["Negotiate", "NTLM"])
        let challenge = try server.challenge(negotiate: NTLMHTTPHeader.message(inAuthorization: first))
        let second = try client.nextAuthorization(wwwAuthenticate: ["Negotiate", NTLMHTTPHeader.value(for: challenge)])
        let account = try server.verify(
            authenticate: NTLMHTTPHeader.message(inAuthorization: second), password: Self.lookup
        )
        #expect(account.user == "alice")

        // Another 401 after the AUTHENTICATE means the credentials were refused.
        #expect(throws: NTLMError.rejected) { try client.nextAuthorization(wwwAuthenticate: ["NTLM"]) }
    }

    @Test func headerDrivenEdgeCases() throws {
        var client = NTLMClient(credentials: Self.alice)
        #expect(throws: NTLMError.notOffered) { try client.nextAuthorization(wwwAuthenticate: ["Basic realm=\"x\""]) }
        #expect(throws: NTLMError.invalidState) {
            try client.nextAuthorization(wwwAuthenticate: [NTLMHTTPHeader.value(for: F.specChallenge)])
        }
        _ = try client.nextAuthorization(wwwAuthenticate: ["NTLM"])
        // A bare NTLM again after our NEGOTIATE: the server dropped the handshake.
        #expect(throws: NTLMError.rejected) { try client.nextAuthorization(wwwAuthenticate: ["NTLM"]) }
    }

    // MARK: Credentials

    @Test func accountNameForms() {
        let downLevel = NTLMCredentials(account: "CORP\\alice", password: "p")
        #expect(downLevel.user == "alice")
        #expect(downLevel.domain == "CORP")
        let principal = NTLMCredentials(account: "alice@corp.example.com", password: "p")
        #expect(principal.user == "alice")
        #expect(principal.domain == "corp.example.com")
        let bare = NTLMCredentials(account: "alice", password: "p")
        #expect(bare.user == "alice")
        #expect(bare.domain == "")
    }

    @Test func credentialsNeverPrintThePassword() {
        let credentials = NTLMCredentials(account: "CORP\\alice", password: "hunter2")
        #expect(String(describing: credentials) == "CORP\\alice")
        #expect(!String(reflecting: credentials).contains("hunter2"))
        #expect(!"\(credentials)".contains("hunter2"))
    }
}

import EWS
import EWSSimulator
import Foundation
import Testing

@Suite("Authentication: NTLM per connection, Basic and Bearer per request")
struct AuthenticationTests {
    let hierarchy = EWSRequestBuilder(version: .exchange2016).syncFolderHierarchy(syncState: nil)

    /// With and without key exchange and MIC (the second is the pyspnego compatibility setting).
    @Test(arguments: [true, false])
    func ntlmHandshakeAuthenticatesTheConnection(keyExchangeAndMIC: Bool) async throws {
        try await Fixture.withSimulator([.ntlm], ntlmKeyExchangeAndMIC: keyExchangeAndMIC) { _, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let first = try await connection.send(body: hierarchy.body)
                #expect(first.status == 401)
                #expect(first.wwwAuthenticate.contains("NTLM"))
                #expect(first.wwwAuthenticate.contains("Negotiate"))

                let answer = try await TestEWSSession.ntlmHandshake(
                    connection,
                    credentials: NTLMCredentials(account: "CONTOSO\\alice", password: Fixture.alicePassword),
                    body: hierarchy.body
                )
                #expect(answer.status == 200)
                let parsed = try EWSResponseParser.parseSyncFolderHierarchy(answer.body)
                #expect(parsed.messages?.first?.status.isSuccess == true)

                // The connection stays authenticated: no header needed on the next request.
                let again = try await connection.send(body: hierarchy.body)
                #expect(again.status == 200)
            }
        }
    }

    @Test func ntlmWrongPasswordGets401() async throws {
        try await Fixture.withSimulator([.ntlm]) { _, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let answer = try await TestEWSSession.ntlmHandshake(
                    connection,
                    credentials: NTLMCredentials(account: "alice@contoso.com", password: "wrong"),
                    body: hierarchy.body
                )
                #expect(answer.status == 401)
                #expect(answer.wwwAuthenticate.contains("NTLM"))
                let retry = try await connection.send(body: hierarchy.body)
                #expect(retry.status == 401)
            }
        }
    }

    @Test func aNewConnectionMustAuthenticateAgain() async throws {
        try await Fixture.withSimulator([.ntlm]) { _, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let answer = try await TestEWSSession.ntlmHandshake(
                    connection,
                    credentials: NTLMCredentials(account: "alice", password: Fixture.alicePassword),
                    body: hierarchy.body
                )
                #expect(answer.status == 200)
            }
            try await TestHTTPConnection.with(port: port) { connection in
                let answer = try await connection.send(body: hierarchy.body)
                #expect(answer.status == 401)
            }
        }
    }

    @Test func basicChecksUserAndPassword() async throws {
        try await Fixture.withSimulator([.basic]) { _, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let good = try await TestEWSSession(
                    connection: connection,
                    credentials: .basic(user: "alice@contoso.com", password: Fixture.alicePassword)
                ).send(hierarchy)
                #expect(good.status == 200)
                let bad = try await TestEWSSession(
                    connection: connection, credentials: .basic(user: "alice", password: "nope")
                ).send(hierarchy)
                #expect(bad.status == 401)
                #expect(bad.wwwAuthenticate.contains { $0.hasPrefix("Basic") })
                let none = try await connection.send(body: hierarchy.body)
                #expect(none.status == 401)
            }
        }
    }

    @Test func bearerAcceptsConfiguredTokensOnly() async throws {
        try await Fixture.withSimulator([.bearer]) { _, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let builder = EWSRequestBuilder(
                    version: .exchange2016, access: .impersonation(smtpAddress: Fixture.alice))
                let good = try await TestEWSSession(connection: connection, credentials: .bearer(Fixture.appToken))
                    .send(builder.syncFolderHierarchy(syncState: nil))
                #expect(good.status == 200)
                #expect(
                    try EWSResponseParser.parseSyncFolderHierarchy(good.body).messages?.first?.status.isSuccess == true)

                let bad = try await TestEWSSession(connection: connection, credentials: .bearer("forged"))
                    .send(builder.syncFolderHierarchy(syncState: nil))
                #expect(bad.status == 401)
                #expect(bad.wwwAuthenticate.contains { $0.hasPrefix("Bearer") })
            }
        }
    }

    @Test func ntlmCanBeOfferedBesideBasic() async throws {
        try await Fixture.withSimulator([.ntlm, .basic]) { _, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let first = try await connection.send(body: hierarchy.body)
                #expect(first.status == 401)
                #expect(first.wwwAuthenticate == ["Negotiate", "NTLM", #"Basic realm="EXCH01""#])
                let good = try await TestEWSSession(
                    connection: connection, credentials: .basic(user: "bob", password: Fixture.bobPassword)
                ).send(hierarchy)
                #expect(good.status == 200)
            }
        }
    }

    /// Some clients wrap raw NTLM in the Negotiate scheme; IIS answers in the scheme it was asked in.
    @Test func ntlmInsideNegotiate() async throws {
        try await Fixture.withSimulator([.ntlm]) { _, port in
            try await TestHTTPConnection.with(port: port) { connection in
                var client = NTLMClient(credentials: NTLMCredentials(account: "bob", password: Fixture.bobPassword))
                let negotiate = Data(client.negotiate()).base64EncodedString()
                let challenged = try await connection.send(
                    headers: [("Authorization", "Negotiate \(negotiate)")], body: hierarchy.body
                )
                #expect(challenged.status == 401)
                let value = try #require(challenged.wwwAuthenticate.first)
                #expect(value.hasPrefix("Negotiate "))
                let challenge = try #require(Data(base64Encoded: String(value.dropFirst("Negotiate ".count))))
                let authenticate = try client.authenticate(challenge: Array(challenge))
                let answer = try await connection.send(
                    headers: [("Authorization", "Negotiate \(Data(authenticate).base64EncodedString())")],
                    body: hierarchy.body
                )
                #expect(answer.status == 200)
            }
        }
    }
}

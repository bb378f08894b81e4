import EntraSimulator
import EWS
import EWSSimulator
import Foundation
import Testing

@Suite("The Entra ID token endpoint: client credentials, Entra's error shape, tokens EWS accepts until they expire")
struct TokenEndpointTests {
    static let tenant = "contoso.onmicrosoft.com"
    static let clientID = "app-1"
    static let secret = "the-secret"

    static func withSimulator(_ body: (EWSSimulator, Int) async throws -> Void) async throws {
        var configuration = Fixture.configuration([.bearer])
        configuration.applications = [
            RegisteredApplication(tenant: tenant, clientID: clientID,
                                  secrets: [.init(secret),
                                            .init("old-secret", expires: Date(timeIntervalSinceNow: -5))],
                                  login: "svc-sync"),
        ]
        configuration.tokenLifetime = 1234
        let simulator = EWSSimulator(configuration: configuration)
        let port = try await simulator.start()
        do {
            try await body(simulator, port)
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }

    static func form(clientID: String = clientID, secret: String = secret,
                     scope: String = "https://outlook.office365.com/.default") -> [UInt8] {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._"))
        func escape(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text }
        let form = "grant_type=client_credentials&client_id=\(escape(clientID))&scope=\(escape(scope))"
            + "&client_secret=\(escape(secret))"
        return Array(form.utf8)
    }

    static func requestToken(_ connection: TestHTTPConnection, tenant: String = tenant, body: [UInt8] = form())
        async throws -> (TestHTTPConnection.Response, [String: Any]) {
        let response = try await connection.send(
            path: "/\(tenant)/oauth2/v2.0/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
        let json = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        return (response, json)
    }

    struct Refusal: Sendable, CustomTestStringConvertible {
        var tenant: String
        var clientID: String
        var secret: String
        var status: Int
        var error: String
        var code: Int
        var testDescription: String { "AADSTS\(code)" }
    }

    @Test(arguments: [
        Refusal(tenant: tenant, clientID: clientID, secret: "wrong", status: 401, error: "invalid_client",
                code: 7_000_215),
        Refusal(tenant: tenant, clientID: clientID, secret: "old-secret", status: 401, error: "invalid_client",
                code: 7_000_222),
        Refusal(tenant: tenant, clientID: "app-2", secret: secret, status: 400, error: "unauthorized_client",
                code: 700_016),
        Refusal(tenant: "fabrikam.com", clientID: clientID, secret: secret, status: 400, error: "invalid_request",
                code: 90002),
    ])
    func refusalsHaveEntrasShape(_ refusal: Refusal) async throws {
        try await Self.withSimulator { simulator, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let (response, json) = try await Self.requestToken(
                    connection, tenant: refusal.tenant,
                    body: Self.form(clientID: refusal.clientID, secret: refusal.secret))
                #expect(response.status == refusal.status)
                #expect(response.header("Content-Type").first?.hasPrefix("application/json") == true)
                #expect(json["error"] as? String == refusal.error)
                #expect((json["error_description"] as? String)?.hasPrefix("AADSTS\(refusal.code): ") == true)
                #expect((json["error_description"] as? String)?.contains("\r\nTrace ID: ") == true)
                #expect(json["error_codes"] as? [Int] == [refusal.code])
                for key in ["timestamp", "trace_id", "correlation_id"] { #expect(json[key] is String, "\(key)") }
            }
            #expect(simulator.tokenRequests.map(\.errorCode) == [refusal.code])
            #expect(simulator.tokensIssued == 0)
        }
    }

    @Test func anIssuedTokenOpensMailboxesUntilItExpires() async throws {
        try await Self.withSimulator { simulator, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let (response, json) = try await Self.requestToken(connection)
                #expect(response.status == 200)
                #expect(json["token_type"] as? String == "Bearer")
                #expect(json["expires_in"] as? Int == 1234)
                let token = try #require(json["access_token"] as? String)
                let hierarchy = EWSRequestBuilder(version: .exchange2016,
                                                  access: .impersonation(smtpAddress: Fixture.alice))
                    .syncFolderHierarchy(syncState: nil)
                let headers = [("Authorization", "Bearer \(token)")] + hierarchy.headers.map { ($0.name, $0.value) }
                let allowed = try await connection.send(headers: headers, body: hierarchy.body)
                #expect(allowed.status == 200)
                simulator.expireIssuedTokens()
                let refused = try await connection.send(headers: headers, body: hierarchy.body)
                #expect(refused.status == 401)
                #expect(refused.wwwAuthenticate.contains(#"Bearer error="invalid_token""#))
            }
            #expect(simulator.tokensIssued == 1)
        }
    }

    @Test func laterChangesToTheAppAreSeenByTheNextRequest() async throws {
        try await Self.withSimulator { simulator, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let first = try await Self.requestToken(connection)
                #expect(first.0.status == 200)
                simulator.expireSecrets(clientID: Self.clientID)
                let expired = try await Self.requestToken(connection)
                #expect(expired.1["error_codes"] as? [Int] == [7_000_222])
                simulator.setApplicationEnabled(false, clientID: Self.clientID)
                let disabled = try await Self.requestToken(connection)
                #expect(disabled.1["error_codes"] as? [Int] == [7_000_112])
                simulator.removeApplication(clientID: Self.clientID)
                let removed = try await Self.requestToken(connection)
                #expect(removed.1["error_codes"] as? [Int] == [700_016])
            }
            #expect(simulator.tokenRequests.count == 4)
        }
    }

    @Test func injectedFailuresComeFirstThenTokensAgain() async throws {
        try await Self.withSimulator { simulator, port in
            simulator.failNextTokenRequests(with: .throttled(retryAfter: 7))
            simulator.failNextTokenRequests(with: .serviceUnavailable)
            try await TestHTTPConnection.with(port: port) { connection in
                let throttled = try await Self.requestToken(connection).0
                #expect(throttled.status == 429)
                #expect(throttled.header("Retry-After") == ["7"])
                let unavailable = try await Self.requestToken(connection).0
                #expect(unavailable.status == 503)
                let issued = try await Self.requestToken(connection).0
                #expect(issued.status == 200)
            }
            #expect(simulator.tokenRequests.map(\.status) == [429, 503, 200])
        }
    }
}

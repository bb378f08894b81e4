import EntraSimulator
import Foundation
import GraphSimulator
import MicrosoftIdentity
import NIOHTTP1
import Testing

/// The simulated Entra ID token endpoint: client credentials with a secret or a certificate assertion, Graph's
/// scopes, and the AADSTS errors in Entra's shape; the tokens it issues are what the Graph endpoints check.
@Suite struct TokenEndpointTests {
    func request(
        _ port: Int, tenant: String = Fixture.tenantID, fields: [(String, String)]
    ) async throws
        -> TestResponse
    {
        try await TestHTTP.send(
            port: port, method: .POST, target: "/\(tenant)/oauth2/v2.0/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: TestHTTP.form(fields))
    }

    func secretFields(
        secret: String = Fixture.secret, clientID: String = Fixture.clientID,
        scope: String = Fixture.scope
    ) -> [(String, String)] {
        [("client_id", clientID), ("client_secret", secret), ("scope", scope), ("grant_type", "client_credentials")]
    }

    @Test func aSecretGetsATokenGraphAccepts() async throws {
        try await Fixture.withSimulator { simulator, session in
            let response = try await request(session.port, tenant: Fixture.tenantDomain, fields: secretFields())
            #expect(response.status == 200)
            #expect(response.json["token_type"] as? String == "Bearer")
            #expect(response.json["expires_in"] as? Int == 3599)
            let token = try #require(response.json["access_token"] as? String)
            #expect(token.split(separator: ".").count == 3, "JWT-shaped, as Entra's are")
            let folders = try await GraphSession(port: session.port, token: token).get(
                "/v1.0/users/\(Fixture.alice)/mailFolders")
            #expect(folders.status == 200)
            #expect(simulator.tokenRequests.last?.credential == .secret)
        }
    }

    @Test(arguments: [
        "https://graph.microsoft.us/.default", "https://dod-graph.microsoft.us/.default",
        "https://microsoftgraph.chinacloudapi.cn/.default",
    ])
    func nationalCloudScopesAreGraphToo(scope: String) async throws {
        try await Fixture.withSimulator { _, session in
            let response = try await request(session.port, fields: secretFields(scope: scope))
            #expect(response.status == 200, "\(response.text)")
        }
    }

    @Test func errorsHaveEntrasShape() async throws {
        try await Fixture.withSimulator { simulator, session in
            let wrong = try await request(session.port, fields: secretFields(secret: "nope"))
            #expect(wrong.status == 401)
            #expect(wrong.json["error"] as? String == "invalid_client")
            #expect(wrong.json["error_codes"] as? [Int] == [7_000_215])
            #expect((wrong.json["error_description"] as? String)?.hasPrefix("AADSTS7000215: ") == true)
            // Entra ID separates the trace, correlation and timestamp lines with CRLF.
            #expect((wrong.json["error_description"] as? String)?.contains("\r\nTrace ID: ") == true)
            for key in ["timestamp", "trace_id", "correlation_id", "error_uri"] { #expect(wrong.json[key] != nil) }

            let unknown = try await request(session.port, fields: secretFields(clientID: "00000000-0000-0000-0000-1"))
            #expect(unknown.status == 400)
            #expect(unknown.json["error"] as? String == "unauthorized_client")
            #expect(unknown.json["error_codes"] as? [Int] == [700_016])

            let badScope = try await request(
                session.port, fields: secretFields(scope: "https://outlook.office365.com/.default"))
            #expect(badScope.json["error"] as? String == "invalid_scope")

            let noTenant = try await request(session.port, tenant: "fabrikam.onmicrosoft.com", fields: secretFields())
            #expect(noTenant.json["error_codes"] as? [Int] == [90002])

            simulator.expireSecrets(clientID: Fixture.clientID)
            let expired = try await request(session.port, fields: secretFields())
            #expect(expired.status == 401)
            #expect(expired.json["error_codes"] as? [Int] == [7_000_222])

            simulator.setApplicationEnabled(false, clientID: Fixture.clientID)
            let disabled = try await request(session.port, fields: secretFields())
            #expect(disabled.json["error_codes"] as? [Int] == [7_000_112])
            #expect(disabled.json["error"] as? String == "unauthorized_client")
        }
    }

    @Test func aCertificateAssertionSignedByTheProductsCodeIsAccepted() async throws {
        try await Fixture.withSimulator { simulator, session in
            let certificate = try ClientCertificate(
                certificatePEM: try Fixture.fixture("app-certificate"),
                privateKeyPEM: try Fixture.fixture("app-private-key"))
            let audience = try #require(
                URL(string: "http://127.0.0.1:\(session.port)/\(Fixture.tenantID)/oauth2/v2.0/token"))
            let assertion = try ClientAssertion(
                certificate: certificate, clientID: Fixture.clientID, audience: audience)
            let fields = [
                ("client_id", Fixture.clientID), ("scope", Fixture.scope),
                ("grant_type", "client_credentials"),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", assertion.compact),
            ]
            let accepted = try await request(session.port, fields: fields)
            #expect(accepted.status == 200, "\(accepted.text)")
            #expect(simulator.tokenRequests.last?.credential == .assertion)

            let otherKey = try ClientCertificate(
                certificatePEM: try Fixture.fixture("app-certificate"),
                privateKeyPEM: try Fixture.fixture("app-private-key"))
            let wrongAudience = try ClientAssertion(
                certificate: otherKey, clientID: Fixture.clientID,
                audience: try #require(URL(string: "https://login.microsoftonline.com/x/oauth2/v2.0/token")))
            let refused = try await request(
                session.port, fields: fields.dropLast() + [("client_assertion", wrongAudience.compact)])
            #expect(refused.status == 401)
            #expect(refused.json["error_codes"] as? [Int] == [700_023])
        }
    }

    @Test func expiredTokensGet401InvalidAuthenticationToken() async throws {
        try await Fixture.withSimulator { simulator, session in
            simulator.expireIssuedTokens()
            let response = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders")
            #expect(response.status == 401)
            #expect(response.errorCode == "InvalidAuthenticationToken")
            #expect(response.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
            let missing = try await TestHTTP.send(
                port: session.port, target: "/v1.0/users/\(Fixture.alice)/mailFolders")
            #expect(missing.status == 401)
            #expect(missing.errorMessage == "Access token is empty.")
        }
    }

    @Test func openIDDiscoveryPointsAtThisServer() async throws {
        try await Fixture.withSimulator { _, session in
            let response = try await TestHTTP.send(
                port: session.port, target: "/\(Fixture.tenantDomain)/v2.0/.well-known/openid-configuration")
            #expect(response.status == 200)
            #expect(
                response.json["token_endpoint"] as? String
                    == "http://127.0.0.1:\(session.port)/\(Fixture.tenantID)/oauth2/v2.0/token")
        }
    }

    @Test func tokenEndpointFailuresOnDemand() async throws {
        try await Fixture.withSimulator { simulator, session in
            simulator.failNextTokenRequests(with: .throttled(retryAfter: 3))
            let throttled = try await request(session.port, fields: secretFields())
            #expect(throttled.status == 429)
            #expect(throttled.header("Retry-After") == "3")
            let next = try await request(session.port, fields: secretFields())
            #expect(next.status == 200)
        }
    }
}

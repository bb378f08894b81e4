import Domain
import Foundation
import MicrosoftIdentity
import Synchronization
import Testing

@Suite struct TokenProviderTests {
    /// Records requests and answers each with the next canned response.
    final class FakeEndpoint: Sendable {
        let requests = Mutex<[TokenEndpointRequest]>([])
        let answers: Mutex<[TokenEndpointResponse]>

        init(_ answers: [TokenEndpointResponse]) {
            self.answers = Mutex(answers)
        }

        var transport: TokenEndpointTransport {
            { request in
                self.requests.withLock { $0.append(request) }
                return self.answers.withLock { answers in
                    answers.isEmpty ? TokenEndpointResponse(status: 500, body: []) : answers.removeFirst()
                }
            }
        }

        func form(_ index: Int) -> [String: String] {
            let body = requests.withLock { String(decoding: $0[index].body, as: UTF8.self) }
            return Dictionary(FormURLEncoding.decode(body) ?? [], uniquingKeysWith: { $1 })
        }
    }

    static func token(_ value: String, expiresIn: Int = 3599) -> TokenEndpointResponse {
        TokenEndpointResponse(status: 200, body: Array(
            #"{"token_type":"Bearer","expires_in":\#(expiresIn),"access_token":"\#(value)"}"#.utf8))
    }

    @Test func aSecretRequestPostsTheFormToTheTenantsEndpoint() async throws {
        let endpoint = FakeEndpoint([Self.token("A")])
        let application = try ClientCredentialsApplication(tenantID: "contoso.onmicrosoft.com", clientID: "app-1",
                                                           credential: .secret("s3cret+/="), cloud: .usGovernmentHigh)
        let provider = ClientCredentialsTokenProvider(
            application: application, scope: AzureCloud.usGovernmentHigh.exchangeScope, cache: TokenCache(),
            transport: endpoint.transport)
        #expect(try await provider.accessToken().value == "A")
        let request = try #require(endpoint.requests.withLock { $0.first })
        #expect(request.url.absoluteString
            == "https://login.microsoftonline.us/contoso.onmicrosoft.com/oauth2/v2.0/token")
        #expect(request.headers.contains { $0 == ("Content-Type", "application/x-www-form-urlencoded") })
        #expect(endpoint.form(0) == ["client_id": "app-1", "scope": "https://outlook.office365.us/.default",
                                     "grant_type": "client_credentials", "client_secret": "s3cret+/="])
    }

    @Test func aCertificateRequestSendsASignedAssertionForThatEndpoint() async throws {
        let endpoint = FakeEndpoint([Self.token("B")])
        let certificate = try ClientCertificate(certificatePEM: try Fixture.certificate,
                                                privateKeyPEM: try Fixture.privateKey)
        let application = try ClientCredentialsApplication(tenantID: "t1", clientID: "app-2",
                                                           credential: .certificate(certificate))
        let provider = ClientCredentialsTokenProvider(application: application, scope: AzureCloud.global.exchangeScope,
                                                      cache: TokenCache(), transport: endpoint.transport)
        _ = try await provider.accessToken()
        let form = endpoint.form(0)
        #expect(form["client_secret"] == nil)
        #expect(form["client_assertion_type"] == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
        let claimsPart = try #require(form["client_assertion"]?.split(separator: ".").dropFirst().first)
        let claimsJSON = try #require(Base64URL.decode(String(claimsPart)))
        let claims = try #require(try JSONSerialization.jsonObject(with: claimsJSON) as? [String: Any])
        #expect(claims["aud"] as? String == "https://login.microsoftonline.com/t1/oauth2/v2.0/token")
    }

    @Test func providersOfTheSameAppShareTheCachedToken() async throws {
        let endpoint = FakeEndpoint([Self.token("A"), Self.token("B")])
        let cache = TokenCache()
        func provider(_ secret: String) throws -> ClientCredentialsTokenProvider {
            ClientCredentialsTokenProvider(
                application: try ClientCredentialsApplication(tenantID: "t", clientID: "c",
                                                              credential: .secret(secret)),
                scope: AzureCloud.global.exchangeScope, cache: cache, transport: endpoint.transport)
        }
        #expect(try await provider("one").accessToken().value == "A")
        #expect(try await provider("one").accessToken().value == "A")
        #expect(try await provider("two").accessToken().value == "B")
        #expect(endpoint.requests.withLock { $0.count } == 2)
    }

    /// The token's expiry is on the cache's clock, so the cache replaces it on time whatever the wall clock says.
    @Test func tokensAreStampedWithTheCachesClock() async throws {
        let endpoint = FakeEndpoint([Self.token("A"), Self.token("B")])
        let clock = TestClock()
        let provider = ClientCredentialsTokenProvider(
            application: try ClientCredentialsApplication(tenantID: "t", clientID: "c", credential: .secret("s")),
            scope: AzureCloud.global.exchangeScope, cache: TokenCache(now: { clock.now }),
            transport: endpoint.transport)
        #expect(try await provider.accessToken().expiresAt == clock.now.addingTimeInterval(3599))
        clock.advance(3000)
        #expect(try await provider.accessToken().value == "A")
        clock.advance(400)
        #expect(try await provider.accessToken().value == "B")
    }

    @Test func malformedIdsAreRefusedBeforeAnyRequest() {
        #expect(throws: MailSourceError.self) {
            try ClientCredentialsApplication(tenantID: "../evil", clientID: "c", credential: .secret("s"))
        }
        #expect(throws: MailSourceError.self) {
            try ClientCredentialsApplication(tenantID: "t", clientID: "", credential: .secret("s"))
        }
        #expect(throws: MailSourceError.self) {
            try ClientCredentialsApplication(tenantID: "t", clientID: "c", credential: .secret(""))
        }
    }
}

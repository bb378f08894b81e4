import ClientTLS
import EWS
import EWSSimulator
import Foundation

/// The simulated organisation most tests use: alice and bob with mailboxes, bob a delegate of the shared
/// mailbox, and a service account with ApplicationImpersonation.
enum Fixture {
    /// The simulator listens on 127.0.0.1, which the product's outbound policy refuses by default.
    static let outboundPolicy = OutboundPolicy(allowPrivateNetworks: true)

    static let alice = "alice@contoso.com"
    static let bob = "bob@contoso.com"
    static let shared = "shared@contoso.com"
    static let alicePassword = "Alice-Passw0rd!"
    static let bobPassword = "B0b-secret"
    static let servicePassword = "svc-S3cret"
    static let appToken = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.app"

    static func configuration(
        _ schemes: EWSSimulatorConfiguration.AuthenticationSchemes = [.basic],
        ntlmKeyExchangeAndMIC: Bool = true
    ) -> EWSSimulatorConfiguration {
        EWSSimulatorConfiguration(
            authentication: schemes,
            accounts: [
                .init(login: "alice", password: alicePassword, smtpAddress: alice),
                .init(login: "bob", password: bobPassword, smtpAddress: bob, delegateMailboxes: [shared]),
                .init(login: "svc-sync", password: servicePassword, canImpersonate: true),
            ],
            bearerTokens: [appToken: "svc-sync"],
            extraMailboxes: [shared],
            ntlmKeyExchangeAndMIC: ntlmKeyExchangeAndMIC
        )
    }

    /// Starts a simulator, runs `body`, stops it whatever happens.
    static func withSimulator<Result>(
        _ schemes: EWSSimulatorConfiguration.AuthenticationSchemes = [.basic],
        ntlmKeyExchangeAndMIC: Bool = true,
        _ body: (EWSSimulator, Int) async throws -> Result
    ) async throws -> Result {
        let simulator = EWSSimulator(
            configuration: configuration(schemes, ntlmKeyExchangeAndMIC: ntlmKeyExchangeAndMIC)
        )
        let port = try await simulator.start()
        do {
            let result = try await body(simulator, port)
            await simulator.stop()
            return result
        } catch {
            await simulator.stop()
            throw error
        }
    }

    /// A small RFC 5322 message; `index` makes subject and Message-ID unique.
    static func message(_ index: Int, body: String = "Hello") -> [UInt8] {
        Array(
            """
            From: Carol <carol@example.com>\r
            To: alice@contoso.com\r
            Subject: Test message \(index)\r
            Message-ID: <msg\(index)@example.com>\r
            Date: Mon, 02 Mar 2026 10:00:00 +0000\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(body) \(index)\r

            """.utf8)
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }
}

/// An EWS client session over one connection for tests: sends builder requests with the chosen credentials.
struct TestEWSSession {
    enum Credentials {
        case basic(user: String, password: String)
        case bearer(String)
        /// NTLM is done once per connection by ``TestEWSSession/ntlmHandshake(_:credentials:body:)``.
        case connectionAuthenticated
    }

    let connection: TestHTTPConnection
    let credentials: Credentials

    func send(_ request: EWSRequest) async throws -> TestHTTPConnection.Response {
        try await send(body: request.body, headers: request.headers.map { ($0.name, $0.value) })
    }

    func send(
        body: [UInt8], headers: [(String, String)] = [("Content-Type", "text/xml; charset=utf-8")]
    )
        async throws -> TestHTTPConnection.Response
    {
        var all = headers
        switch credentials {
        case .basic(let user, let password): all.append(("Authorization", Fixture.basic(user, password)))
        case .bearer(let token): all.append(("Authorization", "Bearer \(token)"))
        case .connectionAuthenticated: break
        }
        return try await connection.send(headers: all, body: body)
    }

    /// The three NTLM legs on `connection`, as a client drives them from the 401 answers; returns the answer to
    /// the request sent with the AUTHENTICATE message.
    static func ntlmHandshake(
        _ connection: TestHTTPConnection,
        credentials: NTLMCredentials,
        body: [UInt8]
    ) async throws -> TestHTTPConnection.Response {
        var client = NTLMClient(credentials: credentials)
        let headers = [("Content-Type", "text/xml; charset=utf-8")]
        var response = try await connection.send(headers: headers, body: body)
        for _ in 0..<2 where response.status == 401 {
            guard let authorization = try? client.nextAuthorization(wwwAuthenticate: response.wwwAuthenticate) else {
                return response
            }
            response = try await connection.send(headers: headers + [("Authorization", authorization)], body: body)
        }
        return response
    }
}

import EntraSimulator
import Foundation
import GraphSimulator
import NIOHTTP1
import Testing

/// The simulated tenant most tests use: one app with a secret (and the test certificate), alice and bob.
enum Fixture {
    static let tenantID = "2a8f5c1e-4b7d-4e3a-9c6f-0d1e2f3a4b5c"
    static let tenantDomain = "contoso.onmicrosoft.com"
    static let clientID = "6f1c9d2e-8a3b-4c5d-9e7f-1a2b3c4d5e6f"
    static let secret = "app-S3cret~value"
    static let alice = "alice@contoso.com"
    static let bob = "bob@contoso.com"
    static let scope = "https://graph.microsoft.com/.default"

    static func fixture(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "pem", subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    static func application() -> GraphApplication {
        GraphApplication(
            tenantID: tenantID, tenantDomains: [tenantDomain], clientID: clientID,
            secrets: [.init(secret)], certificatePEM: try? fixture("app-certificate"))
    }

    static func configuration() -> GraphSimulatorConfiguration {
        GraphSimulatorConfiguration(applications: [application()], mailboxes: [.init(alice), .init(bob)])
    }

    /// Starts a simulator, gets a token, runs `body`, stops the simulator whatever happens.
    static func withSimulator<Result>(
        _ configure: (inout GraphSimulatorConfiguration) -> Void = { _ in },
        adminPort: Int? = nil,
        _ body: (GraphSimulator, GraphSession) async throws -> Result
    ) async throws -> Result {
        var configuration = configuration()
        configure(&configuration)
        let simulator = GraphSimulator(configuration: configuration, adminPort: adminPort)
        let port = try await simulator.start()
        do {
            let token = try await GraphSession.token(port: port)
            let result = try await body(simulator, GraphSession(port: port, token: token))
            await simulator.stop()
            return result
        } catch {
            await simulator.stop()
            throw error
        }
    }

    /// A small RFC 5322 message; `index` makes subject and Message-ID unique.
    static func message(_ index: Int, to: String = alice) -> [UInt8] {
        Array(
            ("From: Carol <carol@example.com>\r\nTo: \(to)\r\nSubject: Test message \(index)\r\n"
                + "Message-ID: <msg\(index)@example.com>\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello \(index)\r\n").utf8)
    }

    /// 2026-03-02T10:00:00Z plus `minutes`.
    static func time(_ minutes: Int) -> Date {
        Date(timeIntervalSince1970: 1_772_445_600 + TimeInterval(minutes * 60))
    }
}

/// A client of one running simulator with an app-only token.
struct GraphSession: Sendable {
    let port: Int
    let token: String

    static func token(
        port: Int, secret: String = Fixture.secret, scope: String = Fixture.scope,
        tenant: String = Fixture.tenantID
    ) async throws -> String {
        let response = try await TestHTTP.send(
            port: port, method: .POST, target: "/\(tenant)/oauth2/v2.0/token",
            headers: [("Content-Type", "application/x-www-form-urlencoded")],
            body: TestHTTP.form([
                ("client_id", Fixture.clientID), ("client_secret", secret), ("scope", scope),
                ("grant_type", "client_credentials"),
            ]))
        return try #require(response.json["access_token"] as? String, "no token: \(response.text)")
    }

    /// A GET of a path (or of a full link the simulator gave) with the token and any extra headers.
    func get(_ target: String, headers: [(String, String)] = []) async throws -> TestResponse {
        try await send(.GET, target, headers: headers)
    }

    func send(
        _ method: HTTPMethod, _ target: String, headers: [(String, String)] = [],
        json: String? = nil
    ) async throws -> TestResponse {
        var path = target
        if let range = target.range(of: "://") {
            let rest = target[range.upperBound...]
            path = rest.firstIndex(of: "/").map { String(rest[$0...]) } ?? "/"
        }
        var all = [("Authorization", "Bearer \(token)")] + headers
        if json != nil { all.append(("Content-Type", "application/json")) }
        return try await TestHTTP.send(
            port: port, method: method, target: path, headers: all,
            body: Array((json ?? "").utf8))
    }

    /// Follows `@odata.nextLink` to the `@odata.deltaLink`: every item, the number of pages, the delta link.
    func deltaRound(
        _ start: String, headers: [(String, String)] = []
    ) async throws
        -> (items: [[String: Any]], pages: Int, deltaLink: String)
    {
        var response = try await get(start, headers: headers)
        var items: [[String: Any]] = []
        var pages = 0
        while true {
            try #require(response.status == 200, "delta page: \(response.status) \(response.text)")
            pages += 1
            items += response.value
            if let next = response.json["@odata.nextLink"] as? String {
                response = try await get(next, headers: headers)
                continue
            }
            let deltaLink = try #require(response.json["@odata.deltaLink"] as? String, "no delta link")
            return (items, pages, deltaLink)
        }
    }
}

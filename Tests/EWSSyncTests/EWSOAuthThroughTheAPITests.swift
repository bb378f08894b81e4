import API
import ClientTLS
import Domain
import EWS
import EWSSimulator
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SQLiteStore
import Store
import Sync
import Testing

/// An integration created through the API with Communications Mining's Entra ID application shape
/// (`application: {"kind": "custom", tenant_id, client_id, client_secret}`, `access: app_access`): the answers
/// never hold the secret or the private key, and the engine syncs with the app's tokens.
@Suite struct EWSOAuthThroughTheAPITests {
    enum Credential: String, CaseIterable, Sendable {
        case secret, certificate
    }

    @Test(arguments: Credential.allCases)
    func customApplicationIntegrationSyncs(_ credential: Credential) async throws {
        let world = try await EWSOAuthTests.World()
        try world.simulator.addMessage(EWSSyncTests.mail("api@x"), mailbox: EWSSyncTests.alice)
        let admin = try await TokenSecrets.create(name: "admin", permissions: Permission.allCases, projects: nil,
                                                  userID: try #require(await world.store.firstAdministrator()).id,
                                                  in: world.store).secret
        let sources = EWSConnector(outboundPolicy: world.policy)
        let app = Application(router: MailstreamApplication.responder(store: world.store,
                                                                   connectors: ConnectorRegistry([sources]), sources: sources))
        let privateKey = try EWSOAuthTests.fixture("app-private-key")
        let certificate = try EWSOAuthTests.fixture("app-certificate")
        let port = world.port
        // Built where they are used: `[String: Any]` can't cross into the test client's closure.
        @Sendable func application(withSecrets: Bool = true) -> [String: Any] {
            var application: [String: Any] = [
                "kind": "custom", "tenant_id": EWSOAuthTests.tenant, "client_id": EWSOAuthTests.clientID,
                "authority_host": "http://127.0.0.1:\(port)", "cloud": "global",
            ]
            switch credential {
            case .secret:
                if withSecrets { application["client_secret"] = EWSOAuthTests.secret }
            case .certificate:
                application["client_certificate"] = certificate
                if withSecrets { application["client_private_key"] = privateKey }
            }
            return application
        }
        @Sendable func connection(withSecrets: Bool = true) -> [String: Any] {
            [
                "access": ["kind": "app_access"],
                "application": application(withSecrets: withSecrets),
                "microsoft_api": ["kind": "ews"],
                "ews_endpoint": "http://127.0.0.1:\(port)/EWS/Exchange.asmx",
            ]
        }
        // The key's base64 body, without its PEM armour: what a leak would show.
        let keyBody = privateKey.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        try await app.test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ uri: String, _ json: [String: Any]? = nil) async throws
                -> (HTTPResponse.Status, String) {
                try await client.execute(
                    uri: uri, method: method,
                    headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                    body: try json.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: $0)) }
                ) { response in
                    (response.status, String(buffer: response.body))
                }
            }
            func leaks(_ text: String) -> Bool {
                text.contains(EWSOAuthTests.secret) || text.contains(String(keyBody.prefix(64)))
                    || text.contains("PRIVATE KEY")
            }
            let check = try await call(.put, "/api/_private/validate-exchange-credentials",
                                       ["connection": connection(), "test_mailbox": EWSSyncTests.alice])
            #expect(check.1.contains(#""ok":true"#))
            #expect(!leaks(check.1))

            let created = try await call(.put, "/api/_private/integrations/ops/exchange", ["integration": [
                "configuration": ["connection": connection(), "mailboxes": [[
                    "email": EWSSyncTests.alice, "bucket_specification": ["project_name": "ops", "name": "mail"],
                ]]],
            ]])
            #expect(created.0 == .ok)
            #expect(!leaks(created.1))
            let answer = try #require(try JSONSerialization.jsonObject(with: Data(created.1.utf8)) as? [String: Any])
            let shown = try #require(((answer["integration"] as? [String: Any])?["configuration"] as? [String: Any])?[
                "connection"] as? [String: Any])
            #expect(shown["authentication"] as? String == "client_credentials")
            #expect(shown["access_type"] as? String == "impersonation")
            #expect(shown["tenant_id"] as? String == EWSOAuthTests.tenant)
            #expect(shown["client_secret_set"] as? Bool == (credential == .secret))
            #expect(shown["client_private_key_set"] as? Bool == (credential == .certificate))
            #expect(shown["client_secret"] == nil && shown["client_private_key"] == nil)

            // An edit without the secret keeps it.
            let edited = try await call(.post, "/api/_private/integrations/ops/exchange", ["integration": [
                "title": "Exchange Online",
                "configuration": ["connection": connection(withSecrets: false)],
            ]])
            #expect(edited.0 == .ok)
            #expect(!leaks(edited.1))
            let listed = try await call(.get, "/api/_private/integrations/ops/exchange")
            #expect(listed.0 == .ok)
            #expect(!leaks(listed.1))
        }
        let stored = try #require(try await world.store.integrations().first)
        #expect(stored.connection.secret("client_secret") == (credential == .secret ? EWSOAuthTests.secret : nil))
        #expect(stored.connection.secret("client_private_key") == (credential == .certificate ? privateKey : nil))
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(try await world.commentCount() == 1)
        await world.stop()
    }

    @Test func anApplicationWithoutItsIdsOrWithBothCredentialsIsRefused() async throws {
        let world = try await EWSOAuthTests.World()
        let admin = try await TokenSecrets.create(name: "admin", permissions: Permission.allCases, projects: nil,
                                                  userID: try #require(await world.store.firstAdministrator()).id,
                                                  in: world.store).secret
        let app = Application(router: MailstreamApplication.responder(
            store: world.store,
            connectors: ConnectorRegistry([EWSConnector(outboundPolicy: world.policy)]), sources: EWSConnector(outboundPolicy: world.policy)))
        let certificate = try EWSOAuthTests.fixture("app-certificate")
        let otherKey = try EWSOAuthTests.fixture("other-private-key")
        try await app.test(.router) { client in
            let complete: [String: Any] = ["kind": "custom", "tenant_id": EWSOAuthTests.tenant,
                                           "client_id": EWSOAuthTests.clientID, "client_secret": "s"]
            let cases: [([String: Any], String)] = [
                (complete.filter { $0.key != "tenant_id" }, "tenant_id"),
                (complete.merging(["client_certificate": "x", "client_private_key": "y"]) { $1 }, "either"),
                (complete.merging(["cloud": "mars"]) { $1 }, "cloud"),
                (complete.filter { $0.key != "client_secret" }.merging(
                    ["client_certificate": certificate, "client_private_key": otherKey]) { $1 }, "does not belong"),
            ]
            for (application, expected) in cases {
                let body: [String: Any] = ["integration": ["configuration": ["connection": [
                    "access": ["kind": "app_access"], "application": application, "microsoft_api": ["kind": "ews"],
                    "ews_endpoint": "https://outlook.office365.com/EWS/Exchange.asmx",
                ], "mailboxes": []]]]
                let (status, text) = try await client.execute(
                    uri: "/api/_private/integrations/ops/refused", method: .put,
                    headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                    body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
                ) { ($0.status, String(buffer: $0.body)) }
                #expect(status == .badRequest, "\(expected)")
                #expect(text.contains(expected), "\(text)")
            }
        }
        #expect(try await world.store.integrations().isEmpty)
        // As in the product, the application's secret may come in a later request: the answer says it isn't set.
        try await app.test(.router) { client in
            let body: [String: Any] = ["integration": ["configuration": ["connection": [
                "access": ["kind": "user_access", "username": "svc@contoso.com"],
                "application": ["kind": "custom", "tenant_id": EWSOAuthTests.tenant, "client_id": EWSOAuthTests.clientID],
                "ews_endpoint": "https://outlook.office365.com/EWS/Exchange.asmx",
            ], "mailboxes": []]]]
            let (status, text) = try await client.execute(
                uri: "/api/_private/integrations/ops/later", method: .put,
                headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
            ) { ($0.status, String(buffer: $0.body)) }
            #expect(status == .ok, "\(text)")
            #expect(text.contains(#""client_secret_set":false"#), "\(text)")
        }
        await world.stop()
    }
}

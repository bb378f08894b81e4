import API
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Store
import Testing

/// Integrations through the API: secrets are write-only, mailboxes keep their ids, enable/disable, errors, usage,
/// and the connection check.
@Suite struct IntegrationRouteTests {
    static var body: [String: Any] { ["integration": [
        "title": "Support",
        "type": "imap",
        "configuration": [
            "connection": ["host": "imap.example.com", "port": 993, "security": "tls", "username": "svc",
                           "password": "s3cret-pw"],
            "mailboxes": [["email": "support@example.com", "start_timestamp": "2025-01-01T00:00:00Z",
                           "folder_denylist": [["Junk"]],
                           "bucket_specification": ["project_name": "ops", "name": "mail"]]],
        ],
    ]] }

    /// Answers the connection check without a network: a known password lists two folders.
    struct FakeSources: MailSourceFactory {
        struct Source: MailSource {
            func folders() async throws -> [MailFolder] {
                [MailFolder(path: ["INBOX"], serverID: "INBOX"), MailFolder(path: ["Archive"], serverID: "Archive")]
            }
            func changes(in folder: MailFolder, since cursor: String?, startTimestamp: Date?,
                         pages: @Sendable (FolderChangePage) async throws -> Void) async throws {}
            func waitForChanges(in folders: [MailFolder], timeout: Duration) async throws {}
            func close() async {}
        }
        func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource {
            guard integration.connection.secret("password") == "right" else {
                throw MailSourceError(.authentication, "the server refused the login",
                                      detail: "NO [AUTHENTICATIONFAILED]", advice: "check the username and password")
            }
            return Source()
        }
    }

    @Test func createReadUpdateDeleteNeverReturnsSecrets() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let viewer = try await harness.token("viewer", [.integrationsRead])
        try await harness.run { client in
            let created = try await client.call(.put, "/api/_private/integrations/ops/support", json: Self.body)
            #expect(created.status == .ok)
            #expect(!String(decoding: created.bytes, as: UTF8.self).contains("s3cret-pw"))
            let integration = try #require(created.json["integration"] as? [String: Any])
            let configuration = try #require(integration["configuration"] as? [String: Any])
            let connection = try #require(configuration["connection"] as? [String: Any])
            #expect(connection["password_set"] as? Bool == true)
            #expect(connection["password"] == nil)
            let mailbox = try #require((configuration["mailboxes"] as? [[String: Any]])?.first)
            let mailboxID = try #require(mailbox["id"] as? String)
            #expect((mailbox["bucket_specification"] as? [String: Any])?["name"] as? String == "mail")
            #expect(try await client.call(.put, "/api/_private/integrations/ops/support",
                                          json: Self.body).status == .conflict)

            let got = try await client.call(.get, "/api/_private/integrations/ops/support", token: viewer)
            #expect(got.status == .ok)
            #expect(!String(decoding: got.bytes, as: UTF8.self).contains("s3cret-pw"))
            #expect(try await client.call(.post, "/api/_private/integrations/ops/support", json: Self.body,
                                          token: viewer).status == .forbidden)

            // An update without the password keeps it; the mailbox keeps its id (and so its cursors).
            let update: [String: Any] = ["integration": ["title": "Support desk", "configuration": [
                "connection": ["host": "imap2.example.com", "username": "svc"],
                "mailboxes": [["email": "support@example.com"], ["email": "sales@example.com",
                                                                  "bucket_specification": ["project_name": "ops", "name": "mail"]]],
            ]]]
            let updated = try await client.call(.post, "/api/_private/integrations/ops/support", json: update)
            #expect(updated.status == .ok)
            let stored = try #require(try await harness.store.integration(owner: "ops", name: "support"))
            #expect(stored.connection.secret("password") == "s3cret-pw")
            #expect(stored.connection.string("host") == "imap2.example.com")
            #expect(stored.title == "Support desk")
            #expect(stored.mailboxes.map(\.id).first == mailboxID)
            #expect(stored.mailboxes.count == 2)

            let missingBucket: [String: Any] = ["integration": ["configuration": [
                "mailboxes": [["email": "new@example.com"]]]]]
            let rejected = try await client.call(.post, "/api/_private/integrations/ops/support", json: missingBucket)
            #expect(rejected.status == .badRequest)
            #expect(rejected.json["field"] as? String == "integration.configuration.mailboxes[0].bucket_specification")

            let id = try #require(integration["id"] as? String)
            #expect(try await client.call(.delete, "/api/_private/integrations/id:\(id)").status == .ok)
            #expect(try await client.call(.get, "/api/_private/integrations/ops/support").status == .notFound)
        }
    }

    @Test func invalidConfigurationsNameTheirField() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            let noHost: [String: Any] = ["integration": ["type": "imap", "configuration": [
                "connection": ["username": "svc", "password": "x"], "mailboxes": []]]]
            let answer = try await client.call(.put, "/api/_private/integrations/ops/a", json: noHost)
            #expect(answer.status == .badRequest)
            #expect(answer.json["field"] as? String == "integration.configuration.connection.host")
            // Without a type, a connection with no host is Exchange, as Communications Mining reads it.
            var untyped = noHost
            untyped["integration"] = ["configuration": ["connection": ["username": "svc", "password": "x"],
                                                        "mailboxes": []]]
            let exchange = try await client.call(.put, "/api/_private/integrations/ops/a", json: untyped)
            #expect(exchange.json["field"] as? String == "integration.configuration.connection.ews_endpoint")
            let badType: [String: Any] = ["integration": ["type": "pop3", "configuration": [:]]]
            let typed = try await client.call(.put, "/api/_private/integrations/ops/b", json: badType)
            #expect(typed.status == .badRequest)
            #expect(typed.json["field"] as? String == "integration.type")
            #expect(try await client.call(.put, "/api/_private/integrations/ops/c", json: [:]).status == .badRequest)
        }
    }

    @Test func enableDisableErrorsAndUsage() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            try await client.call(.put, "/api/_private/integrations/ops/support", json: Self.body)
            let disabled = try await client.call(.post, "/api/_private/integrations/ops/support/disable")
            #expect((disabled.json["integration"] as? [String: Any])?["enabled"] as? Bool == false)
            #expect((disabled.json["integration"] as? [String: Any])?["disabled_reason"] as? String == "user")
            let enabled = try await client.call(.post, "/api/_private/integrations/ops/support/enable")
            #expect((enabled.json["integration"] as? [String: Any])?["enabled"] as? Bool == true)
            let mailboxOff = try await client.call(
                .post, "/api/_private/integrations/ops/support/mailboxes/support@example.com/disable")
            let configuration = (mailboxOff.json["integration"] as? [String: Any])?["configuration"] as? [String: Any]
            #expect((configuration?["mailboxes"] as? [[String: Any]])?.first?["enabled"] as? Bool == false)
            #expect(try await client.call(
                .post, "/api/_private/integrations/ops/support/mailboxes/nobody@example.com/disable").status == .notFound)

            let integration = try #require(try await harness.store.integration(owner: "ops", name: "support"))
            try await harness.store.recordError(IntegrationError(
                id: "e1", integrationID: integration.id, mailboxID: nil, kind: .invalidIMAPCredentials,
                errorText: "login refused", fullErrorText: "NO [AUTHENTICATIONFAILED]", action: .integrationDisabled,
                createdAt: Date()
            ))
            let errors = try await client.call(.get, "/api/_private/integrations/ops/support/errors")
            let first = try #require((errors.json["errors"] as? [[String: Any]])?.first)
            #expect((first["error_action"] as? [String: Any])?["kind"] as? String == "integration_disabled")
            let usage = try await client.call(.get, "/api/_private/integrations/ops/support/usage")
            #expect(usage.json["usage"] as? [Any] != nil)
        }
    }

    @Test func connectionCheckLogsInAndListsFoldersWithoutSyncing() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let app = Application(router: MailstreamApplication.responder(store: harness.store, connectors: APIHarness.connectors,
                                                                   sources: FakeSources()))
        try await app.test(.router) { raw in
            let client = APIHarness.Client(client: raw, admin: harness.adminSecret)
            let good = try await client.call(.put, "/api/_private/validate-exchange-credentials", json: [
                "connection": ["host": "imap.example.com", "username": "svc", "password": "right"],
            ])
            #expect((good.json["result"] as? [String: Any])?["ok"] as? Bool == true)
            #expect((good.json["result"] as? [String: Any])?["folders"] as? [String] == ["Archive", "INBOX"])
            let bad = try await client.call(.put, "/api/_private/check-connection", json: [
                "connection": ["host": "imap.example.com", "username": "svc", "password": "wrong"],
            ])
            let result = try #require(bad.json["result"] as? [String: Any])
            #expect(result["ok"] as? Bool == false)
            // An IMAP login: its own kind, and the message says what to do.
            let error = try #require(result["error"] as? [String: Any])
            #expect(error["kind"] as? String == "invalid_imap_credentials")
            #expect(error["message"] as? String
                == "the server refused the login: NO [AUTHENTICATIONFAILED] (check the username and password)")
            // The same refusal from Exchange keeps Communications Mining's kind.
            let exchange = try await client.call(.put, "/api/_private/validate-exchange-credentials", json: [
                "connection": ["access": ["kind": "user_access", "username": "svc", "password": "wrong"],
                               "application": ["kind": "ntlm"], "microsoft_api": ["kind": "ews"],
                               "ews_endpoint": "https://mail.example.com/EWS/Exchange.asmx"],
            ])
            let exchangeError = (exchange.json["result"] as? [String: Any])?["error"] as? [String: Any]
            #expect(exchangeError?["kind"] as? String == "invalid_exchange_credentials", "\(exchange.json)")
            #expect(try await harness.store.integrations().isEmpty)
        }
    }

    /// Every kind an error record can have is in the OpenAPI document's enum, and nothing else.
    @Test func theDocumentListsEveryErrorKind() throws {
        let document = try OpenAPIDocumentTests.document()
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any]
        let record = schemas?["IntegrationError"] as? [String: Any]
        let details = (record?["properties"] as? [String: Any])?["error_details"] as? [String: Any]
        let kind = (details?["properties"] as? [String: Any])?["kind"] as? [String: Any]
        let documented = try #require(kind?["enum"] as? [String])
        #expect(documented == IntegrationError.Kind.allCases.map(\.rawValue))
        let check = schemas?["ConnectionCheckResponse"] as? [String: Any]
        let result = (check?["properties"] as? [String: Any])?["result"] as? [String: Any]
        let checkError = (result?["properties"] as? [String: Any])?["error"] as? [String: Any]
        let checkKind = (checkError?["properties"] as? [String: Any])?["kind"] as? [String: Any]
        let checkKinds = try #require(checkKind?["enum"] as? [String])
        #expect(checkKinds.contains("invalid_imap_credentials") && checkKinds.contains("invalid_exchange_credentials"))
    }
}

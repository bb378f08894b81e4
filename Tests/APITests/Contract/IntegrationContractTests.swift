import Domain
import Foundation
import Hummingbird
import SQLiteStore
import Testing

/// `re create integration -f exchange.json ops/exchange` (and `--overwrite`) and `re get integrations`, as the
/// official client runs them: a body in its `NewIntegration` shape (no `type`, no secret: a `user_access` login with
/// a `custom` application), answers read with its types, `ops/exchange` sent as `ops%2Fexchange`.
@Suite struct IntegrationContractTests {
    typealias R = ClientRequest
    typealias T = ClientTypes

    /// The file a user gives `re create integration`, as `NewIntegration` serializes it.
    static func newIntegration(mailboxEnabled: Bool) -> String {
        """
        {"integration": {"title": "Exchange Online", "configuration": {
          "connection": {"access": {"kind": "user_access", "username": "svc@contoso.com"},
                         "application": {"kind": "custom", "client_id": "6f1c9d2e-8a3b-4c5d-9e7f-1a2b3c4d5e6f",
                                         "tenant_id": "2a8f5c1e-4b7d-4e3a-9c6f-0d1e2f3a4b5c"},
                         "ews_endpoint": "https://outlook.office365.com/EWS/Exchange.asmx"},
          "mailboxes": [{"email": "support@contoso.com", "enabled": \(mailboxEnabled),
                         "folder_allowlist": [["Inbox"]],
                         "bucket_specification": {"project_name": "ops", "name": "support", "title": "Support"}}]
        }}}
        """
    }

    @Test func anExchangeIntegrationIsCreatedReadAndOverwrittenAsTheClientDoes() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            let list = R.path("api", "_private", "integrations")
            let one = R.path("api", "_private", "integrations", "ops/exchange")
            #expect(one.hasSuffix("/ops%2Fexchange"))
            // `re create integration` lists first, then PUTs.
            try await api.send(.get, list, expecting: T.list("integrations", T.integration))
            let created = try await api.send(.put, one, body: Self.newIntegration(mailboxEnabled: true),
                                             expecting: T.wrapping("integration", T.integration))
            #expect(value(created, "integration", "type") as? String == "exchange_online")
            #expect(value(created, "integration", "mailstream_type") as? String == "ews")
            #expect(value(created, "integration", "configuration", "connection", "access", "username") as? String
                == "svc@contoso.com")
            #expect(value(created, "integration", "configuration", "mailboxes", 0, "bucket_specification", "title")
                as? String == "Support")
            #expect(value(created, "integration", "configuration", "connection", "client_secret_set") as? Bool
                == false)

            // `--overwrite`: the client reads the old one into `NewIntegration`, shows a diff, and POSTs.
            let updated = try await api.send(.post, one, body: Self.newIntegration(mailboxEnabled: false),
                                             expecting: T.wrapping("integration", T.integration))
            #expect(value(updated, "integration", "configuration", "mailboxes", 0, "enabled") as? Bool == false)

            // The secret is set apart, as in the product; answers only say that it is.
            let secret = #"{"integration": {"configuration": {"connection": {"access": {"kind": "user_access", "#
                + #""username": "svc@contoso.com"}, "application": {"kind": "custom", "client_id": "#
                + #""6f1c9d2e-8a3b-4c5d-9e7f-1a2b3c4d5e6f", "tenant_id": "2a8f5c1e-4b7d-4e3a-9c6f-0d1e2f3a4b5c", "#
                + #""client_secret": "GraphSim~S3cret.For-Tests"}, "ews_endpoint": "#
                + #""https://outlook.office365.com/EWS/Exchange.asmx"}}}}"#
            let withSecret = try await api.send(.post, one, body: secret,
                                                expecting: T.wrapping("integration", T.integration))
            #expect(value(withSecret, "integration", "configuration", "connection", "client_secret_set") as? Bool
                == true)
            #expect(!String(describing: withSecret).contains("S3cret"))

            // `re get integrations` and `re get integration ops/exchange`.
            let all = try await api.send(.get, list, expecting: T.list("integrations", T.integration))
            #expect((value(all, "integrations") as? [Any])?.count == 1)
            try await api.send(.get, one, expecting: T.wrapping("integration", T.integration))
        }
        let stored = try #require(try await harness.store.integration(owner: "ops", name: "exchange"))
        #expect(stored.kind == Integration.Kind("ews"))
        #expect(stored.connection.secret("client_secret") == "GraphSim~S3cret.For-Tests")
        #expect(stored.mailboxes.first?.bucketTitle == "Support")
    }
}

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

/// An Exchange integration created through the API in Communications Mining's configuration shape
/// (`microsoft_api: ews`, `access: user_access`, `application: ntlm`) checks its connection and syncs.
@Suite struct EWSThroughTheAPITests {
    @Test func integrationInTheProductsShapeSyncs() async throws {
        let world = try await EWSSyncTests.World()
        let projects = try world.simulator.createFolder(named: "Projects", in: .inbox, mailbox: EWSSyncTests.alice)
        try world.simulator.addMessage(EWSSyncTests.mail("api1@x"), mailbox: EWSSyncTests.alice)
        try world.simulator.addMessage(EWSSyncTests.mail("api2@x"), to: .id(projects), mailbox: EWSSyncTests.alice)
        let admin = try await TokenSecrets.create(name: "admin", permissions: Permission.allCases, projects: nil,
                                                  userID: try #require(await world.store.firstAdministrator()).id,
                                                  in: world.store).secret
        let sources = EWSConnector(outboundPolicy: world.policy)
        let app = Application(router: MailstreamApplication.responder(store: world.store,
                                                                   connectors: ConnectorRegistry([sources]), sources: sources))
        let endpoint = "http://127.0.0.1:\(world.port)/EWS/Exchange.asmx"
        try await app.test(.router) { client in
            let connection: [String: Any] = [
                "access": ["kind": "user_access", "username": "CONTOSO\\alice", "password": EWSSyncTests.password],
                "application": ["kind": "ntlm"],
                "microsoft_api": ["kind": "ews"],
                "ews_endpoint": endpoint,
            ]
            func call(_ method: HTTPRequest.Method, _ uri: String, _ json: [String: Any]) async throws
                -> (HTTPResponse.Status, [String: Any]) {
                try await client.execute(
                    uri: uri, method: method,
                    headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                    body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
                ) { response in
                    (response.status, (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)))
                        as? [String: Any] ?? [:])
                }
            }
            let check = try await call(.put, "/api/_private/validate-exchange-credentials",
                                       ["connection": connection, "test_mailbox": EWSSyncTests.alice])
            let result = check.1["result"] as? [String: Any]
            #expect(result?["ok"] as? Bool == true)
            #expect((result?["folders"] as? [String])?.contains("Inbox/Projects") == true)

            let created = try await call(.put, "/api/_private/integrations/ops/exchange", ["integration": [
                "configuration": ["connection": connection, "mailboxes": [[
                    "email": EWSSyncTests.alice, "bucket_specification": ["project_name": "ops", "name": "mail"],
                ]]],
            ]])
            #expect(created.0 == .ok)
            // Communications Mining's clients know one type; Mailstream's own is beside it.
            #expect((created.1["integration"] as? [String: Any])?["type"] as? String == "exchange_online")
            #expect((created.1["integration"] as? [String: Any])?["mailstream_type"] as? String == "ews")
            // An Entra ID application (kind custom) needs its tenant and client id: one without them is refused
            // (EWSOAuthThroughTheAPITests has working ones).
            let wrongShape = try await call(.put, "/api/_private/integrations/ops/other", ["integration": [
                "configuration": ["connection": connection.merging(["application": ["kind": "custom"]]) { $1 },
                                  "mailboxes": []],
            ]])
            #expect(wrongShape.0 == .badRequest)
            #expect(wrongShape.1["field"] as? String == "integration.configuration.connection.application.tenant_id")
        }
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(try await world.folder(of: "api2@x") == "Inbox/Projects")
        #expect(try await world.comments().count == 2)
        await world.stop()
    }
}

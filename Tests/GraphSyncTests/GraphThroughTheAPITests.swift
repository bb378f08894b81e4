import API
import ClientTLS
import Domain
import EWS
import Foundation
import GraphSimulator
import Hummingbird
import HummingbirdTesting
import MicrosoftGraph
import NIOCore
import SQLiteStore
import Store
import Sync
import Testing

/// A Graph integration created through the API in Communications Mining's shape (`microsoft_api: graph`,
/// `access: app_access`, an application with tenant, client id and secret, `cloud`) syncs, and its comments and
/// attachments are read back through a stream.
@Suite struct GraphThroughTheAPITests {
    @Test func anIntegrationInCommunicationsMiningsGraphShapeSyncsAndIsReadThroughAStream() async throws {
        let world = try await GraphWorld()
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../scripts/graph-sim").standardized
        let forwardedMIME = try [UInt8](Data(contentsOf: samples.appendingPathComponent("forwarded-email.eml")))
        try world.simulator.deliver(forwardedMIME, mailbox: GraphWorld.alice)
        try world.simulator.deliver(GraphWorld.mail("plain@x"), mailbox: GraphWorld.alice)
        let admin = try await TokenSecrets.create(name: "admin", permissions: Permission.allCases, projects: nil,
                                                  userID: try #require(await world.store.firstAdministrator()).id,
                                                  in: world.store).secret
        let connectors = ConnectorRegistry([EWSConnector(outboundPolicy: world.policy), world.connector])
        let app = Application(router: MailstreamApplication.responder(store: world.store, connectors: connectors,
                                                                      sources: connectors))
        let port = world.port
        let caFile = try GraphWorld.fixturePath("simulator-ec-certificate")
        try await app.test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ uri: String, _ json: [String: Any]? = nil) async throws
                -> (status: HTTPResponse.Status, text: String, bytes: [UInt8]) {
                try await client.execute(
                    uri: uri, method: method,
                    headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                    body: try json.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: $0)) }
                ) { ($0.status, String(buffer: $0.body), Array($0.body.readableBytesView)) }
            }
            func object(_ text: String) -> [String: Any] {
                (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
            }
            // No `type`: the shape says Graph, as Communications Mining's clients send it.
            let connection: [String: Any] = [
                "access": ["kind": "app_access"],
                "application": ["kind": "custom", "tenant_id": GraphWorld.tenantID, "client_id": GraphWorld.clientID,
                                "client_secret": GraphWorld.secret, "authority_host": "https://127.0.0.1:\(port)"],
                "microsoft_api": ["kind": "graph"], "cloud": "global",
                "graph_base_url": "https://127.0.0.1:\(port)/v1.0", "ca_file": caFile,
            ]
            let created = try await call(.put, "/api/_private/integrations/ops/exchange-online", ["integration": [
                "configuration": ["connection": connection, "mailboxes": [[
                    "email": GraphWorld.alice, "bucket_specification": ["project_name": "ops", "name": "mail"],
                ]]],
            ]])
            #expect(created.status == .ok, "\(created.text)")
            #expect(!created.text.contains(GraphWorld.secret))
            let integration = object(created.text)["integration"] as? [String: Any]
            // Communications Mining's clients know one type; Mailstream's own is beside it.
            #expect(integration?["type"] as? String == "exchange_online")
            #expect(integration?["mailstream_type"] as? String == "graph")
            let shown = (integration?["configuration"] as? [String: Any])?["connection"] as? [String: Any]
            #expect(shown?["client_secret_set"] as? Bool == true)
            #expect(shown?["cloud"] as? String == "global")
            #expect((shown?["microsoft_api"] as? [String: Any])?["kind"] as? String == "graph")
            #expect((shown?["access"] as? [String: Any])?["kind"] as? String == "app_access")
            #expect((shown?["application"] as? [String: Any])?["tenant_id"] as? String == GraphWorld.tenantID)

            // A client sends back what it was answered: the type it knows and the connection without the secret,
            // which is kept.
            let resent = try await call(.post, "/api/_private/integrations/ops/exchange-online", ["integration": [
                "type": "exchange_online", "configuration": ["connection": shown ?? [:]],
            ]])
            #expect(resent.status == .ok, "\(resent.text)")
            #expect(try await world.store.integrations().first?.connection.secret("client_secret") == GraphWorld.secret)

            // A user's login is not how Graph syncs.
            var userAccess = connection
            userAccess["access"] = ["kind": "user_access", "username": "a", "password": "b"]
            let refused = try await call(.put, "/api/_private/integrations/ops/refused", ["integration": [
                "type": "exchange_online", "configuration": ["connection": userAccess, "mailboxes": []],
            ]])
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("app_access"), "\(refused.text)")

            let outcome = try #require(try await world.engine.syncOnce().first)
            #expect(outcome.failure == nil, "\(outcome.failure ?? "")")

            try #require(try await call(.put, "/api/v1/datasets/ops/all",
                                        ["dataset": ["source_ids": ["ops/mail"]]]).status == .ok)
            try #require(try await call(.put, "/api/v1/datasets/ops/all/streams",
                                        ["stream": ["name": "everything"]]).status == .ok)
            let results = try await call(.get, "/api/v1/datasets/ops/all/streams/everything/results?max_results=10")
            #expect(results.status == .ok)
            let comments = (object(results.text)["results"] as? [[String: Any]] ?? []).compactMap {
                $0["comment"] as? [String: Any]
            }
            #expect(Set(comments.compactMap { $0["id"] as? String })
                == [ContentHash.hex("fwd-12@example.com".utf8), ContentHash.hex("plain@x".utf8)])
            let forwardedID = ContentHash.hex("fwd-12@example.com".utf8)
            let forwarded = try #require(comments.first { $0["id"] as? String == forwardedID })
            let attachment = try #require((forwarded["attachments"] as? [[String: Any]])?.first)
            #expect(attachment["name"] as? String == "Original question.eml")
            let reference = try #require(attachment["attachment_reference"] as? String)
            let download = try await call(.get, "/api/v1/attachments/\(reference)")
            #expect(download.status == .ok)
            #expect(download.text.contains("Can Contoso ship by April?"))
        }
        await world.stop()
    }
}

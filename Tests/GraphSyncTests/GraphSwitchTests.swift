import API
import ClientTLS
import Config
import Domain
import EWS
import EWSSimulator
import Foundation
import GraphSimulator
import Hummingbird
import HummingbirdTesting
import Logging
import MicrosoftGraph
import NIOCore
import SQLiteStore
import Store
import Sync
import Testing

/// Moving one integration from EWS to Graph and back through the API's update, in Communications Mining's shape
/// (`microsoft_api` changes): the comments stay, nothing is stored twice (a comment's id comes from the
/// Message-ID), the new API starts from fresh cursors, and secrets the new kind doesn't use are dropped.
@Suite struct GraphSwitchTests {
    static let password = "Alice-Passw0rd!"

    @Test func anEWSIntegrationSwitchedToGraphThroughTheAPIKeepsItsCommentsWithoutDuplicates() async throws {
        let world = try await GraphWorld()
        let exchange = EWSSimulator(configuration: EWSSimulatorConfiguration(
            authentication: [.ntlm],
            accounts: [.init(login: "alice", password: Self.password, smtpAddress: GraphWorld.alice)]))
        let ewsPort = try await exchange.start()
        // The same mailbox, seen by both APIs.
        for id in ["sw1@x", "sw2@x"] {
            try exchange.addMessage(GraphWorld.mail(id), mailbox: GraphWorld.alice)
            try world.simulator.deliver(GraphWorld.mail(id), mailbox: GraphWorld.alice)
        }
        let connectors = ConnectorRegistry([EWSConnector(outboundPolicy: world.policy), world.connector])
        var configuration = SyncEngine.Configuration()
        configuration.backoffBase = .milliseconds(5)
        let engine = SyncEngine(store: world.store, factory: connectors, configuration: configuration,
                                logger: Logger(label: "graph-switch-test"))
        let admin = try await TokenSecrets.create(name: "admin", permissions: Permission.allCases, projects: nil,
                                                  userID: try #require(await world.store.firstAdministrator()).id,
                                                  in: world.store).secret
        let app = Application(router: MailstreamApplication.responder(store: world.store, connectors: connectors,
                                                                      sources: connectors))
        let graphPort = world.port
        try await app.test(.router) { client in
            let ews: [String: Any] = [
                "microsoft_api": ["kind": "ews"], "application": ["kind": "ntlm"],
                "access": ["kind": "user_access", "username": "CONTOSO\\alice", "password": Self.password],
                "ews_endpoint": "http://127.0.0.1:\(ewsPort)/EWS/Exchange.asmx",
            ]
            var graph = try GraphWorld.connectionInput(port: graphPort).mapValues(Self.plain)
            graph["microsoft_api"] = ["kind": "graph"]
            func call(_ method: HTTPRequest.Method, _ json: [String: Any]) async throws -> (HTTPResponse.Status, String) {
                try await client.execute(
                    uri: "/api/_private/integrations/ops/exchange", method: method,
                    headers: [.authorization: "Bearer \(admin)", .contentType: "application/json"],
                    body: ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
                ) { ($0.status, String(buffer: $0.body)) }
            }
            let created = try await call(.put, ["integration": ["type": "exchange_online", "configuration": [
                "connection": ews, "mailboxes": [[
                    "email": GraphWorld.alice, "bucket_specification": ["project_name": "ops", "name": "mail"],
                ]],
            ]]])
            try #require(created.0 == .ok, "\(created.1)")
            let overEWS = try #require(try await engine.syncOnce().first)
            #expect(overEWS.failure == nil, "\(overEWS.failure ?? "")")
            #expect(overEWS.report?.result.created == 2)
            let before = try await world.comments()
            let mailboxID = try #require(try await world.store.integrations().first?.mailboxes.first?.id)
            #expect(try await !world.store.folderCursors(mailboxID: mailboxID).isEmpty)

            // A type other than Exchange's two APIs can't be taken, and a switch needs the new API's connection.
            #expect(try await call(.post, ["integration": ["type": "imap"]]).0 == .badRequest)
            #expect(try await call(.post, ["integration": ["type": "graph"]]).0 == .badRequest)
            // Communications Mining's way: the same type, `microsoft_api` says Graph.
            let switched = try await call(.post, ["integration": ["type": "exchange_online",
                                                                  "configuration": ["connection": graph]]])
            #expect(switched.0 == .ok, "\(switched.1)")
            #expect(switched.1.contains("\"mailstream_type\":\"graph\""), "\(switched.1)")
            let stored = try #require(try await world.store.integrations().first)
            #expect(stored.kind == .graph)
            // EWS's password is not a Graph secret: it is gone, and the old API's cursors with it.
            #expect(stored.connection.secret("password") == nil)
            #expect(stored.connection.secret("client_secret") == GraphWorld.secret)
            #expect(try await world.store.folderCursors(mailboxID: mailboxID).isEmpty)

            // Mail that only Graph has seen arrives; what EWS stored is not stored again.
            try world.simulator.deliver(GraphWorld.mail("graph-only@x"), mailbox: GraphWorld.alice)
            let overGraph = try #require(try await engine.syncOnce().first)
            #expect(overGraph.failure == nil, "\(overGraph.failure ?? "")")
            #expect(overGraph.report?.result.created == 1)
            let after = try await world.comments()
            #expect(after.count == 3)
            #expect(Set(after.map(\.comment.id)).count == 3)
            for comment in before {
                #expect(after.first { $0.comment.id == comment.comment.id }?.comment.messages
                    == comment.comment.messages)
            }
            // Graph read every folder from the start: all three messages were downloaded.
            #expect(world.mimeDownloads == 3)

            // And back: the EWS connection again, which needs its password.
            let back = try await call(.post, ["integration": ["configuration": ["connection": ews]]])
            #expect(back.0 == .ok, "\(back.1)")
            #expect(try await world.store.integrations().first?.kind == .ews)
            #expect(try await world.store.integrations().first?.connection.secret("client_secret") == nil)
            let overEWSAgain = try #require(try await engine.syncOnce().first)
            #expect(overEWSAgain.failure == nil, "\(overEWSAgain.failure ?? "")")
            #expect(overEWSAgain.report?.result.created == 0)
            #expect(try await world.comments().count == 3)
        }
        await exchange.stop()
        await world.stop()
    }

    /// A configuration file that changes `type: ews` to `type: graph` does the same: the cursors go, Graph lists
    /// every folder once, and nothing doubles.
    @Test func aConfigurationFileThatChangesTheTypeStartsGraphAfresh() async throws {
        let world = try await GraphWorld()
        let exchange = EWSSimulator(configuration: EWSSimulatorConfiguration(
            authentication: [.ntlm],
            accounts: [.init(login: "alice", password: Self.password, smtpAddress: GraphWorld.alice)]))
        let ewsPort = try await exchange.start()
        try exchange.addMessage(GraphWorld.mail("file@x"), mailbox: GraphWorld.alice)
        try world.simulator.deliver(GraphWorld.mail("file@x"), mailbox: GraphWorld.alice)
        let connectors = ConnectorRegistry([EWSConnector(outboundPolicy: world.policy), world.connector])
        let engine = SyncEngine(store: world.store, factory: connectors, logger: Logger(label: "graph-switch-test"))
        func file(_ connection: String) throws -> ConfigurationFile {
            try ConfigurationFile(text: """
                integrations:
                  - name: exchange
                    owner: ops
                \(connection)
                    mailboxes:
                      - email: \(GraphWorld.alice)
                        bucket: mail
                """, environment: [:], connectors: connectors)
        }
        try await file("""
                type: ews
                connection:
                  ews_endpoint: http://127.0.0.1:\(ewsPort)/EWS/Exchange.asmx
                  authentication: ntlm
                  username: CONTOSO\\alice
                  password: \(Self.password)
            """).apply(to: world.store)
        #expect(try await engine.syncOnce().first?.report?.result.created == 1)
        let mailboxID = try #require(try await world.store.integrations().first?.mailboxes.first?.id)
        #expect(try await !world.store.folderCursors(mailboxID: mailboxID).isEmpty)
        let ca = try GraphWorld.fixturePath("simulator-ec-certificate")
        try await file("""
                type: graph
                connection:
                  tenant_id: \(GraphWorld.tenantID)
                  client_id: \(GraphWorld.clientID)
                  client_secret: \(GraphWorld.secret)
                  authority_host: https://127.0.0.1:\(world.port)
                  graph_base_url: https://127.0.0.1:\(world.port)/v1.0
                  ca_file: \(ca)
            """).apply(to: world.store)
        #expect(try await world.store.integrations().first?.kind == .graph)
        #expect(try await world.store.folderCursors(mailboxID: mailboxID).isEmpty)
        let overGraph = try #require(try await engine.syncOnce().first)
        #expect(overGraph.failure == nil, "\(overGraph.failure ?? "")")
        #expect(overGraph.report?.result.created == 0)
        #expect(try await world.comments().count == 1)
        #expect(world.mimeDownloads == 1)
        await exchange.stop()
        await world.stop()
    }

    /// A flat connection value as JSONSerialization takes it.
    static func plain(_ value: JSONValue) -> Any {
        switch value {
        case .string(let text): text
        case .int(let number): number
        case .bool(let flag): flag
        default: "\(value)"
        }
    }
}

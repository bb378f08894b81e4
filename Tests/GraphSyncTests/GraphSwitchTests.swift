import ClientTLS
import Domain
import EWS
import EWSSimulator
import Foundation
import GraphSimulator
import Logging
import MicrosoftGraph
import SQLiteStore
import Store
import Sync
import Testing

/// Moving one integration from EWS to Graph (Exchange Online turning EWS off): the comments stay, nothing is
/// stored twice (a comment's id comes from the Message-ID), and Graph starts from fresh cursors.
@Suite struct GraphSwitchTests {
    @Test func anEWSIntegrationSwitchedToGraphKeepsItsCommentsWithoutDuplicates() async throws {
        let world = try await GraphWorld()
        let exchange = EWSSimulator(configuration: EWSSimulatorConfiguration(
            authentication: [.ntlm],
            accounts: [.init(login: "alice", password: "Alice-Passw0rd!", smtpAddress: GraphWorld.alice)]))
        let ewsPort = try await exchange.start()
        for id in ["sw1@x", "sw2@x"] {
            try exchange.addMessage(GraphWorld.mail(id), mailbox: GraphWorld.alice)
            try world.simulator.deliver(GraphWorld.mail(id), mailbox: GraphWorld.alice)
        }
        // The same mailbox, seen by both APIs; one more message arrives while the integration is switched.
        try world.simulator.deliver(GraphWorld.mail("sw3@x"), mailbox: GraphWorld.alice)

        let registry = ConnectorRegistry([EWSConnector(outboundPolicy: world.policy), world.connector])
        let engine = SyncEngine(store: world.store, factory: registry, logger: Logger(label: "graph-switch-test"))
        let now = Date()
        let ews = EWSConnection(endpoint: URL(string: "http://127.0.0.1:\(ewsPort)/EWS/Exchange.asmx")!,
                                authentication: .ntlm, username: "CONTOSO\\alice", password: "Alice-Passw0rd!")
        var integration = Integration(
            id: "exchange", owner: "ops", name: "exchange", kind: .ews, connection: ews.settings,
            mailboxes: [Mailbox(id: "mb-alice", email: GraphWorld.alice, bucketOwner: "ops", bucketName: "mail")],
            createdAt: now, updatedAt: now)
        try await world.store.saveIntegration(integration)
        let overEWS = try #require(try await engine.syncOnce().first)
        #expect(overEWS.failure == nil, "\(overEWS.failure ?? "")")
        #expect(overEWS.report?.result.created == 2)
        let before = try await world.comments()

        integration.kind = .graph
        integration.connection = try world.connection()
        try await world.store.saveIntegration(integration)
        let overGraph = try #require(try await engine.syncOnce().first)
        #expect(overGraph.failure == nil, "\(overGraph.failure ?? "")")
        #expect(overGraph.report?.result.created == 1)
        let after = try await world.comments()
        #expect(after.count == 3)
        #expect(Set(after.map(\.comment.id)).count == 3)
        // The comments synced over EWS are the same ones, text unchanged.
        for comment in before {
            #expect(after.first { $0.comment.id == comment.comment.id }?.comment.messages == comment.comment.messages)
        }
        // EWS's sync states were not taken for delta links: Graph read every folder from the start.
        #expect(world.mimeDownloads == 3)
        await exchange.stop()
        await world.stop()
    }
}

import ClientTLS
import Config
import Domain
import EntraSimulator
import EWS
import Foundation
import GraphSimulator
import MicrosoftGraph
import MicrosoftIdentity
import Sync
import Testing

/// The Graph kind's connections as the configuration file and the registry read them: flat keys or
/// Communications Mining's shape, secrets from the environment, and each mistake named by its field.
@Suite struct GraphConnectorTests {
    static let registry = ConnectorRegistry([EWSConnector(outboundPolicy: OutboundPolicy()),
                                             GraphConnector(outboundPolicy: OutboundPolicy())])

    @Test func aConfigurationFileDeclaresGraphIntegrations() throws {
        let yaml = """
            integrations:
              - name: flat
                type: graph
                connection:
                  tenant_id: contoso.onmicrosoft.com
                  client_id: 6f1c9d2e-8a3b-4c5d-9e7f-1a2b3c4d5e6f
                  client_secret_env: GRAPH_SECRET
                  cloud: gcc_high
                mailboxes: [{email: support@contoso.com}]
              - name: shaped
                type: exchange_online
                connection:
                  access: {kind: app_access}
                  application: {kind: custom, tenant_id: t, client_id: c, client_secret: s}
                  microsoft_api: {kind: graph}
                  cloud: china
                mailboxes: [{email: support@contoso.com}]
              - name: defense
                type: graph
                connection: {tenant_id: t, client_id: c, client_secret: s, cloud: dod}
                mailboxes: [{email: support@contoso.com}]
            """
        let file = try ConfigurationFile(text: yaml, environment: ["GRAPH_SECRET": "from-env"],
                                         connectors: Self.registry)
        #expect(file.integrations.map(\.kind) == [.graph, .graph, .graph])
        let flat = try GraphConnection(file.integrations[0].connection)
        #expect(flat.application.clientSecret == "from-env")
        #expect(try flat.sourceSettings(mailbox: "a@b.c").baseURL() == "https://graph.microsoft.us/v1.0")
        let shaped = try GraphConnection(file.integrations[1].connection)
        #expect(shaped.application.cloud == "china")
        #expect(shaped.application.clientSecret == "s")
        let defense = try GraphConnection(file.integrations[2].connection)
        #expect(try defense.sourceSettings(mailbox: "a@b.c").baseURL() == "https://dod-graph.microsoft.us/v1.0")
        #expect(try defense.application.azureCloud().authorityHost.absoluteString == "https://login.microsoftonline.us")
    }

    /// A DoD integration asks Entra ID for a token to DoD's Graph (`https://dod-graph.microsoft.us/.default`), and
    /// syncs with it; token host and Graph are the simulator here.
    @Test func aDoDIntegrationAsksForDoDsGraph() async throws {
        let world = try await GraphWorld()
        var input = try GraphWorld.connectionInput(port: world.port)
        input["cloud"] = .string("dod")
        try await world.addIntegration(connection: try world.connector.settings(from: input, previous: nil))
        try world.simulator.deliver(GraphWorld.mail("dod@x"), mailbox: GraphWorld.alice)
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        #expect(world.simulator.tokenRequests.map(\.scope) == ["https://dod-graph.microsoft.us/.default"])
        #expect(try await world.comments().count == 1)
        await world.stop()
    }

    static func problem(_ input: [String: JSONValue]) -> ConnectionProblem? {
        do {
            _ = try GraphConnector(outboundPolicy: OutboundPolicy()).settings(from: input, previous: nil)
            return nil
        } catch {
            return error
        }
    }

    @Test func mistakesNameTheirField() {
        let app: [String: JSONValue] = ["tenant_id": .string("t"), "client_id": .string("c"),
                                        "client_secret": .string("s")]
        #expect(Self.problem(app) == nil)
        #expect(Self.problem(app.filter { $0.key != "tenant_id" })?.field == "tenant_id")
        #expect(Self.problem(app.filter { $0.key != "client_secret" })?.field == "client_secret")
        #expect(Self.problem(app.merging(["graph_base_url": .string("http://graph.example.com/v1.0")]) { $1 })?.field
            == "graph_base_url")
        #expect(Self.problem(app.merging(["ews_endpoint": .string("https://x/EWS/Exchange.asmx")]) { $1 })?.field
            == "ews_endpoint")
        #expect(Self.problem(app.merging(["microsoft_api": .object(["kind": .string("ews")])]) { $1 })?.field
            == "microsoft_api.kind")
        #expect(Self.problem(app.merging(["access": .object(["kind": .string("user_access")])]) { $1 })?.field
            == "access.kind")
        #expect(Self.problem(app.merging(["cloud": .string("mars")]) { $1 })?.field == "cloud")
    }

    @Test func theRegistryRoutesGraphShapes() throws {
        let graph: [String: JSONValue] = ["microsoft_api": .object(["kind": .string("graph")])]
        #expect(try Self.registry.kind(named: nil, connection: graph) == .graph)
        #expect(try Self.registry.kind(named: "exchange_online", connection: graph) == .graph)
        #expect(try Self.registry.kind(named: "exchange_online", connection: ["ews_endpoint": .string("x")]) == .ews)
        let ews: [String: JSONValue] = ["microsoft_api": .object(["kind": .string("ews")])]
        #expect(try Self.registry.kind(named: nil, connection: ews) == .ews)
    }
}

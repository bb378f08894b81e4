import ClientTLS
import Domain
import EntraSimulator
import Foundation
import GraphSimulator
import Logging
import MicrosoftGraph
import MicrosoftIdentity
import SQLiteStore
import Store
import Sync
import Testing

/// The engine over Graph against the simulator, served over TLS on 127.0.0.1 with the committed test certificate:
/// a store in a temporary folder, the simulator's built-in app, alice and bob.
struct GraphWorld {
    static let tenantID = "2a8f5c1e-4b7d-4e3a-9c6f-0d1e2f3a4b5c"
    static let clientID = "6f1c9d2e-8a3b-4c5d-9e7f-1a2b3c4d5e6f"
    static let secret = "GraphSim~S3cret.For-Tests"
    static let alice = "alice@contoso.com"
    static let bob = "bob@contoso.com"

    let simulator: GraphSimulator
    let port: Int
    let store: SQLiteStore
    let engine: SyncEngine
    let connector: GraphConnector
    let folder: URL
    let policy: OutboundPolicy

    /// - Parameters:
    ///   - policy: where the engine may connect; the simulator is on 127.0.0.1, which the default refuses.
    ///   - retryBudget: zero makes a transient failure end the pass at once, so tests can see it.
    init(policy: OutboundPolicy = OutboundPolicy(allowPrivateNetworks: true), retryBudget: Duration = .seconds(60),
         configure: (inout GraphSimulatorConfiguration) -> Void = { _ in }) async throws {
        var configuration = GraphSimulatorConfiguration(
            applications: [Self.application()], mailboxes: [.init(Self.alice), .init(Self.bob)],
            tls: .init(certificateChainPEM: try Self.fixture("simulator-ec-certificate"),
                       privateKeyPEM: try Self.fixture("simulator-ec-key")))
        configure(&configuration)
        simulator = GraphSimulator(configuration: configuration)
        port = try await simulator.start()
        self.policy = policy
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-graph-\(UUID())")
        let dataFolder = try DataFolder(path: folder.path)
        store = SQLiteStore(dataFolder: dataFolder,
                            secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        connector = GraphConnector(outboundPolicy: policy)
        var engineConfiguration = SyncEngine.Configuration()
        engineConfiguration.backoffBase = .milliseconds(5)
        engineConfiguration.retryBudget = retryBudget
        engine = SyncEngine(store: store, factory: connector, configuration: engineConfiguration,
                            logger: Logger(label: "graph-test"))
    }

    static func application() -> GraphApplication {
        GraphApplication(tenantID: tenantID, tenantDomains: ["contoso.onmicrosoft.com"], clientID: clientID,
                         secrets: [.init(secret)], certificatePEM: try? fixture("app-certificate"))
    }

    /// The connection Mailstream's flat keys give: the built-in app, Graph and the token endpoint on the
    /// simulator, its certificate trusted.
    static func connectionInput(port: Int, secret: String? = GraphWorld.secret) throws -> [String: JSONValue] {
        var input: [String: JSONValue] = [
            "tenant_id": .string(tenantID), "client_id": .string(clientID),
            "authority_host": .string("https://127.0.0.1:\(port)"),
            "graph_base_url": .string("https://127.0.0.1:\(port)/v1.0"),
            "ca_file": .string(try fixturePath("simulator-ec-certificate")),
        ]
        if let secret { input["client_secret"] = .string(secret) }
        return input
    }

    func connection(secret: String = GraphWorld.secret) throws -> ConnectionSettings {
        try connector.settings(from: try Self.connectionInput(port: port, secret: secret), previous: nil)
    }

    func stop() async {
        await simulator.stop()
        try? FileManager.default.removeItem(at: folder)
    }

    @discardableResult
    func addIntegration(id: String = "graph", connection: ConnectionSettings? = nil,
                        mailboxes: [String] = [GraphWorld.alice], startTimestamp: Date? = nil,
                        configure: (inout Mailbox) -> Void = { _ in }) async throws -> Integration {
        let now = Date()
        let integration = Integration(
            id: id, owner: "ops", name: id, kind: .graph, connection: try connection ?? self.connection(),
            mailboxes: mailboxes.map { address in
                var mailbox = Mailbox(id: "\(id)-\(address)", email: address, startTimestamp: startTimestamp,
                                      bucketOwner: "ops", bucketName: "mail")
                configure(&mailbox)
                return mailbox
            },
            createdAt: now, updatedAt: now)
        try await store.saveIntegration(integration)
        return integration
    }

    func comments() async throws -> [StoredComment] {
        guard let source = try await store.source(owner: "ops", name: "mail") else { return [] }
        return try await store.comments(sourceID: source.id, afterSequence: 0, limit: 10_000)
    }

    func comment(_ messageID: String) async throws -> Domain.Comment? {
        try await comments().first { $0.comment.id == ContentHash.hex(messageID.utf8) }?.comment
    }

    func folder(of messageID: String) async throws -> String? {
        try await comment(messageID)?.userProperties["string:Folder"]?.stringValue
    }

    /// How many `$value` downloads the simulator answered.
    var mimeDownloads: Int { simulator.receivedRequests.filter { $0.endpoint == .mime }.count }

    static func mail(_ id: String, date: String = "Mon, 6 Jan 2025 10:15:00 +0000") -> [UInt8] {
        Array(("Message-ID: <\(id)>\r\nFrom: ann@example.com\r\nTo: alice@contoso.com\r\nSubject: \(id)\r\n"
            + "Date: \(date)\r\n\r\nBody of \(id)\r\n").utf8)
    }

    static func fixturePath(_ name: String) throws -> String {
        try #require(Bundle.module.url(forResource: name, withExtension: "pem", subdirectory: "Fixtures")).path
    }

    static func fixture(_ name: String) throws -> String {
        try String(contentsOfFile: try fixturePath(name), encoding: .utf8)
    }
}

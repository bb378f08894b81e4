import API
import ClientTLS
import Domain
import EntraSimulator
import EWS
import EWSSimulator
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import MicrosoftIdentity
import NIOCore
import SQLiteStore
import Store
import Sync
import Testing

/// The outbound policy (DESIGN.md invariant 8) for Exchange: the EWS endpoint and the Entra ID token endpoint
/// (`authority_host`) on 127.0.0.1 are refused by default, before anything reaches the simulator, and reached
/// with the switch; through the API, a project-limited token's `validate-exchange-credentials` gets the refusal.
struct EWSOutboundTests {
    @Test func anEndpointOnLoopbackIsRefusedByDefaultAndSyncsWithTheSwitch() async throws {
        let world = try await EWSSyncTests.World(policy: OutboundPolicy())
        try world.simulator.addMessage(EWSSyncTests.mail("outbound@x"), mailbox: EWSSyncTests.alice)
        let integration = try await world.addIntegration()
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure?.contains("outbound connection to 127.0.0.1 refused: a loopback address") == true,
                "\(outcome.failure ?? "no failure")")
        #expect(world.simulator.receivedOperations.isEmpty)
        let stored = try #require(try await world.store.integration(id: integration.id))
        #expect(!stored.enabled)
        let errors = try await world.store.errors(integrationID: integration.id)
        #expect(errors.map(\.action) == [.integrationDisabled])
        #expect(errors.first?.fullErrorText.contains("127.0.0.1, port \(world.port)") == true)

        try await world.store.setIntegrationEnabled(id: integration.id, enabled: true, reason: nil)
        let allowing = SyncEngine(store: world.store,
                                  factory: EWSConnector(outboundPolicy: OutboundPolicy(allowPrivateNetworks: true)),
                                  logger: Logger(label: "ews-outbound-test"))
        let synced = try #require(try await allowing.syncOnce().first)
        #expect(synced.failure == nil)
        #expect(synced.report?.result.created == 1)
        await world.stop()
    }

    /// The EWS endpoint allowed by an allow-list naming 127.0.0.1, the token endpoint on ::1 not: the refusal is
    /// the token endpoint's. (Were ::1 let through, the connection would fail instead: the simulator listens on
    /// 127.0.0.1 only.) With the default policy the EWS endpoint, connected to first, is refused before any token
    /// is asked for, so only this shows the token endpoint checked.
    @Test func theTokenEndpointIsCheckedOnItsOwn() async throws {
        let loopbackV4 = try IPAddressRange(parsing: "127.0.0.1/32")
        let world = try await EWSOAuthTests.World(policy: OutboundPolicy(allowed: [loopbackV4]))
        var connection = world.withSecret()
        connection.application?.authorityHost = "http://[::1]:\(world.port)"
        try await world.addIntegration(connection)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure?.contains("outbound connection to ::1 refused: a loopback address") == true,
                "\(outcome.failure ?? "no failure")")
        #expect(world.simulator.tokenRequests.isEmpty)

        let allowing = try await EWSOAuthTests.World(policy: OutboundPolicy(allowPrivateNetworks: true))
        try await allowing.addIntegration(allowing.withSecret())
        try allowing.simulator.addMessage(EWSSyncTests.mail("token@x"), mailbox: EWSSyncTests.alice)
        let synced = try #require(try await allowing.engine.syncOnce().first)
        #expect(synced.failure == nil)
        #expect(allowing.simulator.tokenRequests.count == 1)
        await world.stop()
        await allowing.stop()
    }

    @Test func validateExchangeCredentialsWithAProjectTokenIsRefused() async throws {
        let world = try await EWSSyncTests.World(policy: OutboundPolicy())
        let token = try await TokenSecrets.create(name: "ops-writer", permissions: [.integrationsWrite],
                                                  projects: ["ops"],
                                                  userID: try #require(await world.store.firstAdministrator()).id,
                                                  in: world.store).secret
        let sources = EWSConnector(outboundPolicy: world.policy)
        let app = Application(router: MailstreamApplication.responder(
            store: world.store, connectors: ConnectorRegistry([sources]), sources: sources))
        let body: [String: Any] = [
            "connection": [
                "access": ["kind": "user_access", "username": "CONTOSO\\alice", "password": EWSSyncTests.password],
                "application": ["kind": "ntlm"], "microsoft_api": ["kind": "ews"],
                "ews_endpoint": "http://127.0.0.1:\(world.port)/EWS/Exchange.asmx",
            ],
            "test_mailbox": EWSSyncTests.alice,
        ]
        let data = try JSONSerialization.data(withJSONObject: body)
        let result = try await app.test(.router) { client in
            try await client.execute(uri: "/api/_private/validate-exchange-credentials", method: .put,
                                     headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                                     body: ByteBuffer(bytes: data)) { response in
                let object = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))
                return (object as? [String: Any])?["result"] as? [String: Any] ?? [:]
            }
        }
        #expect(result["ok"] as? Bool == false)
        let message = (result["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("outbound connection to 127.0.0.1 refused: a loopback address"), "\(message)")
        #expect(message.contains("--allow-private-networks"))
        #expect(world.simulator.receivedOperations.isEmpty)
        await world.stop()
    }
}

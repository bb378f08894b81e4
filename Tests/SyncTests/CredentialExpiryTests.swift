import ClientTLS
import Crypto
import Domain
import Foundation
import Logging
import MicrosoftGraph
import MicrosoftIdentity
import SQLiteStore
import Store
import Testing
@testable import Sync

/// Issue 20's `credentials_expiring`: a Graph integration signing in with a client certificate that expires within
/// 14 days is told once (per integration and certificate), whatever the passes, recoveries and restarts; one
/// expiring later is not told. The certificates are made here; the connector reads them as in production.
@Suite struct CredentialExpiryTests {
    /// The fake server's sources, and the Graph connector's reading of the integration's credentials.
    struct Factory: MailSourceFactory {
        let fake: FakeSourceFactory
        let graph = GraphConnector(outboundPolicy: OutboundPolicy())

        func makeSource(integration: Integration, mailbox: Mailbox) async throws -> any MailSource {
            try await fake.makeSource(integration: integration, mailbox: mailbox)
        }

        func credentials(of integration: Integration) -> [CredentialValidity] {
            graph.credentials(of: integration)
        }
    }

    struct World {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-cred-\(UUID())")
        let server = FakeMailServer()
        let store: SQLiteStore
        let certificate: TestCertificate

        init(expiresIn interval: TimeInterval) async throws {
            let dataFolder = try DataFolder(path: folder.path)
            store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
            certificate = try TestCertificate(notAfter: Date().addingTimeInterval(interval))
            let application = EntraApplicationSettings(
                tenantID: "tenant", clientID: "app-1", clientCertificate: certificate.certificatePEM,
                clientPrivateKey: certificate.privateKeyPEM)
            let now = Date()
            try await store.saveIntegration(Integration(
                id: "int", owner: "ops", name: "exchange", kind: .graph,
                connection: GraphConnection(application: application).settings,
                mailboxes: [Mailbox(id: "mb0", email: "alice@example.com", bucketOwner: "ops", bucketName: "mail")],
                createdAt: now, updatedAt: now))
            await server.add("Message-ID: <a@x>\r\nSubject: a\r\n\r\nbody\r\n", to: "INBOX", in: "alice@example.com")
        }

        /// A new engine over the store, as after a restart.
        func engine() -> SyncEngine {
            SyncEngine(store: store, factory: Factory(fake: FakeSourceFactory(server: server)),
                       logger: Logger(label: "test"))
        }

        func told() async throws -> [NotificationEvent] {
            try await store.notificationEvents(integrationID: "int").filter { $0.kind == .credentialsExpiring }
        }

        func cleanup() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func aCertificateExpiringInThreeDaysIsToldOnce() async throws {
        let world = try await World(expiresIn: 3 * 86_400)
        defer { world.cleanup() }
        let first = try await world.engine().syncOnce()
        #expect(first.first?.failure == nil, "\(first)")
        _ = try await world.engine().syncOnce()
        _ = try await world.engine().syncOnce()
        let told = try await world.told()
        #expect(told.count == 1, "\(told.map(\.text))")
        let event = try #require(told.first)
        let der = try #require(ClientCertificate.pemBlock("CERTIFICATE", in: world.certificate.certificatePEM))
        #expect(event.credentialID == SHA256.hash(data: der).map { String(format: "%02x", $0) }.joined())
        let notAfter = try ClientCertificate.notAfter(of: der)
        #expect(abs(notAfter.timeIntervalSinceNow - 3 * 86_400) < 120, "\(notAfter)")
        #expect(event.integrationOwner == "ops" && event.integrationName == "exchange")
        #expect(event.title == "Credentials of integration ops/exchange expire soon")
        let day = String(notAfter.formatted(Date.ISO8601FormatStyle()).prefix(10))
        for words in ["client certificate", "ops/exchange", "expires on \(day)", "(in 3 days)",
                      "upload a new certificate to the app registration (client app-1)",
                      "update the integration's client_certificate and client_private_key"] {
            #expect(event.text.contains(words), "\(words): \(event.text)")
        }
        // Only this event: a good pass after it is no recovery to tell.
        #expect(try await world.store.notificationEvents(integrationID: "int").count == 1)
    }

    @Test func aCertificateExpiringInSixtyDaysIsNotTold() async throws {
        let world = try await World(expiresIn: 60 * 86_400)
        defer { world.cleanup() }
        let outcomes = try await world.engine().syncOnce()
        #expect(outcomes.first?.failure == nil, "\(outcomes)")
        #expect(try await world.store.notificationEvents(integrationID: "int").isEmpty)
        // The connector does read it: it is simply not due.
        let integration = try #require(try await world.store.integration(id: "int"))
        let validity = try #require(Factory(fake: FakeSourceFactory(server: world.server))
            .credentials(of: integration).first)
        #expect(!validity.expiresSoon(at: Date()) && validity.expiresSoon(at: Date().addingTimeInterval(50 * 86_400)))
    }
}

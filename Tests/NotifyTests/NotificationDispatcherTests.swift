import ClientTLS
import Domain
import Foundation
import Logging
import Notify
import Prometheus
import SMTP
import SQLiteStore
import Store
import Testing

/// The dispatcher over a real store and the SMTP client against a scripted relay: what each outcome leaves in the
/// outbox, and the counters `/metrics` shows for it.
@Suite struct NotificationDispatcherTests {
    /// A store with ann (integrations-read, an address) and the migrated admin (no address), and one disable told.
    static func world() async throws -> (store: SQLiteStore, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-dispatch-\(UUID())")
        let dataFolder = try DataFolder(path: folder.path)
        let store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        let now = Date()
        try await store.createUser(User(id: User.newID(), login: "ann", email: "ann@example.com",
                                        permissions: [.integrationsRead], createdAt: now), passwordHash: nil)
        let integration = Integration(
            id: "int-ops", owner: "ops", name: "support", kind: Integration.Kind("imap"),
            connection: ConnectionSettings(fields: ["host": .string("imap.example.com")], secrets: [:]),
            mailboxes: [Mailbox(id: "mb1", email: "support@example.com", bucketOwner: "ops", bucketName: "mail")],
            createdAt: now, updatedAt: now)
        try await store.saveIntegration(integration)
        try await store.setNotificationChannels(["email"])
        try await store.recordError(IntegrationError(
            id: "e1", integrationID: integration.id, mailboxID: "mb1", kind: .invalidIMAPCredentials,
            errorText: "the IMAP server refused the login", fullErrorText: "NO", action: .integrationDisabled,
            createdAt: now))
        return (store, folder)
    }

    static func lines(_ registry: PrometheusCollectorRegistry) -> [String] {
        var bytes: [UInt8] = []
        registry.emit(into: &bytes)
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// The relay's answer to the end of data → the email row's state and the counter that moved.
    @Test(arguments: [("250 2.0.0 queued", "sent", #"mailstream_notifications_sent_total{channel="email"} 1"#),
                      ("554 5.7.1 rejected", "failed", #"mailstream_notifications_failed_total{channel="email"} 1"#),
                      ("451 4.3.0 later", "pending", #"mailstream_notification_retries_total{channel="email"} 1"#)])
    func eachOutcomeIsRecordedAndCounted(_ answer: String, state: String, counter: String) async throws {
        let (store, folder) = try await Self.world()
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try await ScriptedSMTPServer(.init(extensions: [], endOfData: .reply(answer)))
        let relay = SMTPRelay(settings: SMTPSettings(host: "127.0.0.1", port: server.port, security: .none,
                                                     policy: OutboundPolicy(allowPrivateNetworks: true)))
        let registry = PrometheusCollectorRegistry()
        let dispatcher = NotificationDispatcher(
            store: store, channels: [InAppChannel(), EmailChannel(relay: relay, from: "m@example.com", baseURL: nil)],
            logger: Logger(label: "test"),
            metrics: NotificationMetrics(factory: PrometheusMetricsFactory(registry: registry)))
        // ann's in-app and email rows, the admin's in-app row (no address, so no email row).
        #expect(try await dispatcher.deliverDue() == 3)
        await server.close()
        #expect(try await store.notificationDeliveryCounts() == [
            NotificationDeliveryCount(channel: "email", state: state, count: 1),
            NotificationDeliveryCount(channel: "in_app", state: "sent", count: 2),
        ])
        let lines = Self.lines(registry)
        #expect(lines.contains(counter), "\(lines.filter { $0.hasPrefix("mailstream_notif") })")
        #expect(lines.contains(#"mailstream_notifications_sent_total{channel="in_app"} 2"#))
        #expect(try await dispatcher.deliverDue() == 0, "a retry waits for its time; the others are done")
    }
}

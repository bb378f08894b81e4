import ClientTLS
import Domain
import Foundation
import Notify
import SQLiteStore
import Store
import Testing
@testable import Webhooks

/// Issue 20: a stream webhook target disabled after failing for its whole retry window is told exactly once, to
/// those who may manage the dataset's streams, in the transaction that disables it; the texts name the stream, the
/// URL without its query, since when it failed, the last error and how to re-enable it.
@Suite struct WebhookDisabledNotificationTests {
    static func user(_ login: String, _ permissions: [Permission], projects: [String]? = nil) -> User {
        User(id: User.newID(), login: login, email: "\(login)@example.com", permissions: permissions,
             projects: projects, createdAt: Date())
    }

    @Test func aTargetDisabledAfterItsWindowIsToldOnceEvenWhenRecordedAgain() async throws {
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        let store = fixture.store
        try await fixture.addEmails(0..<3)
        let sam = Self.user("sam", [.triggersWrite], projects: ["ops"])
        let ivy = Self.user("ivy", [.integrationsRead, .triggersRead])  // may view, not manage streams: not told
        let otto = Self.user("otto", [.triggersWrite], projects: ["legal"])  // another project: not told
        let una = Self.user("una", [.triggersWrite])  // unsubscribed from all: not told
        for user in [sam, ivy, otto, una] { try await store.createUser(user, passwordHash: nil) }
        try await store.setNotificationSubscriptions(userID: una.id, NotificationSubscriptions(all: false))
        let receiver = WebhookReceiver { _ in .init(status: 500, body: "receiver broken") }
        try await receiver.start()
        defer { receiver.stop() }
        let webhook = try await store.saveWebhook(streamID: fixture.stream.id, url: receiver.url + "?key=s3cret",
                                                  batchSize: 4, secret: .generate())
        // The 24 h window, simulated: 300 ms of failures disables the target.
        let sink = DisabledEvents()
        let deliverer = try await Deliverers.make(
            fixture, schedule: .init(base: .milliseconds(20), maximum: .milliseconds(40), window: .milliseconds(300)),
            events: sink)
        try await running(deliverer) { () async throws in
            #expect(try await eventually(within: .seconds(15)) {
                try await store.webhook(id: webhook.id)?.enabled == false
            })
        }
        #expect(sink.all.count == 1, "the sink still hears of it (it only logs in serve)")
        var told = try await store.notificationEvents(webhookID: webhook.id)
        #expect(told.count == 1)
        let event = try #require(told.first)
        #expect(event.kind == .webhookDisabled && event.integrationID == nil && event.project == "ops")
        let subject = try #require(event.webhook)
        #expect(subject.streamPath == "ops/all/push" && subject.url == receiver.url)
        #expect(subject.failedAttempts >= 2)
        #expect(event.detail?.contains("answered 500: receiver broken") == true, "\(event.detail ?? "")")
        #expect(event.text.contains("/api/_private/datasets/ops/all/streams/push/webhook/enable"))
        #expect(!event.text.contains("s3cret") && !(event.detail ?? "").contains("s3cret"))

        // Recorded again (a second deliverer, a retried call): the target is disabled already, nothing is told.
        let again = WebhookDeliveryAttempt(deliveryID: "msg_again", at: Date(), status: 500, latency: .zero,
                                           attempt: 99, resultCount: 1, error: "answered 500")
        try await store.failWebhookDelivery(webhookID: webhook.id, attempt: again, nextAttemptAt: Date(),
                                            disable: "failed again")
        told = try await store.notificationEvents(webhookID: webhook.id)
        #expect(told.count == 1)

        #expect(try await store.unreadNotificationCount(userID: sam.id, projects: nil) == 1)
        for user in [ivy, otto, una] {
            #expect(try await store.unreadNotificationCount(userID: user.id, projects: nil) == 0, "\(user.login)")
        }
        // The dispatcher run twice (a restart) delivers each in-app row once.
        for _ in 0..<2 {
            let dispatcher = NotificationDispatcher(store: store, channels: [InAppChannel()],
                                                    logger: WebhookFixture.logger)
            try await store.setNotificationChannels(["in_app"])
            try await dispatcher.deliverDue()
        }
        let counts = try await store.notificationDeliveryCounts()
        let rows = try await store.claimNotificationDeliveries(channels: ["in_app"], now: Date(), limit: 10)
        #expect(rows.isEmpty)
        var recipients = 0
        for user in try await store.users() {
            recipients += try await store.unreadNotificationCount(userID: user.id, projects: nil)
        }
        #expect(counts == [NotificationDeliveryCount(channel: "in_app", state: "sent", count: recipients)])

        // The email's text says which stream, which URL, since when, the last error, how to re-enable.
        let text = NotificationEmail(from: "ms@example.com", baseURL: "https://ms.example.com").text(event)
        #expect(text.contains("Stream: ops/all/push"))
        #expect(text.contains("Webhook target: \(receiver.url)\r\n"))
        #expect(text.contains("Failing since: \(JSONCoding.format(subject.failingSince))"))
        #expect(text.contains("Last error: answered 500: receiver broken"))
        #expect(text.contains("POST https://ms.example.com/api/_private/datasets/ops/all/streams/push/webhook/enable"))
        #expect(!text.contains("s3cret"))

        // Re-enabled, failing again: a new run, told again once.
        try await store.setWebhookEnabled(id: webhook.id, enabled: true, reason: nil)
        try await store.failWebhookDelivery(webhookID: webhook.id, attempt: again, nextAttemptAt: Date(),
                                            disable: "failed again")
        #expect(try await store.notificationEvents(webhookID: webhook.id).count == 2)
    }
}

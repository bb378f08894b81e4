import ClientTLS
import CoreMetrics
import Domain
import Foundation
import Notify
import Prometheus
import SQLiteStore
import Store
import Testing
@testable import Webhooks

/// Issue 20: signed webhooks as the third notification channel. A receiver that fails once then succeeds gets
/// exactly one notification per event, each signed per Standard Webhooks, the retry with the same `webhook-id`
/// (the outbox delivery's id) and the same body; a restart sends nothing again; a target the policy refuses fails
/// at once; one failing past the schedule's window is given up.
@Suite struct NotificationWebhookChannelTests {
    /// A user who manages `ops`'s streams, with a notification webhook target at `url`.
    static func subscriber(_ fixture: WebhookFixture, url: String, secret: WebhookSecret) async throws -> User {
        let sam = User(id: User.newID(), login: "sam", email: nil, permissions: [.triggersWrite], projects: ["ops"],
                       createdAt: Date())
        try await fixture.store.createUser(sam, passwordHash: nil)
        _ = try await fixture.store.saveNotificationWebhook(userID: sam.id, url: url, secret: secret, now: Date())
        try await fixture.store.setNotificationChannels(["webhook"])
        return sam
    }

    /// `count` events: the stream's target disabled, re-enabled, disabled again, …
    static func disableEvents(_ fixture: WebhookFixture, count: Int) async throws -> [NotificationEvent] {
        let target = try await fixture.store.saveWebhook(streamID: fixture.stream.id, url: "https://hooks.example.com/in",
                                                         batchSize: 4, secret: .generate())
        for _ in 0..<count {
            try await fixture.store.setWebhookEnabled(id: target.id, enabled: true, reason: nil)
            let attempt = WebhookDeliveryAttempt(deliveryID: "msg_x", at: Date(), status: 500, latency: .zero,
                                                 attempt: 1, resultCount: 1, error: "answered 500")
            try await fixture.store.failWebhookDelivery(webhookID: target.id, attempt: attempt, nextAttemptAt: Date(),
                                                        disable: "failed for the window")
        }
        return try await fixture.store.notificationEvents(webhookID: target.id)
    }

    static func dispatcher(_ fixture: WebhookFixture, policy: OutboundPolicy = Deliverers.loopback,
                           schedule: WebhookRetrySchedule = .init(base: .milliseconds(10), maximum: .milliseconds(40)),
                           metrics: NotificationMetrics = NotificationMetrics()) async throws
        -> (NotificationDispatcher, NotificationWebhookChannel) {
        let sender = try await WebhookHTTPSender(policy: policy, limits: .init(connectTimeout: .seconds(2),
                                                                               totalTimeout: .seconds(2)))
        let channel = NotificationWebhookChannel(store: fixture.store, sender: sender, schedule: schedule)
        return (NotificationDispatcher(store: fixture.store, channels: [InAppChannel(), channel],
                                       logger: WebhookFixture.logger, metrics: metrics), channel)
    }

    /// Runs the outbox until `done` (for at most 10 s); the tests' schedules wait milliseconds.
    static func deliver(_ dispatcher: NotificationDispatcher, until done: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if try await done() { return }
            try await dispatcher.deliverDue()
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    @Test func aReceiverThatFailsOnceGetsEachNotificationOnceSignedWithTheSameIDOnTheRetry() async throws {
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        let receiver = WebhookReceiver { number in
            number == 1 ? .init(status: 503, headers: [("Retry-After", "0")], body: "busy") : .init(status: 200)
        }
        try await receiver.start()
        defer { receiver.stop() }
        let secret = WebhookSecret.generate()
        _ = try await Self.subscriber(fixture, url: receiver.url, secret: secret)
        let events = try await Self.disableEvents(fixture, count: 2)
        #expect(events.count == 2)
        let registry = PrometheusCollectorRegistry()
        let (dispatcher, channel) = try await Self.dispatcher(
            fixture, metrics: NotificationMetrics(factory: PrometheusMetricsFactory(registry: registry)))
        try await Self.deliver(dispatcher) {
            try await fixture.store.notificationDeliveryCounts().contains {
                $0 == NotificationDeliveryCount(channel: "webhook", state: "sent", count: 2)
            }
        }
        // A restart: a new dispatcher finds nothing to send.
        let (again, otherChannel) = try await Self.dispatcher(fixture)
        try await again.deliverDue(now: Date().addingTimeInterval(3_600))  // whatever is due, even later
        await channel.shutdown()
        await otherChannel.shutdown()

        let received = receiver.received
        #expect(received.count == 3, "one failure, then each of the two notifications once")
        #expect(Set(received.map(\.id)).count == 2)
        let retried = try #require(received.dropFirst().first { $0.id == received[0].id }, "the failed one came again")
        #expect(retried.body == received[0].body, "the retry carries the same body")
        var eventIDs: [String] = []
        for request in received {
            #expect(WebhookSignature.verify(id: request.id, timestamp: request.timestamp, body: request.body,
                                            signatures: request.signature, secret: secret), "\(request.number)")
            let json = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
            #expect(json["type"] as? String == "notification")
            let data = try #require(json["data"] as? [String: Any])
            #expect(data["notification_id"] as? String == request.id, "the body names the webhook-id")
            let event = try #require(data["event"] as? [String: Any])
            #expect(event["kind"] as? String == "webhook_disabled")
            eventIDs.append(try #require(event["id"] as? String))
        }
        #expect(Set(eventIDs) == Set(events.map(\.id)))
        let counts = try await fixture.store.notificationDeliveryCounts()
        #expect(counts.filter { $0.channel == "webhook" }
            == [NotificationDeliveryCount(channel: "webhook", state: "sent", count: 2)])
        var emitted: [UInt8] = []
        registry.emit(into: &emitted)
        let text = String(decoding: emitted, as: UTF8.self)
        #expect(text.contains("mailstream_notifications_sent_total{channel=\"webhook\"} 2"), "\(text)")
        #expect(text.contains("mailstream_notification_retries_total{channel=\"webhook\"} 1"))
    }

    /// The notification webhooks' signatures, checked by the Standard Webhooks reference library for Python.
    @Test(.enabled(if: StandardWebhooksPython.python != nil || StandardWebhooksPython.required,
                   "python3 with standardwebhooks (scripts/test installs it; CI=true requires it)"))
    func theReferenceLibraryVerifiesNotificationSignatures() async throws {
        let python = try #require(StandardWebhooksPython.python,
                                  "python3 cannot import standardwebhooks (pip install standardwebhooks)")
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        let receiver = WebhookReceiver { number in .init(status: number == 1 ? 500 : 200) }
        try await receiver.start()
        defer { receiver.stop() }
        let secret = WebhookSecret.generate()
        _ = try await Self.subscriber(fixture, url: receiver.url, secret: secret)
        _ = try await Self.disableEvents(fixture, count: 2)
        let (dispatcher, channel) = try await Self.dispatcher(fixture)
        try await Self.deliver(dispatcher) { receiver.received.count >= 3 }
        await channel.shutdown()
        let requests = receiver.received.map { request -> [String: Any] in
            ["headers": ["webhook-id": request.id, "webhook-timestamp": request.timestamp,
                         "webhook-signature": request.signature],
             "body": request.body.base64EncodedString()]
        }
        #expect(requests.count == 3)
        let verdicts = try StandardWebhooksPython.verify(python: python, secret: secret.text, requests: requests)
        #expect(verdicts == Array(repeating: "ok", count: requests.count), "\(verdicts)")
        let other = WebhookSecret.generate().text
        #expect(try StandardWebhooksPython.verify(python: python, secret: other, requests: [requests[0]]) != ["ok"])
    }

    @Test func aRefusedTargetFailsAtOnceAndAFailingOneIsGivenUpAfterTheWindow() async throws {
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        let receiver = WebhookReceiver { _ in .init(status: 500, body: "down") }
        try await receiver.start()
        defer { receiver.stop() }
        _ = try await Self.subscriber(fixture, url: receiver.url, secret: .generate())
        _ = try await Self.disableEvents(fixture, count: 1)
        // The default policy refuses loopback: the first attempt fails for good, nothing reaches the receiver.
        let (refusing, refusingChannel) = try await Self.dispatcher(fixture, policy: OutboundPolicy())
        try await refusing.deliverDue()
        await refusingChannel.shutdown()
        #expect(receiver.received.isEmpty)
        #expect(try await fixture.store.notificationDeliveryCounts().filter { $0.channel == "webhook" }
            == [NotificationDeliveryCount(channel: "webhook", state: "failed", count: 1)])

        // A receiver that keeps failing: retried until the window (300 ms here) has passed, then given up.
        _ = try await Self.disableEvents(fixture, count: 1)
        let (dispatcher, channel) = try await Self.dispatcher(
            fixture, schedule: .init(base: .milliseconds(10), maximum: .milliseconds(40), window: .milliseconds(300)))
        try await Self.deliver(dispatcher) {
            try await fixture.store.notificationDeliveryCounts().contains {
                $0 == NotificationDeliveryCount(channel: "webhook", state: "failed", count: 2)
            }
        }
        await channel.shutdown()
        #expect(try await fixture.store.notificationDeliveryCounts().filter { $0.channel == "webhook" }
            == [NotificationDeliveryCount(channel: "webhook", state: "failed", count: 2)])
        #expect(receiver.received.count >= 2, "it was retried before it was given up")
        #expect(Set(receiver.received.map(\.id)).count == 1)
    }
}

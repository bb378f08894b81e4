import Domain
import Foundation
import Store
import Webhooks

/// Notifications POSTed to each user's notification webhook target (``NotificationStore/notificationWebhookTarget(userID:)``),
/// signed per Standard Webhooks with the target's secret, through the same bounded sender and outbound policy as
/// stream webhooks. The `webhook-id` is the delivery's id (one per event, user and channel in the outbox), the
/// same on every retry, so a receiver deduplicates on it; the body is fixed by the delivery (the event as the API
/// shows it), so a retry is the same bytes.
///
/// A failure is tried again along the ``WebhookRetrySchedule`` (honouring `Retry-After`) until the schedule's
/// window, counted from the delivery's first attempt, has passed; then the delivery is failed. A target the
/// outbound policy refuses fails at once. Delivery is at least once: a process stopped after the receiver took
/// the request but before the outcome was recorded sends it again, with the same id.
public struct NotificationWebhookChannel: NotificationChannel {
    let store: any NotificationStore
    let sender: WebhookHTTPSender
    let schedule: WebhookRetrySchedule

    public init(store: any NotificationStore, sender: WebhookHTTPSender,
                schedule: WebhookRetrySchedule = WebhookRetrySchedule()) {
        self.store = store
        self.sender = sender
        self.schedule = schedule
    }

    public var name: String { "webhook" }

    public func deliver(_ delivery: NotificationDelivery, committing: @Sendable () async throws -> Void) async
        -> NotificationChannelResult {
        let target: (webhook: NotificationWebhook, secret: WebhookSecret)?
        let body: Data
        do {
            target = try await store.notificationWebhookTarget(userID: delivery.user.id)
            body = try NotificationWebhookPayload(delivery: delivery).data()
        } catch {
            return .retry("cannot read the target: \(error)")
        }
        guard let target else { return .failed("user \(delivery.user.login) has no notification webhook target") }
        let now = Date()
        let headers = WebhookSignature.headers(id: delivery.id, timestamp: now, body: body, secret: target.secret)
        let outcome: WebhookHTTPSender.Outcome
        do {
            outcome = try await sender.post(url: target.webhook.url, headers: headers, body: body)
        } catch {
            return .retryAfter(.zero, "stopped while sending")  // cancelled: the process is stopping
        }
        if outcome.succeeded { return .delivered }
        let error = outcome.errorText
        if outcome.isPermanent { return .failed("refused by the outbound policy: \(error)") }
        let failingSince = delivery.firstAttemptAt ?? now
        let answered = Date()
        if schedule.isExhausted(failingSince: failingSince, now: answered) {
            return .failed("failed every attempt since \(JSONCoding.format(failingSince)) "
                + "(\(delivery.attempt) attempts); last: \(error)")
        }
        let wait = schedule.delay(afterFailures: delivery.attempt,
                                  retryAfter: RetryAfter.duration(outcome.retryAfter, now: answered))
        return .retryAfter(wait, error)
    }

    public func shutdown() async {
        try? await sender.shutdown()
    }
}

/// The body of a notification webhook, in the Standard Webhooks envelope (`type`, `timestamp`, `data`): `data` is
/// the notification's id (the `webhook-id`) and the event exactly as the API's notification list shows it.
/// `timestamp` is the event's time, so every retry carries the same bytes.
struct NotificationWebhookPayload: Encodable {
    static let type = "notification"

    let delivery: NotificationDelivery

    enum Key: String, CodingKey { case type, timestamp, data }
    enum DataKey: String, CodingKey { case notificationID = "notification_id", event }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(Self.type, forKey: .type)
        try container.encode(delivery.event.createdAt, forKey: .timestamp)
        var data = container.nestedContainer(keyedBy: DataKey.self, forKey: .data)
        try data.encode(delivery.id, forKey: .notificationID)
        try data.encode(delivery.event, forKey: .event)
    }

    func data() throws -> Data { try JSONCoding.encoder().encode(self) }
}

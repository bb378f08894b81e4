import Domain
import Foundation
import Logging
import ServiceLifecycle
import Store
import Synchronization

/// Pushes each stream's new results to its webhook target: the push form of `results`/`advance`.
///
/// A batch is taken exactly as `POST …/fetch` takes it (``StreamStore/streamBatch(sourceIDs:after:limit:filter:)``
/// after the stream's position, the stream's filter, the target's batch size), fixed in the store as the target's
/// pending delivery (id and body), POSTed with Standard Webhooks signatures, and the stream moves past it only when
/// the receiver answers 2xx, in the same transaction that clears it. So delivery is at-least-once, in order, never
/// skipping, and a kill at any point leaves either the batch pending (sent again, same id) or the stream moved.
/// While a stream has a target, the API refuses `advance` on it (409), so the two never move one stream.
///
/// Each target is served by at most one task at a time; targets run side by side. Failures back off along the
/// ``WebhookRetrySchedule``; a target failing for its whole window (or refused by the outbound policy) is
/// disabled and reported to the ``WebhookEventSink``.
public struct StreamWebhookDeliverer: Service {
    public struct Configuration: Sendable {
        /// How often targets are looked at for new results (the floor of a delivery's latency).
        public var pollInterval: Duration
        public var schedule: WebhookRetrySchedule

        public init(pollInterval: Duration = .milliseconds(100), schedule: WebhookRetrySchedule = .init()) {
            self.pollInterval = pollInterval
            self.schedule = schedule
        }
    }

    let store: any StreamStore & WebhookStore
    let sender: WebhookHTTPSender
    let configuration: Configuration
    let events: any WebhookEventSink
    let metrics: WebhookMetrics
    let logger: Logger

    public init(store: any StreamStore & WebhookStore, sender: WebhookHTTPSender,
                configuration: Configuration = Configuration(), events: any WebhookEventSink,
                metrics: WebhookMetrics = WebhookMetrics(), logger: Logger) {
        self.store = store
        self.sender = sender
        self.configuration = configuration
        self.events = events
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.superviseTargets() }
        try? await sender.shutdown()
    }

    /// Looks at every target each poll interval and starts a drain for each enabled one that is due and idle.
    func superviseTargets() async {
        let running = RunningTargets()
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                do {
                    let now = Date()
                    for webhook in try await store.webhooks() {
                        let lag = webhook.pending?.oldestResultAt.map { now.timeIntervalSince($0) } ?? 0
                        metrics.lag(webhook.id, seconds: lag)
                        guard webhook.enabled, (webhook.nextAttemptAt ?? .distantPast) <= now,
                              running.start(webhook.id) else { continue }
                        group.addTask {
                            await self.drain(webhookID: webhook.id)
                            running.end(webhook.id)
                        }
                    }
                } catch {
                    logger.warning("webhooks: cannot read the targets", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: configuration.pollInterval)
            }
        }
    }

    /// Delivers batch after batch until the target is caught up, fails, or the task is cancelled.
    func drain(webhookID: String) async {
        do {
            while try await deliverNext(webhookID: webhookID) {}
        } catch is CancellationError {
            return
        } catch {
            if Task.isCancelled { return }
            logger.warning("webhooks: delivery stopped by a store error",
                           metadata: ["webhook": "\(webhookID)", "error": "\(error)"])
        }
    }

    /// One step: take (or resume) a batch and send it once. True when the next step may go on at once.
    func deliverNext(webhookID: String) async throws -> Bool {
        guard let webhook = try await store.webhook(id: webhookID), webhook.enabled,
              (webhook.nextAttemptAt ?? .distantPast) <= Date() else { return false }
        let delivery: PendingWebhookDelivery
        if let pending = webhook.pending {
            delivery = pending
        } else {
            guard let taken = try await takeBatch(webhook) else { return false }
            guard let started = try await store.startWebhookDelivery(webhookID: webhookID, delivery: taken) else {
                return true  // the stream was reset meanwhile: take again from where it is now
            }
            delivery = started
        }
        return try await send(delivery, of: webhook)
    }

    /// The next batch after the stream's position; nil when there is nothing to deliver. A batch whose results
    /// the filter all left out moves the stream at once (no request: there is nothing to send).
    func takeBatch(_ webhook: StreamWebhook) async throws -> PendingWebhookDelivery? {
        guard let subject = try await store.webhookSubject(webhookID: webhook.id) else { return nil }
        let (stream, dataset) = subject
        let filter = try JSONCoding.decoder().decode(CommentFilter.self, from: Data(stream.filter.utf8))
        let batch = try await store.streamBatch(sourceIDs: dataset.sourceIDs, after: stream.position,
                                                limit: webhook.batchSize, filter: filter)
        if batch.comments.isEmpty {
            if batch.next != stream.position {
                try await store.skipFilteredWebhookBatch(webhookID: webhook.id, from: stream.position, to: batch.next)
                return try await takeBatch(webhook)
            }
            return nil
        }
        let now = Date()
        let body = try StreamWebhookPayload(dataset: dataset, stream: stream, batch: batch, takenAt: now).data()
        return PendingWebhookDelivery(id: Self.newDeliveryID(), from: stream.position, to: batch.next, body: body,
                                      resultCount: batch.comments.count,
                                      oldestResultAt: batch.comments.map(\.updatedAt).min(), createdAt: now)
    }

    func send(_ delivery: PendingWebhookDelivery, of webhook: StreamWebhook) async throws -> Bool {
        let secret = try await store.webhookSecret(webhookID: webhook.id)
        let now = Date()
        let headers = WebhookSignature.headers(id: delivery.id, timestamp: now, body: delivery.body, secret: secret)
        let outcome = try await sender.post(url: webhook.url, headers: headers, body: delivery.body)
        var attempt = WebhookDeliveryAttempt(deliveryID: delivery.id, at: now, status: outcome.status,
                                             latency: outcome.latency, attempt: webhook.failedAttempts + 1,
                                             resultCount: delivery.resultCount, error: nil)
        if outcome.succeeded {
            try await store.completeWebhookDelivery(webhookID: webhook.id, deliveryID: delivery.id, attempt: attempt)
            metrics.delivered(webhook.id)
            metrics.lag(webhook.id, seconds: 0)
            return true
        }
        attempt.error = Self.errorText(outcome)
        metrics.failed(webhook.id)
        let schedule = configuration.schedule
        let failingSince = webhook.failingSince ?? now
        let wait = schedule.delay(afterFailures: attempt.attempt,
                                  retryAfter: RetryAfter.duration(outcome.retryAfter, now: now))
        var reason: String?
        if outcome.isPermanent {
            reason = "refused by the outbound policy: \(attempt.error ?? "")"
        } else if schedule.isExhausted(failingSince: failingSince, now: now) {
            reason = "failed every attempt since \(JSONCoding.format(failingSince)) "
                + "(\(attempt.attempt) attempts); last: \(attempt.error ?? "")"
        }
        // The wait runs from the answer, not from the request: Retry-After counts from when it was said.
        try await store.failWebhookDelivery(webhookID: webhook.id, attempt: attempt,
                                            nextAttemptAt: Date().addingTimeInterval(Self.seconds(wait)),
                                            disable: reason)
        logger.info("webhooks: delivery failed", metadata: [
            "webhook": "\(webhook.id)", "delivery": "\(delivery.id)", "attempt": "\(attempt.attempt)",
            "error": "\(attempt.error ?? "")", "retry_in": "\(reason == nil ? "\(wait)" : "disabled")",
        ])
        if let reason { await reportDisabled(webhook, reason: reason, failingSince: failingSince, at: now) }
        return false
    }

    func reportDisabled(_ webhook: StreamWebhook, reason: String, failingSince: Date, at now: Date) async {
        let subject = try? await store.webhookSubject(webhookID: webhook.id)
        logger.warning("webhooks: target disabled", metadata: ["webhook": "\(webhook.id)", "reason": "\(reason)"])
        await events.webhookDisabled(WebhookDisabledEvent(
            webhookID: webhook.id, streamID: webhook.streamID, datasetOwner: subject?.dataset.owner ?? "",
            datasetName: subject?.dataset.name ?? "", streamName: subject?.stream.name ?? "", url: webhook.url,
            reason: reason, failingSince: failingSince, at: now))
    }

    /// The log's error text: what went wrong and the start of the receiver's answer, printable and short.
    static func errorText(_ outcome: WebhookHTTPSender.Outcome) -> String { outcome.errorText }

    static func newDeliveryID() -> String {
        "msg_" + (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// The targets a drain is running for: at most one per target.
final class RunningTargets: Sendable {
    private let ids = Mutex(Set<String>())

    /// False when one runs already.
    func start(_ id: String) -> Bool { ids.withLock { $0.insert(id).inserted } }
    func end(_ id: String) { ids.withLock { _ = $0.remove(id) } }
}

import CoreMetrics
import Domain
import Foundation
import Logging
import ServiceLifecycle
import Store

/// Delivers the outbox (a `Service` of `serve`): registers its channels, so new events get a delivery row for
/// each; at start, hands back what a stopped process had claimed (see
/// ``NotificationStore/recoverNotificationDeliveries(now:)``); then claims due deliveries and gives each to its
/// channel, recording the outcome. A transient failure is tried again with exponential back-off (30 s doubling to
/// an hour) up to ``Configuration/maximumAttempts`` attempts, unless the channel chose its own wait
/// (``NotificationChannelResult/retryAfter(_:_:)``: the webhook channel's schedule, which also decides when to give
/// up). Deliveries are handed over one at a time, so a slow channel delays the others.
///
/// What holds: every delivery row is handed to its channel until it is `sent` or `failed`; a row is marked
/// `committing` just before the relay is asked to take the message, so a process killed before that point sends it
/// again (the relay never took it: RFC 5321 §4.1.1.4), and one killed between that point and recording `sent` (one
/// relay reply and one SQLite commit) leaves it `uncertain` and never sends it again. So each notification reaches
/// each subscriber at most once per channel, and exactly once unless a crash lands in that window or the relay
/// keeps failing. A channel that never calls `committing` (webhooks: the receiver deduplicates on the delivery id)
/// is sent again after such a crash instead: at least once. One dispatcher per store (the embedded store has one
/// process).
public struct NotificationDispatcher: Service {
    public struct Configuration: Sendable {
        /// How often the outbox is looked at.
        public var pollInterval: Duration
        public var maximumAttempts: Int
        public var firstRetry: Duration
        public var maximumRetry: Duration

        public init(pollInterval: Duration = .seconds(1), maximumAttempts: Int = 10,
                    firstRetry: Duration = .seconds(30), maximumRetry: Duration = .seconds(3_600)) {
            self.pollInterval = pollInterval
            self.maximumAttempts = maximumAttempts
            self.firstRetry = firstRetry
            self.maximumRetry = maximumRetry
        }
    }

    let store: any NotificationStore
    let channels: [String: any NotificationChannel]
    let configuration: Configuration
    let logger: Logger
    let metrics: NotificationMetrics

    public init(store: any NotificationStore, channels: [any NotificationChannel],
                configuration: Configuration = Configuration(), logger: Logger,
                metrics: NotificationMetrics = NotificationMetrics()) {
        self.store = store
        self.channels = Dictionary(channels.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
    }

    public func run() async throws {
        do {
            try await deliverUntilShutdown()
        } catch {
            for channel in channels.values { await channel.shutdown() }
            throw error
        }
        for channel in channels.values { await channel.shutdown() }
    }

    private func deliverUntilShutdown() async throws {
        try await store.setNotificationChannels(Array(channels.keys))
        let recovered = try await store.recoverNotificationDeliveries(now: Date())
        if recovered.uncertain > 0 {
            metrics.recordUncertain(recovered.uncertain)
            logger.warning("""
                notifications whose relay may or may not have taken them when the process stopped are not sent again
                """, metadata: ["mailstream.uncertain": "\(recovered.uncertain)"])
        }
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let handled = (try? await deliverDue()) ?? 0
            if handled == 0 {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: configuration.pollInterval) }
            }
        }
    }

    /// Delivers what is due now; returns how many deliveries were handled.
    @discardableResult
    public func deliverDue(now: Date = Date()) async throws -> Int {
        let due = try await store.claimNotificationDeliveries(channels: Array(channels.keys), now: now, limit: 20)
        for delivery in due {
            guard let channel = channels[delivery.channel] else { continue }
            let store = self.store
            let id = delivery.id
            let result = await channel.deliver(delivery) { try await store.markNotificationDeliveryCommitting(id: id) }
            try await finish(delivery, result)
        }
        return due.count
    }

    private func finish(_ delivery: NotificationDelivery, _ result: NotificationChannelResult) async throws {
        let metadata: Logger.Metadata = ["mailstream.channel": "\(delivery.channel)",
                                         "mailstream.delivery": "\(delivery.id)",
                                         "mailstream.event": "\(delivery.event.kind.rawValue)"]
        switch result {
        case .delivered:
            try await store.finishNotificationDelivery(id: delivery.id, outcome: .sent, now: Date())
            metrics.recordSent(channel: delivery.channel)
        case .retry(let error) where delivery.attempt < configuration.maximumAttempts:
            let wait = retryDelay(attempt: delivery.attempt)
            try await store.finishNotificationDelivery(
                id: delivery.id, outcome: .retry(at: Date().addingTimeInterval(wait), error: error), now: Date())
            metrics.recordRetry(channel: delivery.channel)
            logger.warning("notification not delivered; trying again", metadata: metadata.merging(
                ["mailstream.error": "\(error)", "mailstream.retry_in_seconds": "\(Int(wait))"]) { $1 })
        case .retryAfter(let wait, let error):
            let seconds = Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18
            try await store.finishNotificationDelivery(
                id: delivery.id, outcome: .retry(at: Date().addingTimeInterval(seconds), error: error), now: Date())
            metrics.recordRetry(channel: delivery.channel)
            logger.warning("notification not delivered; trying again", metadata: metadata.merging(
                ["mailstream.error": "\(error)", "mailstream.retry_in_seconds": "\(Int(seconds))"]) { $1 })
        case .retry(let error), .failed(let error):
            try await store.finishNotificationDelivery(id: delivery.id, outcome: .failed(error: error), now: Date())
            metrics.recordFailed(channel: delivery.channel)
            logger.error("notification not delivered; giving up",
                         metadata: metadata.merging(["mailstream.error": "\(error)"]) { $1 })
        }
    }

    /// Seconds before try `attempt + 1`: the first retry doubled per attempt, at most the maximum, with up to 10 %
    /// jitter so that deliveries failed together don't come back together.
    func retryDelay(attempt: Int) -> Double {
        let first = Double(configuration.firstRetry.components.seconds)
        let maximum = Double(configuration.maximumRetry.components.seconds)
        let base = min(maximum, first * pow(2, Double(max(0, attempt - 1))))
        return base * Double.random(in: 1...1.1)
    }
}

/// `mailstream_notifications_sent_total{channel}`, `…_failed_total{channel}` (given up, or uncertain after a
/// crash: `channel="unknown"`) and `…_retries_total{channel}`.
public struct NotificationMetrics: Sendable {
    let factory: any MetricsFactory

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    func recordSent(channel: String) { counter("mailstream_notifications_sent_total", channel).increment() }
    func recordFailed(channel: String) { counter("mailstream_notifications_failed_total", channel).increment() }
    func recordRetry(channel: String) { counter("mailstream_notification_retries_total", channel).increment() }
    func recordUncertain(_ count: Int) {
        counter("mailstream_notifications_failed_total", "unknown").increment(by: Int64(count))
    }

    private func counter(_ label: String, _ channel: String) -> Counter {
        Counter(label: label, dimensions: [("channel", channel)], factory: factory)
    }
}

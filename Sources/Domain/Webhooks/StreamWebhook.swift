import Foundation

/// A stream's webhook target: each new batch of the stream's results is POSTed to `url`, and the stream advances
/// only when the receiver answers 2xx. The signing secret is not part of the value: the store keeps it sealed and
/// hands it only to the deliverer (``WebhookSecret``).
public struct StreamWebhook: Sendable, Equatable {
    public var id: String
    public var streamID: String
    public var url: String
    /// How many results one delivery carries at most.
    public var batchSize: Int
    public var enabled: Bool
    /// Why it was disabled (failing for the whole retry window), when it is.
    public var disabledReason: String?
    public var disabledAt: Date?
    public var createdAt: Date
    /// When the current run of failed attempts began; nil after a success.
    public var failingSince: Date?
    /// Failed attempts in the current run.
    public var failedAttempts: Int
    /// When the next attempt is due (after a failure's back-off).
    public var nextAttemptAt: Date?
    /// The batch being delivered, kept until the receiver takes it so every retry sends the same id and body.
    public var pending: PendingWebhookDelivery?

    public init(id: String, streamID: String, url: String, batchSize: Int, enabled: Bool = true,
                disabledReason: String? = nil, disabledAt: Date? = nil, createdAt: Date, failingSince: Date? = nil,
                failedAttempts: Int = 0, nextAttemptAt: Date? = nil, pending: PendingWebhookDelivery? = nil) {
        self.id = id
        self.streamID = streamID
        self.url = url
        self.batchSize = batchSize
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.disabledAt = disabledAt
        self.createdAt = createdAt
        self.failingSince = failingSince
        self.failedAttempts = failedAttempts
        self.nextAttemptAt = nextAttemptAt
        self.pending = pending
    }

    /// The results per delivery when the creator names none, and the most allowed.
    public static let defaultBatchSize = 16
    public static let maximumBatchSize = 256
}

/// One batch on its way: fixed when it is first taken from the stream, so a retry is byte for byte the same
/// delivery (same `webhook-id`, same body) even if comments changed in between.
public struct PendingWebhookDelivery: Sendable, Equatable {
    /// The `webhook-id`: the receiver deduplicates on it.
    public var id: String
    /// The stream's position the batch starts after; the stream moves to `to` only if it is still here.
    public var from: StreamPosition
    public var to: StreamPosition
    public var body: Data
    public var resultCount: Int
    /// The oldest result's change time: the target's lag runs from it.
    public var oldestResultAt: Date?
    public var createdAt: Date

    public init(id: String, from: StreamPosition, to: StreamPosition, body: Data, resultCount: Int,
                oldestResultAt: Date?, createdAt: Date) {
        self.id = id
        self.from = from
        self.to = to
        self.body = body
        self.resultCount = resultCount
        self.oldestResultAt = oldestResultAt
        self.createdAt = createdAt
    }
}

/// One attempt in a target's delivery log.
public struct WebhookDeliveryAttempt: Sendable, Equatable {
    public var deliveryID: String
    public var at: Date
    /// The answer's status; nil when no answer came (timeout, refused connection).
    public var status: Int?
    public var latency: Duration
    /// 1 for the first attempt of a delivery, then 2, 3, …
    public var attempt: Int
    public var resultCount: Int
    /// Why it failed; nil for a 2xx.
    public var error: String?

    public init(deliveryID: String, at: Date, status: Int?, latency: Duration, attempt: Int, resultCount: Int,
                error: String?) {
        self.deliveryID = deliveryID
        self.at = at
        self.status = status
        self.latency = latency
        self.attempt = attempt
        self.resultCount = resultCount
        self.error = error
    }

    public var succeeded: Bool { error == nil }
}

import Domain
import Foundation

/// Stream webhooks: one target per stream, its sealed signing secret, the batch being delivered and a bounded
/// delivery log. The stream's position moves only through ``completeWebhookDelivery(webhookID:deliveryID:attempt:)``
/// (a 2xx) or ``skipFilteredWebhookBatch(webhookID:from:to:)`` (nothing in the batch matched), each a
/// compare-and-set on the position, so a `reset` in between wins and nothing is skipped.
public protocol WebhookStore: Sendable {
    /// Creates the stream's target, or replaces it (a new secret, the log and any batch in flight dropped).
    /// - Throws: `notFound` for an unknown stream.
    func saveWebhook(streamID: String, url: String, batchSize: Int, secret: WebhookSecret) async throws
        -> StreamWebhook
    func webhook(streamID: String) async throws -> StreamWebhook?
    func webhook(id: String) async throws -> StreamWebhook?
    /// Every target, enabled or not (the deliverer's list).
    func webhooks() async throws -> [StreamWebhook]
    /// The target's stream (with its current position) and the stream's dataset; nil when either is gone.
    func webhookSubject(webhookID: String) async throws -> (stream: CommentStream, dataset: Dataset)?
    /// The opened signing secret. - Throws: `notFound`.
    func webhookSecret(webhookID: String) async throws -> WebhookSecret
    /// - Throws: `notFound` when the stream has no target.
    func deleteWebhook(streamID: String) async throws
    /// Enables a target again (or disables it with `reason`); enabling clears the failure run, so the next attempt
    /// is due at once and a new retry window starts.
    func setWebhookEnabled(id: String, enabled: Bool, reason: String?) async throws

    /// Records `delivery` as the batch in flight, if the target has none and the stream is still at
    /// `delivery.from`. Returns the target's pending batch afterwards (this one, or the one already there), nil
    /// when the stream moved.
    func startWebhookDelivery(webhookID: String, delivery: PendingWebhookDelivery) async throws
        -> PendingWebhookDelivery?
    /// A 2xx: in one transaction the stream moves from the batch's `from` to its `to` (unless it was reset in
    /// between), the batch and the failure run are cleared and the attempt is logged.
    func completeWebhookDelivery(webhookID: String, deliveryID: String, attempt: WebhookDeliveryAttempt)
        async throws
    /// A failure: the attempt is logged, the run's count and start kept, the next attempt set; with
    /// `disable`, the target is disabled with that reason in the same transaction.
    func failWebhookDelivery(webhookID: String, attempt: WebhookDeliveryAttempt, nextAttemptAt: Date,
                             disable: String?) async throws
    /// A batch with no matching results: the stream moves from `from` to `to` if it is still at `from`.
    func skipFilteredWebhookBatch(webhookID: String, from: StreamPosition, to: StreamPosition) async throws
    /// The newest attempts first, at most `limit` (the store keeps the last ``webhookLogLength`` per target).
    func webhookDeliveries(webhookID: String, limit: Int) async throws -> [WebhookDeliveryAttempt]
}

/// How many attempts each target's log keeps.
public let webhookLogLength = 200

import Domain
import Foundation
import Hummingbird
import Store

/// A stream's webhook target (Mailstream's own routes, beside the product's streams): create or replace it (the
/// answer shows the signing secret, once), read it, delete it, read its delivery log, enable it again after it
/// was disabled. While a stream has a target, `advance` on it answers 409: the deliverer moves it.
struct StreamWebhookRoutes {
    let store: any Store
    /// Where a target may point (the outbound policy), beside the URL rule; nil: the rule only.
    let targets: (any WebhookTargetCheck)?

    struct SaveBody: Decodable {
        struct Fields: Decodable {
            var url: String
            var batchSize: Int?
            enum CodingKeys: String, CodingKey { case url, batchSize = "batch_size" }

            /// `batch_size` may be left out, not null: the schema says integer.
            init(from decoder: any Decoder) throws {
                let container = try decoder.container(keyedBy: CodingKeys.self)
                url = try container.decode(String.self, forKey: .url)
                if container.contains(.batchSize) {
                    batchSize = try container.decode(Int.self, forKey: .batchSize)
                }
            }
        }
        var webhook: Fields
    }

    func add(to router: Router<APIContext>) {
        let webhook = router.group("api/_private/datasets/:owner/:name/streams/:stream/webhook")
        webhook.put { request, context in
            let stream = try await stream(context, .triggersWrite)
            let fields = try await JSONBody.decode(SaveBody.self, from: request, context: context).webhook
            if let problem = await NotificationWebhookRoutes.problem(fields.url, targets) {
                throw APIError(.badRequest, problem, field: "webhook.url")
            }
            let batchSize = fields.batchSize ?? StreamWebhook.defaultBatchSize
            guard (1...StreamWebhook.maximumBatchSize).contains(batchSize) else {
                throw APIError(.badRequest, "must be from 1 to \(StreamWebhook.maximumBatchSize)",
                               field: "webhook.batch_size")
            }
            let secret = WebhookSecret.generate()
            let saved = try await store.saveWebhook(streamID: stream.id, url: fields.url, batchSize: batchSize,
                                                    secret: secret)
            return try JSONBody.ok("webhook", WebhookView(webhook: saved, secret: secret.text))
        }
        webhook.get { _, context in
            let stream = try await stream(context, .triggersRead)
            return try JSONBody.ok("webhook", WebhookView(webhook: try await target(of: stream)))
        }
        webhook.delete { _, context in
            let stream = try await stream(context, .triggersWrite)
            _ = try await target(of: stream)
            try await store.deleteWebhook(streamID: stream.id)
            return try JSONBody.ok()
        }
        webhook.post("enable") { _, context in
            let stream = try await stream(context, .triggersWrite)
            let current = try await target(of: stream)
            try await store.setWebhookEnabled(id: current.id, enabled: true, reason: nil)
            return try JSONBody.ok("webhook", WebhookView(webhook: try await target(of: stream)))
        }
        webhook.get("deliveries") { request, context in
            let stream = try await stream(context, .triggersRead)
            let limit = try CommentRoutes.integer(request.uri.queryParameters["limit"].map(String.init),
                                                  field: "limit", default: 50, range: 1...webhookLogLength)
            let current = try await target(of: stream)
            let log = try await store.webhookDeliveries(webhookID: current.id, limit: limit)
            return try JSONBody.ok("deliveries", log.map(DeliveryView.init))
        }
    }

    private func stream(_ context: APIContext, _ permission: Permission) async throws -> CommentStream {
        let dataset = try await CatalogueRoutes.dataset(context, permission, store: store)
        let name = try context.parameter("stream")
        guard let stream = try await store.stream(datasetID: dataset.id, name: name) else {
            throw APIError.notFound("stream \(name)")
        }
        return stream
    }

    private func target(of stream: CommentStream) async throws -> StreamWebhook {
        guard let webhook = try await store.webhook(streamID: stream.id) else {
            throw APIError.notFound("webhook of stream \(stream.name)")
        }
        return webhook
    }
}

/// A target as the API shows it: never its secret, except in the answer that created it.
struct WebhookView: Encodable {
    let webhook: StreamWebhook
    var secret: String?

    enum Key: String, CodingKey {
        case id, url, secret, enabled, createdAt = "created_at", batchSize = "batch_size"
        case disabledReason = "disabled_reason", disabledAt = "disabled_at", failingSince = "failing_since"
        case failedAttempts = "failed_attempts", nextAttemptAt = "next_attempt_at"
        case pendingDeliveryID = "pending_delivery_id"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(webhook.id, forKey: .id)
        try container.encode(webhook.url, forKey: .url)
        try container.encodeIfPresent(secret, forKey: .secret)
        try container.encode(webhook.batchSize, forKey: .batchSize)
        try container.encode(webhook.enabled, forKey: .enabled)
        try container.encode(webhook.createdAt, forKey: .createdAt)
        try container.encodeIfPresent(webhook.disabledReason, forKey: .disabledReason)
        try container.encodeIfPresent(webhook.disabledAt, forKey: .disabledAt)
        try container.encodeIfPresent(webhook.failingSince, forKey: .failingSince)
        try container.encode(webhook.failedAttempts, forKey: .failedAttempts)
        try container.encodeIfPresent(webhook.nextAttemptAt, forKey: .nextAttemptAt)
        try container.encodeIfPresent(webhook.pending?.id, forKey: .pendingDeliveryID)
    }
}

/// One attempt of the delivery log.
struct DeliveryView: Encodable {
    let attempt: WebhookDeliveryAttempt

    enum Key: String, CodingKey {
        case deliveryID = "delivery_id", at, status, latencyMS = "latency_ms", attempt, results, error
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(attempt.deliveryID, forKey: .deliveryID)
        try container.encode(attempt.at, forKey: .at)
        try container.encodeIfPresent(attempt.status, forKey: .status)
        let components = attempt.latency.components
        let milliseconds = Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15
        try container.encode((milliseconds * 10).rounded() / 10, forKey: .latencyMS)
        try container.encode(attempt.attempt, forKey: .attempt)
        try container.encode(attempt.resultCount, forKey: .results)
        try container.encodeIfPresent(attempt.error, forKey: .error)
    }
}

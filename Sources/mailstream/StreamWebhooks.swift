import ClientTLS
import Logging
import Metrics
import SQLiteStore
import Store
import Webhooks

/// `serve`'s stream webhook deliverer.
enum StreamWebhooks {
    /// - Parameter policy: the policy webhooks go out under (``WebhookTargetPolicy/forWebhooks(_:host:port:)``).
    static func deliverer(runtime: Runtime, policy: OutboundPolicy, metrics: any MetricsFactory) async throws
        -> StreamWebhookDeliverer {
        let sender = try await WebhookHTTPSender(policy: policy)
        let logger = runtime.logger
        // The store records the notification of a disabled target in the transaction that disables it (see
        // WebhookStore.failWebhookDelivery); this sink only logs.
        let events = WebhookEventClosure { event in
            logger.error("webhook target disabled", metadata: [
                "webhook": "\(event.webhookID)", "stream": "\(event.datasetOwner)/\(event.datasetName)/\(event.streamName)",
                "reason": "\(event.reason)",
            ])
        }
        return StreamWebhookDeliverer(store: runtime.store, sender: sender, events: events,
                                      metrics: WebhookMetrics(factory: metrics), logger: logger)
    }
}

import ClientTLS
import Logging
import Metrics
import SQLiteStore
import Store
import Webhooks

/// `serve`'s stream webhook deliverer, under the process's outbound policy made stricter for webhooks.
enum StreamWebhooks {
    /// The policy webhooks (stream and notification targets) go out under: see
    /// ``WebhookTargetPolicy/forWebhooks(_:host:port:)``.
    static func policy(_ base: OutboundPolicy, host: String, port: Int) -> OutboundPolicy {
        WebhookTargetPolicy.forWebhooks(base, host: host, port: port)
    }

    static func deliverer(runtime: Runtime, host: String, port: Int, metrics: any MetricsFactory) async throws
        -> StreamWebhookDeliverer {
        let sender = try await WebhookHTTPSender(policy: policy(runtime.outboundPolicy, host: host, port: port))
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

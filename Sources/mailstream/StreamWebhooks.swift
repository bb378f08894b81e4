import ClientTLS
import Logging
import Metrics
import SQLiteStore
import Store
import Webhooks

/// `serve`'s stream webhook deliverer, under the process's outbound policy made stricter for webhooks.
enum StreamWebhooks {
    /// The policy webhooks go out under: the operator's (`network:` in the configuration file, `--outbound-allow`,
    /// `--allow-private-networks`), except that link-local and cloud metadata addresses stay refused whatever the
    /// allow-list says, and this server's own listening socket is never a target.
    static func policy(_ base: OutboundPolicy, host: String, port: Int) -> OutboundPolicy {
        var policy = base
        policy.refusedCategories = [.linkLocal, .cloudMetadata]
        policy.refusedEndpoints = OutboundPolicy.Endpoint.listening(host: host, port: port)
        return policy
    }

    static func deliverer(runtime: Runtime, host: String, port: Int, metrics: any MetricsFactory) async throws
        -> StreamWebhookDeliverer {
        let sender = try await WebhookHTTPSender(policy: policy(runtime.outboundPolicy, host: host, port: port))
        let logger = runtime.logger
        // The notification system (issue 20, part 2) connects here: a disabled target becomes a notification.
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

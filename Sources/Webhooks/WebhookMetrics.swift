import CoreMetrics

/// The deliverer's numbers per target (the label is the target's id): `mailstream_webhook_deliveries_total`
/// (answered 2xx), `mailstream_webhook_failures_total` (every failed attempt) and `mailstream_webhook_lag_seconds`
/// (how long the oldest result not yet taken by the receiver has waited; 0 when nothing waits).
public struct WebhookMetrics: Sendable {
    let factory: any MetricsFactory

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
    }

    func delivered(_ target: String) {
        Counter(label: "mailstream_webhook_deliveries_total", dimensions: [("target", target)], factory: factory)
            .increment()
    }

    func failed(_ target: String) {
        Counter(label: "mailstream_webhook_failures_total", dimensions: [("target", target)], factory: factory)
            .increment()
    }

    func lag(_ target: String, seconds: Double) {
        Gauge(label: "mailstream_webhook_lag_seconds", dimensions: [("target", target)], factory: factory)
            .record(max(0, seconds))
    }
}

import Domain
import Hummingbird
import NIOCore
import Prometheus
import Store

/// `GET /metrics` in the Prometheus text format: HTTP request durations, the sync engine's and the notification
/// dispatcher's counters (when they share the registry), and mailboxes and notification deliveries by state, counted
/// from the store at each scrape.
struct MetricsRoutes {
    let store: any Store
    let registry: PrometheusCollectorRegistry
    static var mailboxes: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "mailstream", metricName: "mailboxes", unitName: "",
        helpText: "Mailboxes by state: enabled, disabled_<reason>, or integration_disabled."
    ) }

    static var deliveries: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "mailstream", metricName: "notification_deliveries", unitName: "",
        helpText: "Notification deliveries by channel and state: pending, sending, committing, sent, failed, uncertain."
    ) }
    static let deliveryStates = ["pending", "sending", "committing", "sent", "failed", "uncertain"]

    func add(to router: Router<APIContext>) {
        router.get("metrics") { _, _ in
            var states: [String: Int] = ["enabled": 0, "disabled_user": 0, "disabled_sync_error": 0,
                                         "disabled_quota": 0, "integration_disabled": 0]
            for integration in try await store.integrations() {
                for mailbox in integration.mailboxes {
                    let state = !integration.enabled ? "integration_disabled"
                        : mailbox.enabled ? "enabled" : "disabled_\(mailbox.disabledReason?.rawValue ?? "user")"
                    states[state, default: 0] += 1
                }
            }
            for (state, count) in states {
                registry.makeGauge(descriptor: Self.mailboxes, labels: [("state", state)]).set(Double(count))
            }
            // Every state of every channel seen, zeros included: a backlog that drained must show as drained.
            let counts = try await store.notificationDeliveryCounts()
            for channel in Set(counts.map(\.channel) + ["in_app"]) {
                for state in Self.deliveryStates {
                    let count = counts.first { $0.channel == channel && $0.state == state }?.count ?? 0
                    registry.makeGauge(descriptor: Self.deliveries, labels: [("channel", channel), ("state", state)])
                        .set(Double(count))
                }
            }
            var bytes: [UInt8] = []
            registry.emit(into: &bytes)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}

/// Request durations by method, route template and status.
struct HTTPMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    static var descriptor: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "mailstream", subsystem: "http", metricName: "request_duration", unitName: "seconds",
        helpText: "HTTP request durations by method, route template and status."
    ) }
    static let buckets: [Duration] = [.milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
                                      .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                      .seconds(2.5), .seconds(5), .seconds(10)]

    static var closedConnections: MetricNameDescriptor { MetricNameDescriptor(
        namespace: "mailstream", subsystem: "http", metricName: "connections_closed", unitName: "",
        helpText: "Connections the server closed for a limit: header_timeout, body_too_slow or idle_timeout."
    ) }

    func connectionClosed(reason: String) {
        registry.makeCounter(descriptor: Self.closedConnections, labels: [("reason", reason)]).increment()
    }

    func record(method: String, route: String, status: Int, duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: Self.descriptor,
            labels: [("method", method), ("route", route), ("status", String(status))], buckets: Self.buckets
        ).record(duration)
    }
}

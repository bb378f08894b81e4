import ClientTLS
import Foundation
import Synchronization
import Webhooks

/// The deliverer as tests run it: loopback allowed (the receiver is on 127.0.0.1), quick polls and back-off.
enum Deliverers {
    static let loopback = OutboundPolicy(allowed: [IPAddressRange(uncheckedNetwork: .v4(0x7f00_0000), prefixLength: 8)],
                                         refusedCategories: [.linkLocal, .cloudMetadata])

    static func make(_ fixture: WebhookFixture, policy: OutboundPolicy = loopback,
                     limits: WebhookHTTPSender.Limits = .init(connectTimeout: .seconds(2), totalTimeout: .seconds(1)),
                     schedule: WebhookRetrySchedule = .init(base: .milliseconds(50), maximum: .milliseconds(200)),
                     events: DisabledEvents = DisabledEvents(), metrics: WebhookMetrics = WebhookMetrics())
        async throws -> StreamWebhookDeliverer {
        StreamWebhookDeliverer(
            store: fixture.store, sender: try await WebhookHTTPSender(policy: policy, limits: limits),
            configuration: .init(pollInterval: .milliseconds(20), schedule: schedule), events: events,
            metrics: metrics, logger: WebhookFixture.logger)
    }
}

/// Records the disabled events the deliverer reports.
final class DisabledEvents: WebhookEventSink {
    private let events = Mutex<[WebhookDisabledEvent]>([])
    var all: [WebhookDisabledEvent] { events.withLock { $0 } }
    func webhookDisabled(_ event: WebhookDisabledEvent) async { events.withLock { $0.append(event) } }
}

/// Runs `deliverer` for the length of `body`, then cancels it.
func running<T: Sendable>(_ deliverer: StreamWebhookDeliverer, _ body: () async throws -> T) async throws -> T {
    let task = Task { try await deliverer.run() }
    defer { task.cancel() }
    let result = try await body()
    task.cancel()
    _ = await task.result
    return result
}

/// A value tests share with closures that escape (a receiver's script).
final class Locked<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func get() -> Value { value.withLock { $0 } }
    func set(_ new: Value) { value.withLock { $0 = new } }
    func update(_ body: (inout Value) -> Void) { value.withLock { body(&$0) } }
}

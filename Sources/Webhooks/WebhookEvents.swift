import Foundation

/// A webhook target disabled after failing for the whole retry window, as the deliverer reports it to its sink.
/// The notification is not made from this: the store records it in the transaction that disables the target
/// (``WebhookStore/failWebhookDelivery(webhookID:attempt:nextAttemptAt:disable:)``), so it is told exactly once.
public struct WebhookDisabledEvent: Sendable, Equatable {
    public var webhookID: String
    public var streamID: String
    public var datasetOwner: String
    public var datasetName: String
    public var streamName: String
    public var url: String
    public var reason: String
    public var failingSince: Date
    public var at: Date

    public init(webhookID: String, streamID: String, datasetOwner: String, datasetName: String, streamName: String,
                url: String, reason: String, failingSince: Date, at: Date) {
        self.webhookID = webhookID
        self.streamID = streamID
        self.datasetOwner = datasetOwner
        self.datasetName = datasetName
        self.streamName = streamName
        self.url = url
        self.reason = reason
        self.failingSince = failingSince
        self.at = at
    }
}

/// Where the deliverer reports events (for logs and tests). Called after the store recorded the disable and its
/// notification; a crash between the two loses only this report.
public protocol WebhookEventSink: Sendable {
    func webhookDisabled(_ event: WebhookDisabledEvent) async
}

/// A sink from a closure.
public struct WebhookEventClosure: WebhookEventSink {
    let disabled: @Sendable (WebhookDisabledEvent) async -> Void

    public init(disabled: @escaping @Sendable (WebhookDisabledEvent) async -> Void) {
        self.disabled = disabled
    }

    public func webhookDisabled(_ event: WebhookDisabledEvent) async { await disabled(event) }
}

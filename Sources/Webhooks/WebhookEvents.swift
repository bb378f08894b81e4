import Foundation

/// A webhook target disabled after failing for the whole retry window: what the notification system turns into a
/// notification (issue 20, part 2), beside the reason recorded on the target itself.
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

/// Where the deliverer reports events. `serve` passes one that logs; the notification system connects here.
/// Called after the store recorded the disable, so a crash between the two loses only the notification, never
/// the state (re-enabling is always possible from the API).
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

import Domain

/// One way of telling a user about an event: in-app, email, a webhook. The dispatcher hands each channel the
/// deliveries of its ``name``; registering a channel with ``NotificationDispatcher`` is all a new one needs (new
/// events then get a delivery row for it).
public protocol NotificationChannel: Sendable {
    /// The channel's name in the outbox and in metrics labels: `in_app`, `email`, `webhook`.
    var name: String { get }

    /// Delivers one notification.
    /// - Parameter committing: call it right before the point after which the receiver may have the message (for
    ///   SMTP, before the end of data): a crash after it leaves the delivery `uncertain` rather than sent twice.
    ///   A channel whose delivery can't be half done need not call it.
    func deliver(_ delivery: NotificationDelivery, committing: @Sendable () async throws -> Void) async
        -> NotificationChannelResult

    /// Ends what the channel holds (an HTTP client); the dispatcher calls it when it stops.
    func shutdown() async
}

extension NotificationChannel {
    public func shutdown() async {}
}

/// How a channel's attempt ended.
public enum NotificationChannelResult: Sendable, Equatable {
    case delivered
    /// Worth trying again later (the relay is down, a 4xx reply), when the dispatcher's back-off says, up to its
    /// number of attempts.
    case retry(String)
    /// Worth trying again after the wait the channel chose (its own schedule, a `Retry-After`); the channel
    /// decides when to give up, so the dispatcher's limit of attempts does not apply.
    case retryAfter(Duration, String)
    /// Will never work as it is (a 5xx reply, a user without an email address).
    case failed(String)
}

/// The in-app list: the outbox row is the notification (the API lists the `in_app` rows whatever their state), so
/// delivering only marks it done, which counts it in the metrics.
public struct InAppChannel: NotificationChannel {
    public init() {}

    public var name: String { "in_app" }

    public func deliver(_ delivery: NotificationDelivery, committing: @Sendable () async throws -> Void) async
        -> NotificationChannelResult {
        .delivered
    }
}

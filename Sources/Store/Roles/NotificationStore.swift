import Domain
import Foundation

/// Notifications (issue 20): events, each user's in-app list, subscriptions, and the outbox of deliveries.
///
/// Events are written by the store itself, in the transaction of what they report: ``IntegrationStore/recordError(_:)``
/// for a disable (integration, mailbox, quota), ``IntegrationStore/setIntegrationEnabled(id:enabled:reason:)`` and
/// ``IntegrationStore/setMailboxEnabled(integrationID:mailboxID:enabled:reason:)`` for re-enabling what the engine
/// disabled, ``recordSyncHealthy(integrationID:mailboxID:now:)`` for a recovery. The same transaction writes one
/// delivery row per subscriber and active channel (none on `email` for a user without an email address), so an
/// event is never half told. A problem whose
/// ``NotificationEvent/deduplicationKey`` was told already is not told again until a recovery cleared it.
/// ``WebhookStore/failWebhookDelivery(webhookID:attempt:nextAttemptAt:disable:)`` records a
/// ``NotificationEvent/Kind/webhookDisabled`` event in the transaction that disables an enabled target, so a target's
/// disable is told exactly once, whoever records it and however often.
///
/// Subscribers hold the kind's ``NotificationEvent/Kind/audience`` permission on the event's project and did not
/// unsubscribe (per integration, or from all). A user with a notification webhook target also gets a `webhook` row.
public protocol NotificationStore: Sendable {
    /// A pass of the mailbox succeeded: problems told for the integration (and this mailbox) are cleared, and when
    /// there were any, a ``NotificationEvent/Kind/syncRecovered`` event is recorded.
    func recordSyncHealthy(integrationID: String, mailboxID: String, now: Date) async throws
    /// A credential of the integration expires within ``CredentialValidity/warningPeriod``: records a
    /// ``NotificationEvent/Kind/credentialsExpiring`` event, once per integration and credential (a healthy pass
    /// does not clear it; a new credential has a new id). Returns whether it was recorded (false: told already, or
    /// no such integration).
    @discardableResult
    func recordCredentialsExpiring(integrationID: String, credential: CredentialValidity, now: Date) async throws
        -> Bool

    /// The user's in-app notifications, newest first, limited to events of `projects` (nil: every project) and
    /// of `kinds` (nil: every kind), with the number of all that match.
    func notifications(userID: String, projects: [String]?, kinds: [NotificationEvent.Kind]?, unreadOnly: Bool,
                       offset: Int, limit: Int) async throws -> (notifications: [UserNotification], total: Int)
    func unreadNotificationCount(userID: String, projects: [String]?, kinds: [NotificationEvent.Kind]?)
        async throws -> Int
    /// One of the user's in-app notifications by id, if it is the user's and (with `projects`, `kinds`) of those
    /// projects and kinds; nil otherwise. Reads that one row, not the user's list.
    func notification(userID: String, id: String, projects: [String]?, kinds: [NotificationEvent.Kind]?)
        async throws -> UserNotification?
    /// Marks one of the user's notifications read or unread. Throws `notFound` for an id that isn't the user's.
    func setNotificationRead(userID: String, id: String, read: Bool, now: Date) async throws -> UserNotification
    func notificationSubscriptions(userID: String) async throws -> NotificationSubscriptions
    /// Replaces the user's subscriptions. Throws `notFound` for an unknown user.
    func setNotificationSubscriptions(userID: String, _ subscriptions: NotificationSubscriptions) async throws
    /// Every event recorded for the integration, in the order they were recorded (for operators and tests).
    func notificationEvents(integrationID: String) async throws -> [NotificationEvent]
    /// Every event recorded for the stream webhook target, in the order they were recorded.
    func notificationEvents(webhookID: String) async throws -> [NotificationEvent]

    // MARK: Each user's notification webhook target

    /// Sets the user's target, or replaces it (a new secret). - Throws: `notFound` for an unknown user.
    func saveNotificationWebhook(userID: String, url: String, secret: WebhookSecret, now: Date) async throws
        -> NotificationWebhook
    func notificationWebhook(userID: String) async throws -> NotificationWebhook?
    /// The target with its opened secret, for the channel; nil when the user has none.
    func notificationWebhookTarget(userID: String) async throws -> (webhook: NotificationWebhook, secret: WebhookSecret)?
    /// - Throws: `notFound` when the user has no target.
    func deleteNotificationWebhook(userID: String) async throws

    // MARK: The outbox, for the dispatcher

    /// The channels new events are delivered on, besides `in_app`, which is always one.
    func setNotificationChannels(_ names: [String]) async throws
    /// At the dispatcher's start: deliveries a stopped process had claimed but not handed over go back to pending;
    /// those whose relay may already have taken them (``markNotificationDeliveryCommitting(id:)`` done, the outcome
    /// not recorded) become `uncertain` and are not sent again. Returns how many of each.
    func recoverNotificationDeliveries(now: Date) async throws -> (requeued: Int, uncertain: Int)
    /// Claims up to `limit` deliveries of `channels` that are due, oldest first, counting the attempt.
    func claimNotificationDeliveries(channels: [String], now: Date, limit: Int) async throws -> [NotificationDelivery]
    /// Notes that the relay is about to be asked to take the message: from here a crash leaves it `uncertain`.
    func markNotificationDeliveryCommitting(id: String) async throws
    /// Records how a claimed delivery ended.
    func finishNotificationDelivery(id: String, outcome: NotificationDeliveryOutcome, now: Date) async throws
    /// How many deliveries are in each state, by channel (for tests and `/metrics`).
    func notificationDeliveryCounts() async throws -> [NotificationDeliveryCount]
}

extension NotificationStore {
    /// Every kind: the list as it was before events of several audiences.
    public func notifications(userID: String, projects: [String]?, unreadOnly: Bool, offset: Int, limit: Int)
        async throws -> (notifications: [UserNotification], total: Int) {
        try await notifications(userID: userID, projects: projects, kinds: nil, unreadOnly: unreadOnly,
                                offset: offset, limit: limit)
    }

    public func unreadNotificationCount(userID: String, projects: [String]?) async throws -> Int {
        try await unreadNotificationCount(userID: userID, projects: projects, kinds: nil)
    }
}

/// How one attempt at a delivery ended.
public enum NotificationDeliveryOutcome: Sendable, Equatable {
    case sent
    /// Try again at `retryAt`.
    case retry(at: Date, error: String)
    case failed(error: String)
}

/// The number of deliveries of one channel in one state (`pending`, `sending`, `committing`, `sent`, `failed`,
/// `uncertain`).
public struct NotificationDeliveryCount: Sendable, Equatable {
    public var channel: String
    public var state: String
    public var count: Int

    public init(channel: String, state: String, count: Int) {
        self.channel = channel
        self.state = state
        self.count = count
    }
}

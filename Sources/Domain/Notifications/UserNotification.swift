import Foundation

/// One event as one user's in-app notification: read or not.
public struct UserNotification: Codable, Sendable, Equatable, Identifiable {
    /// The delivery's id (one per user and event); what the API marks read.
    public var id: String
    public var userID: String
    public var event: NotificationEvent
    public var readAt: Date?

    public init(id: String, userID: String, event: NotificationEvent, readAt: Date? = nil) {
        self.id = id
        self.userID = userID
        self.event = event
        self.readAt = readAt
    }

    public var isRead: Bool { readAt != nil }
}

/// What a user asked to be told about. Someone who may view an integration (``Permission/integrationsRead`` on its
/// project) is subscribed to it unless they said otherwise: `all` is the default for every integration, and
/// `integrations` holds the exceptions (integration id → subscribed). Events without an integration (a stream's
/// webhook target disabled) follow `all`.
public struct NotificationSubscriptions: Codable, Sendable, Equatable {
    public var all: Bool
    public var integrations: [String: Bool]

    public init(all: Bool = true, integrations: [String: Bool] = [:]) {
        self.all = all
        self.integrations = integrations
    }

    /// True when the user wants to hear about `integrationID` (permission aside); nil: an event of no integration.
    public func wants(_ integrationID: String?) -> Bool { integrationID.flatMap { integrations[$0] } ?? all }
}

/// One notification to send on one channel to one user: a row of the outbox.
public struct NotificationDelivery: Sendable, Equatable, Identifiable {
    public var id: String
    public var channel: String
    public var event: NotificationEvent
    public var user: User
    /// Tries so far, this one included.
    public var attempt: Int
    /// When the first try began: a channel that retries for a window (webhooks) counts it from here.
    public var firstAttemptAt: Date?

    public init(id: String, channel: String, event: NotificationEvent, user: User, attempt: Int,
                firstAttemptAt: Date? = nil) {
        self.id = id
        self.channel = channel
        self.event = event
        self.user = user
        self.attempt = attempt
        self.firstAttemptAt = firstAttemptAt
    }
}

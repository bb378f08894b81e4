import Foundation

/// A user's notification webhook target (issue 20): every notification the user gets is also POSTed there, signed
/// per Standard Webhooks. One per user; like a stream's target, its signing secret is not part of the value (the
/// store keeps it sealed and hands it only to the channel) and is shown once, when the target is set.
public struct NotificationWebhook: Sendable, Equatable {
    public var userID: String
    public var url: String
    public var createdAt: Date

    public init(userID: String, url: String, createdAt: Date) {
        self.userID = userID
        self.url = url
        self.createdAt = createdAt
    }
}

import Foundation

/// A signed-in browser: its user and its lifetimes. The session's secret (the cookie's value) is never stored:
/// the store keys a session by the SHA-256 of it, so a copy of the database signs no one in.
public struct Session: Sendable, Equatable {
    public var userID: String
    public var createdAt: Date
    /// When the session was last used (written at most once a minute); idle expiry counts from here.
    public var lastSeenAt: Date
    /// The absolute end, however busy the session is.
    public var expiresAt: Date

    public init(userID: String, createdAt: Date, lastSeenAt: Date? = nil, expiresAt: Date) {
        self.userID = userID
        self.createdAt = createdAt
        self.lastSeenAt = lastSeenAt ?? createdAt
        self.expiresAt = expiresAt
    }
}

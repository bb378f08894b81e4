import Foundation

/// An access token from the token endpoint. Its description never shows the token itself.
public struct AccessToken: Sendable, Equatable, CustomStringConvertible {
    /// The `Authorization: Bearer` value.
    public let value: String
    /// `token_type`; Entra ID issues `Bearer`.
    public let tokenType: String
    /// When the token was received.
    public let issuedAt: Date
    /// When it stops working (`issuedAt` + `expires_in`).
    public let expiresAt: Date

    public init(value: String, tokenType: String = "Bearer", issuedAt: Date, expiresAt: Date) {
        self.value = value
        self.tokenType = tokenType
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
    }

    /// How long before `expiresAt` a cached token is replaced: five minutes, or half the lifetime of a token that
    /// lives less than ten, so a request sent with it doesn't arrive after it expired.
    public var refreshMargin: TimeInterval {
        min(5 * 60, max(0, expiresAt.timeIntervalSince(issuedAt)) / 2)
    }

    /// Whether the token may still be handed out at `now`.
    public func isFresh(at now: Date) -> Bool {
        now < expiresAt.addingTimeInterval(-refreshMargin)
    }

    public var description: String {
        "AccessToken(\(tokenType), [\(value.utf8.count) bytes], expires \(expiresAt))"
    }
}

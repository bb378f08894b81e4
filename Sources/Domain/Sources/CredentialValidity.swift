import Foundation

/// A credential an integration signs in with that stops working at a known time (an Entra ID client certificate's
/// `notAfter`), so that people can be told before it does (issue 20's `credentials_expiring`).
public struct CredentialValidity: Sendable, Equatable {
    /// Told this long before ``expiresAt``: 14 days.
    public static let warningPeriod: TimeInterval = 14 * 86_400

    /// What the credential is, for people: "client certificate".
    public var name: String
    /// Stable for the credential and different for its replacement (a certificate's SHA-256 thumbprint, hex).
    public var id: String
    public var expiresAt: Date
    /// What to do before it expires, for people.
    public var advice: String

    public init(name: String, id: String, expiresAt: Date, advice: String) {
        self.name = name
        self.id = id
        self.expiresAt = expiresAt
        self.advice = advice
    }

    /// True when it expires within ``warningPeriod`` of `now` (or has expired).
    public func expiresSoon(at now: Date) -> Bool {
        expiresAt.timeIntervalSince(now) < Self.warningPeriod
    }
}

extension NotificationEvent {
    /// The ``Kind/credentialsExpiring`` event for `credential` of `integration`, told at `now`: which integration,
    /// which credential, when it expires and what to do.
    public static func credentialsExpiring(_ credential: CredentialValidity, of integration: Integration, id: String,
                                           now: Date) -> NotificationEvent {
        let remaining = credential.expiresAt.timeIntervalSince(now)
        let days = Int((remaining / 86_400).rounded())
        let when = remaining <= 0 ? "expired on" : "expires on"
        let left = remaining <= 0 ? "" : remaining < 86_400 ? " (in less than a day)"
            : days == 1 ? " (in 1 day)" : " (in \(days) days)"
        let date = credential.expiresAt.formatted(Date.ISO8601FormatStyle())
        return NotificationEvent(
            id: id, kind: .credentialsExpiring, integrationID: integration.id, integrationOwner: integration.owner,
            integrationName: integration.name, credentialID: credential.id,
            text: "the \(credential.name) integration \(integration.owner)/\(integration.name) signs in with "
                + "\(when) \(date)\(left): \(credential.advice)",
            detail: "\(credential.name) \(credential.id), not valid after \(date)", createdAt: now)
    }
}

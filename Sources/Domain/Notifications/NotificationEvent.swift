import Foundation

/// Something people are told about (issue 20). Most events are an integration's: the engine disabled it or one of
/// its mailboxes, the comment quota stopped it, someone re-enabled it, it synced again after a problem people were
/// told about; those who may view integrations (``Kind/audience``) are told. A stream's webhook target disabled
/// after failing for its whole retry window is told to those who may manage the dataset's streams; it names the
/// stream (``webhook``) and has no integration. One event becomes one notification per subscriber and channel.
public struct NotificationEvent: Codable, Sendable, Equatable, Identifiable {
    /// What happened, as a stable label (in the API, emails and webhooks).
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case integrationDisabled = "integration_disabled"
        case mailboxDisabled = "mailbox_disabled"
        case quotaHit = "quota_hit"
        case integrationEnabled = "integration_enabled"
        case mailboxEnabled = "mailbox_enabled"
        case syncRecovered = "sync_recovered"
        /// A credential the integration signs in with (an Entra ID client certificate) expires within
        /// ``CredentialValidity/warningPeriod``; told once per integration and credential.
        case credentialsExpiring = "credentials_expiring"
        /// A stream's webhook target failed for its whole retry window (or the outbound policy refused it) and
        /// was disabled.
        case webhookDisabled = "webhook_disabled"

        /// True for the events that say something is broken (the others say it works again).
        public var isProblem: Bool {
            switch self {
            case .integrationDisabled, .mailboxDisabled, .quotaHit, .credentialsExpiring, .webhookDisabled: true
            case .integrationEnabled, .mailboxEnabled, .syncRecovered: false
            }
        }

        /// The permission, on the event's ``NotificationEvent/project``, that subscribes a user: viewing
        /// integrations for an integration's events, managing streams (`triggers-write`, what creating, deleting
        /// and re-enabling a stream's webhook needs) for a webhook target's.
        public var audience: Permission {
            self == .webhookDisabled ? .triggersWrite : .integrationsRead
        }

        /// The kinds a holder of `permissions` is told about (and may list).
        public static func told(to permissions: [Permission]) -> [Kind] {
            allCases.filter { permissions.contains($0.audience) }
        }
    }

    /// A stream's webhook target as an event names it: where it belongs and where it pointed, never its secret.
    public struct WebhookSubject: Codable, Sendable, Equatable {
        public var webhookID: String
        public var datasetOwner: String
        public var datasetName: String
        public var streamName: String
        /// The target's URL without its query string (which may carry a receiver's secret).
        public var url: String
        /// When the run of failed deliveries began.
        public var failingSince: Date
        /// Failed attempts in that run.
        public var failedAttempts: Int

        public init(webhookID: String, datasetOwner: String, datasetName: String, streamName: String, url: String,
                    failingSince: Date, failedAttempts: Int) {
            self.webhookID = webhookID
            self.datasetOwner = datasetOwner
            self.datasetName = datasetName
            self.streamName = streamName
            self.url = Self.redacted(url)
            self.failingSince = failingSince
            self.failedAttempts = failedAttempts
        }

        /// `owner/dataset/stream`.
        public var streamPath: String { "\(datasetOwner)/\(datasetName)/\(streamName)" }

        /// The route that re-enables the target.
        public var enablePath: String {
            "/api/_private/datasets/\(datasetOwner)/\(datasetName)/streams/\(streamName)/webhook/enable"
        }

        /// Scheme, host, port and path only: no user information, query or fragment.
        public static func redacted(_ url: String) -> String {
            guard var components = URLComponents(string: url) else { return "(an unreadable URL)" }
            components.user = nil
            components.password = nil
            components.query = nil
            components.fragment = nil
            return components.string ?? "(an unreadable URL)"
        }

        enum CodingKeys: String, CodingKey {
            case url
            case webhookID = "id"
            case datasetOwner = "dataset_owner"
            case datasetName = "dataset_name"
            case streamName = "stream"
            case failingSince = "failing_since"
            case failedAttempts = "failed_attempts"
        }
    }

    public var id: String
    public var kind: Kind
    /// The integration, for an integration's events; nil for a webhook target's.
    public var integrationID: String?
    /// The integration's project (owner) and name when the event happened, so the text stays right if it is renamed
    /// or removed later.
    public var integrationOwner: String?
    public var integrationName: String?
    /// The stream's webhook target, for ``Kind/webhookDisabled``.
    public var webhook: WebhookSubject?
    public var mailboxID: String?
    public var mailboxEmail: String?
    /// The error record's kind (``IntegrationError/Kind``) for problems; nil otherwise.
    public var errorKind: String?
    /// The credential a ``Kind/credentialsExpiring`` event is about (``CredentialValidity/id``); nil otherwise.
    public var credentialID: String?
    /// What happened and what to do, for people; never secrets or message content.
    public var text: String
    /// The server's own words, when there are any.
    public var detail: String?
    public var createdAt: Date

    public init(id: String, kind: Kind, integrationID: String?, integrationOwner: String?, integrationName: String?,
                webhook: WebhookSubject? = nil, mailboxID: String? = nil, mailboxEmail: String? = nil,
                errorKind: String? = nil, credentialID: String? = nil, text: String, detail: String? = nil,
                createdAt: Date) {
        self.id = id
        self.kind = kind
        self.integrationID = integrationID
        self.integrationOwner = integrationOwner
        self.integrationName = integrationName
        self.webhook = webhook
        self.mailboxID = mailboxID
        self.mailboxEmail = mailboxEmail
        self.errorKind = errorKind
        self.credentialID = credentialID
        self.text = text
        self.detail = detail
        self.createdAt = createdAt
    }

    /// The project (owner) the event belongs to: the integration's, or the webhook's dataset's. Who is told and
    /// who may list it follow permissions on it.
    public var project: String { integrationOwner ?? webhook?.datasetOwner ?? "" }

    /// The key under which a repeat of this problem is not told again until the integration has been healthy
    /// (issue 20): integration, event kind, error class, and the mailbox for mailbox-level events. Nil for events
    /// that are never held back: a webhook target's disable is told once by the transition itself (the store
    /// records it only when an enabled target becomes disabled). A credential about to expire is keyed by the
    /// credential instead and told once: a healthy pass says nothing about it (see ``isClearedByRecovery(key:)``).
    public var deduplicationKey: String? {
        guard kind.isProblem, integrationID != nil else { return nil }
        if kind == .credentialsExpiring { return Self.credentialKeyPrefix + (credentialID ?? "") }
        return [kind.rawValue, errorKind ?? "", mailboxID ?? ""].joined(separator: ":")
    }

    static let credentialKeyPrefix = Kind.credentialsExpiring.rawValue + "/"

    /// Whether a healthy pass of `mailboxID` clears a told problem's ``deduplicationKey``: problems of the
    /// integration as a whole (the key ends with an empty mailbox) and of that mailbox; never a credential about to
    /// expire, which stays told for as long as the integration has that credential.
    public static func isClearedByRecovery(key: String, mailboxID: String) -> Bool {
        guard !key.hasPrefix(credentialKeyPrefix) else { return false }
        return key.hasSuffix(":") || key.hasSuffix(":" + mailboxID)
    }

    /// A short subject line: "Integration ops/support disabled: invalid_imap_credentials".
    public var title: String {
        let name = "\(integrationOwner ?? "?")/\(integrationName ?? "?")"
        switch kind {
        case .integrationDisabled: return "Integration \(name) disabled" + (errorKind.map { ": \($0)" } ?? "")
        case .mailboxDisabled:
            return "Mailbox \(mailboxEmail ?? mailboxID ?? "?") of \(name) disabled" + (errorKind.map { ": \($0)" } ?? "")
        case .quotaHit: return "Integration \(name) stopped: the comment quota is reached"
        case .integrationEnabled: return "Integration \(name) re-enabled"
        case .mailboxEnabled: return "Mailbox \(mailboxEmail ?? mailboxID ?? "?") of \(name) re-enabled"
        case .syncRecovered: return "Integration \(name) syncs again"
        case .credentialsExpiring: return "Credentials of integration \(name) expire soon"
        case .webhookDisabled: return "Webhook of stream \(webhook?.streamPath ?? "?") disabled"
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, kind, text, detail, title, webhook
        case integrationID = "integration_id"
        case integrationOwner = "integration_owner"
        case integrationName = "integration_name"
        case mailboxID = "mailbox_id"
        case mailboxEmail = "mailbox_email"
        case errorKind = "error_kind"
        case credentialID = "credential_id"
        case createdAt = "created_at"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(kind, forKey: .kind)
        try container.encode(title, forKey: .title)
        try container.encodeIfPresent(integrationID, forKey: .integrationID)
        try container.encodeIfPresent(integrationOwner, forKey: .integrationOwner)
        try container.encodeIfPresent(integrationName, forKey: .integrationName)
        try container.encodeIfPresent(webhook, forKey: .webhook)
        try container.encodeIfPresent(mailboxID, forKey: .mailboxID)
        try container.encodeIfPresent(mailboxEmail, forKey: .mailboxEmail)
        try container.encodeIfPresent(errorKind, forKey: .errorKind)
        try container.encodeIfPresent(credentialID, forKey: .credentialID)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(detail, forKey: .detail)
        try container.encode(createdAt, forKey: .createdAt)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(id: try container.decode(String.self, forKey: .id),
                  kind: try container.decode(Kind.self, forKey: .kind),
                  integrationID: try container.decodeIfPresent(String.self, forKey: .integrationID),
                  integrationOwner: try container.decodeIfPresent(String.self, forKey: .integrationOwner),
                  integrationName: try container.decodeIfPresent(String.self, forKey: .integrationName),
                  webhook: try container.decodeIfPresent(WebhookSubject.self, forKey: .webhook),
                  mailboxID: try container.decodeIfPresent(String.self, forKey: .mailboxID),
                  mailboxEmail: try container.decodeIfPresent(String.self, forKey: .mailboxEmail),
                  errorKind: try container.decodeIfPresent(String.self, forKey: .errorKind),
                  credentialID: try container.decodeIfPresent(String.self, forKey: .credentialID),
                  text: try container.decode(String.self, forKey: .text),
                  detail: try container.decodeIfPresent(String.self, forKey: .detail),
                  createdAt: try container.decode(Date.self, forKey: .createdAt))
    }
}

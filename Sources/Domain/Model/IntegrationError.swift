import Foundation

/// A recorded sync failure and what was done about it (Communications Mining's integration error).
public struct IntegrationError: Codable, Sendable, Equatable, Identifiable {
    /// What went wrong, as a stable label.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Exchange (EWS, Graph) or Entra ID refused the login, as Communications Mining names it.
        case invalidExchangeCredentials = "invalid_exchange_credentials"
        /// An IMAP server refused the login (a kind of its own: "exchange" would send the user to the wrong
        /// server).
        case invalidIMAPCredentials = "invalid_imap_credentials"
        case mailboxNotFound = "mailbox_not_found"
        case mailboxAccessDenied = "mailbox_access_denied"
        case folderNotFound = "folder_not_found"
        case connectionFailed = "connection_failed"
        case serverUnavailable = "server_unavailable"
        case mailboxUnavailable = "mailbox_unavailable"
        case commentQuotaHit = "comment_quota_hit"
        case itemSkipped = "item_skipped"
        case unknown = "unknown_error"
    }

    /// What the engine did.
    public enum Action: Codable, Sendable, Equatable {
        case integrationDisabled
        case mailboxDisabled(mailbox: String)
        case retrying(afterSeconds: Double)
        case itemSkipped

        enum CodingKeys: String, CodingKey {
            case kind
            case mailboxName = "mailbox_name"
            case retryAfterSeconds = "retry_after_seconds"
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .integrationDisabled:
                try container.encode("integration_disabled", forKey: .kind)
            case .mailboxDisabled(let mailbox):
                try container.encode("mailbox_disabled", forKey: .kind)
                try container.encode(mailbox, forKey: .mailboxName)
            case .retrying(let seconds):
                try container.encode("retrying", forKey: .kind)
                try container.encode(seconds, forKey: .retryAfterSeconds)
            case .itemSkipped:
                try container.encode("item_skipped", forKey: .kind)
            }
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            switch try container.decode(String.self, forKey: .kind) {
            case "integration_disabled": self = .integrationDisabled
            case "mailbox_disabled": self = .mailboxDisabled(mailbox: try container.decode(String.self, forKey: .mailboxName))
            case "retrying": self = .retrying(afterSeconds: try container.decode(Double.self, forKey: .retryAfterSeconds))
            default: self = .itemSkipped
            }
        }
    }

    public var id: String
    public var integrationID: String
    public var mailboxID: String?
    public var kind: Kind
    /// A short text for people; never contains secrets or message content.
    public var errorText: String
    public var fullErrorText: String
    public var action: Action
    public var createdAt: Date

    public init(id: String, integrationID: String, mailboxID: String? = nil, kind: Kind, errorText: String,
                fullErrorText: String, action: Action, createdAt: Date) {
        self.id = id
        self.integrationID = integrationID
        self.mailboxID = mailboxID
        self.kind = kind
        self.errorText = errorText
        self.fullErrorText = fullErrorText
        self.action = action
        self.createdAt = createdAt
    }
}

extension IntegrationError {
    enum CodingKeys: String, CodingKey {
        case id
        case integrationID = "integration_id"
        case mailboxID = "mailbox_id"
        case errorText = "error_text"
        case errorDetails = "error_details"
        case errorAction = "error_action"
        case createdAt = "created_at"
    }

    enum DetailKeys: String, CodingKey {
        case kind
        case fullErrorText = "full_error_text"
    }

    /// Communications Mining's shape: `{id, integration_id, error_text, error_details: {kind, full_error_text},
    /// error_action, created_at}`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(integrationID, forKey: .integrationID)
        try container.encodeIfPresent(mailboxID, forKey: .mailboxID)
        try container.encode(errorText, forKey: .errorText)
        var details = container.nestedContainer(keyedBy: DetailKeys.self, forKey: .errorDetails)
        try details.encode(kind, forKey: .kind)
        try details.encode(fullErrorText, forKey: .fullErrorText)
        try container.encode(action, forKey: .errorAction)
        try container.encode(createdAt, forKey: .createdAt)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let details = try container.nestedContainer(keyedBy: DetailKeys.self, forKey: .errorDetails)
        self.init(id: try container.decode(String.self, forKey: .id),
                  integrationID: try container.decode(String.self, forKey: .integrationID),
                  mailboxID: try container.decodeIfPresent(String.self, forKey: .mailboxID),
                  kind: (try? details.decode(Kind.self, forKey: .kind)) ?? .unknown,
                  errorText: try container.decode(String.self, forKey: .errorText),
                  fullErrorText: try details.decode(String.self, forKey: .fullErrorText),
                  action: try container.decode(Action.self, forKey: .errorAction),
                  createdAt: try container.decode(Date.self, forKey: .createdAt))
    }
}

extension IntegrationError.Kind {
    /// The credentials kind for an integration's protocol: each names the server whose login to fix.
    public static func invalidCredentials(for integration: Integration.Kind) -> Self {
        switch integration {
        case .imap: .invalidIMAPCredentials
        case .ews, .graph: .invalidExchangeCredentials
        }
    }
}

/// Comments created and comments whose text changed, for one integration on one day (UTC).
public struct UsageCount: Codable, Sendable, Equatable {
    public var integrationID: String
    /// "2025-01-06".
    public var day: String
    public var commentsCreated: Int
    public var commentsTextChanged: Int

    public init(integrationID: String, day: String, commentsCreated: Int, commentsTextChanged: Int) {
        self.integrationID = integrationID
        self.day = day
        self.commentsCreated = commentsCreated
        self.commentsTextChanged = commentsTextChanged
    }

    enum CodingKeys: String, CodingKey {
        case day
        case integrationID = "integration_id"
        case commentsCreated = "comments_created"
        case commentsTextChanged = "comments_text_changed"
    }
}

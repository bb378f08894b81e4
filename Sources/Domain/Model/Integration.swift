import Foundation

/// A connection to a mail server and the mailboxes synced through it.
public struct Integration: Codable, Sendable, Equatable, Identifiable {
    /// The integration's type (`imap`, `ews`, `graph`, …): which `Connector` reads its connection and makes its
    /// sources. Each kind's target names its own (`Integration.Kind.imap` in IMAP), so a new kind edits nothing here.
    public struct Kind: RawRepresentable, Hashable, Codable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue.lowercased() }
        public init(_ name: String) { self.init(rawValue: name) }
        public init(from decoder: any Decoder) throws {
            self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
        }
        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(rawValue)
        }
        public var description: String { rawValue }
    }

    /// Why an integration or mailbox is disabled (Communications Mining's `disabled_reason`).
    public enum DisabledReason: String, Codable, Sendable {
        case user, quota
        case syncError = "sync_error"
    }

    public var id: String
    public var owner: String
    public var name: String
    public var title: String
    public var kind: Kind
    public var enabled: Bool
    public var disabledReason: DisabledReason?
    /// How to reach and log in to the server, as the kind's connector reads it. Secrets are held here only in
    /// memory; the store keeps them sealed and the API never returns them.
    public var connection: ConnectionSettings
    public var mailboxes: [Mailbox]
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, owner: String, name: String, title: String = "", kind: Kind, enabled: Bool = true,
                disabledReason: DisabledReason? = nil, connection: ConnectionSettings, mailboxes: [Mailbox],
                createdAt: Date, updatedAt: Date) {
        self.id = id
        self.owner = owner
        self.name = name
        self.title = title
        self.kind = kind
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.connection = connection
        self.mailboxes = mailboxes
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, owner, name, title, enabled, connection, mailboxes
        case kind = "type"
        case disabledReason = "disabled_reason"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }
}

/// One mailbox of an integration, and how it syncs.
public struct Mailbox: Codable, Sendable, Equatable, Identifiable {
    public var id: String
    /// The mailbox's address (or IMAP login when it is not an address).
    public var email: String
    public var enabled: Bool
    public var disabledReason: Integration.DisabledReason?
    /// Folder paths to sync (each a list of names from the top); empty means all.
    public var folderAllowlist: [[String]]
    public var folderDenylist: [[String]]
    /// Only emails received at or after this instant are synced; nil means all.
    public var startTimestamp: Date?
    /// The bucket the emails go to, by owner and name.
    public var bucketOwner: String
    public var bucketName: String
    /// The bucket's title as the integration names it (Communications Mining's `bucket_specification.title`);
    /// nil: the bucket's name.
    public var bucketTitle: String?
    /// Whether attachment content is stored (metadata always is).
    public var syncAttachments: Bool
    /// IMAP without NOTIFY: folder paths (besides INBOX, always watched) that get a connection of their own in
    /// IDLE, so their mail shows at once instead of at the next LIST-STATUS poll; at most `maximumIdleFolders`.
    public var idleFolders: [[String]]

    /// Connections a mailbox may hold for `idleFolders`, beside its own: servers limit a user's connections
    /// (Dovecot: 10 per user and address).
    public static let maximumIdleFolders = 4

    public init(id: String, email: String, enabled: Bool = true, disabledReason: Integration.DisabledReason? = nil,
                folderAllowlist: [[String]] = [], folderDenylist: [[String]] = [], startTimestamp: Date? = nil,
                bucketOwner: String, bucketName: String, syncAttachments: Bool = true, idleFolders: [[String]] = []) {
        self.id = id
        self.email = email
        self.enabled = enabled
        self.disabledReason = disabledReason
        self.folderAllowlist = folderAllowlist
        self.folderDenylist = folderDenylist
        self.startTimestamp = startTimestamp
        self.bucketOwner = bucketOwner
        self.bucketName = bucketName
        self.syncAttachments = syncAttachments
        self.idleFolders = idleFolders
    }

    /// Mailboxes stored before `idle_folders` (or `bucket_title`) existed have none.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(String.self, forKey: .id),
            email: try container.decode(String.self, forKey: .email),
            enabled: try container.decode(Bool.self, forKey: .enabled),
            disabledReason: try container.decodeIfPresent(Integration.DisabledReason.self, forKey: .disabledReason),
            folderAllowlist: try container.decode([[String]].self, forKey: .folderAllowlist),
            folderDenylist: try container.decode([[String]].self, forKey: .folderDenylist),
            startTimestamp: try container.decodeIfPresent(Date.self, forKey: .startTimestamp),
            bucketOwner: try container.decode(String.self, forKey: .bucketOwner),
            bucketName: try container.decode(String.self, forKey: .bucketName),
            syncAttachments: try container.decode(Bool.self, forKey: .syncAttachments),
            idleFolders: try container.decodeIfPresent([[String]].self, forKey: .idleFolders) ?? []
        )
        bucketTitle = try container.decodeIfPresent(String.self, forKey: .bucketTitle)
    }

    enum CodingKeys: String, CodingKey {
        case id, email, enabled
        case disabledReason = "disabled_reason"
        case folderAllowlist = "folder_allowlist"
        case folderDenylist = "folder_denylist"
        case startTimestamp = "start_timestamp"
        case bucketOwner = "bucket_owner"
        case bucketName = "bucket_name"
        case bucketTitle = "bucket_title"
        case syncAttachments = "sync_attachments"
        case idleFolders = "idle_folders"
    }
}

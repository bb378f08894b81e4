import Foundation

/// A connection to a mail server and the mailboxes synced through it.
public struct Integration: Codable, Sendable, Equatable, Identifiable {
    public enum Kind: String, Codable, Sendable, CaseIterable {
        case imap, ews, graph
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
    public var connection: Connection
    public var mailboxes: [Mailbox]
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: String, owner: String, name: String, title: String = "", kind: Kind, enabled: Bool = true,
                disabledReason: DisabledReason? = nil, connection: Connection, mailboxes: [Mailbox],
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

    /// How to reach and log in to the server. Secrets are held here only in memory; the store keeps them encrypted
    /// and the API never returns them.
    public struct Connection: Codable, Sendable, Equatable {
        public enum Security: String, Codable, Sendable {
            /// TLS from the first byte (IMAPS, port 993).
            case tls
            case starttls
            /// Plain text: only for servers on the loopback interface or tests.
            case none
        }

        public var host: String?
        public var port: Int?
        public var security: Security?
        public var username: String?
        public var password: String?
        /// An OAuth2 access token (IMAP XOAUTH2).
        public var accessToken: String?
        /// A PEM file of CA certificates to trust instead of the system's.
        public var caFile: String?
        /// Accept any certificate. Only for test servers; logged as a warning.
        public var insecureSkipVerify: Bool?
        /// "1.2" or "1.3".
        public var minimumTLSVersion: String?
        public var cipherSuites: [String]?
        public var ewsEndpoint: String?
        /// EWS: "ntlm" (default with a password), "basic", "bearer" (with `accessToken`), or "client_credentials"
        /// (OAuth2 app-only tokens from Entra ID: `tenantID`, `clientID`, and `clientSecret` or
        /// `clientCertificate` + `clientPrivateKey`).
        public var authentication: String?
        /// EWS: "delegate" (default: the login opens the mailbox) or "impersonation" (ExchangeImpersonation).
        public var accessType: String?
        /// EWS RequestServerVersion, e.g. "Exchange2016" (default) or "Exchange2010_SP2".
        public var serverVersion: String?
        /// OAuth2 client credentials: the Entra ID directory (GUID or domain).
        public var tenantID: String?
        /// OAuth2 client credentials: the application (client) id.
        public var clientID: String?
        /// OAuth2 client credentials: the client secret's value. A secret.
        public var clientSecret: String?
        /// OAuth2 client credentials: the app's certificate, PEM (public).
        public var clientCertificate: String?
        /// OAuth2 client credentials: the certificate's RSA private key, PEM. A secret.
        public var clientPrivateKey: String?
        /// OAuth2 client credentials: "global" (default), "gcc_high" or "china".
        public var cloud: String?
        /// OAuth2 client credentials: another token host than the cloud's (private clouds, proxies, tests).
        public var authorityHost: String?
        /// IMAP: use NOTIFY (RFC 5465) when the server offers it (nil: yes). Off, INBOX is watched with IDLE and
        /// the other folders with LIST-STATUS polls and the mailbox's `idleFolders`: for a server whose NOTIFY
        /// misbehaves, or to compare.
        public var imapNotify: Bool?

        public init(host: String? = nil, port: Int? = nil, security: Security? = nil, username: String? = nil,
                    password: String? = nil, accessToken: String? = nil, caFile: String? = nil,
                    insecureSkipVerify: Bool? = nil, minimumTLSVersion: String? = nil,
                    cipherSuites: [String]? = nil, ewsEndpoint: String? = nil, authentication: String? = nil,
                    accessType: String? = nil, serverVersion: String? = nil, tenantID: String? = nil,
                    clientID: String? = nil, clientSecret: String? = nil, clientCertificate: String? = nil,
                    clientPrivateKey: String? = nil, cloud: String? = nil, authorityHost: String? = nil,
                    imapNotify: Bool? = nil) {
            self.host = host
            self.port = port
            self.security = security
            self.username = username
            self.password = password
            self.accessToken = accessToken
            self.caFile = caFile
            self.insecureSkipVerify = insecureSkipVerify
            self.minimumTLSVersion = minimumTLSVersion
            self.cipherSuites = cipherSuites
            self.ewsEndpoint = ewsEndpoint
            self.authentication = authentication
            self.accessType = accessType
            self.serverVersion = serverVersion
            self.tenantID = tenantID
            self.clientID = clientID
            self.clientSecret = clientSecret
            self.clientCertificate = clientCertificate
            self.clientPrivateKey = clientPrivateKey
            self.cloud = cloud
            self.authorityHost = authorityHost
            self.imapNotify = imapNotify
        }

        enum CodingKeys: String, CodingKey {
            case host, port, security, username, password
            case accessToken = "access_token"
            case caFile = "ca_file"
            case insecureSkipVerify = "insecure_skip_verify"
            case minimumTLSVersion = "minimum_tls_version"
            case cipherSuites = "cipher_suites"
            case ewsEndpoint = "ews_endpoint"
            case authentication
            case accessType = "access_type"
            case serverVersion = "server_version"
            case tenantID = "tenant_id"
            case clientID = "client_id"
            case clientSecret = "client_secret"
            case clientCertificate = "client_certificate"
            case clientPrivateKey = "client_private_key"
            case cloud
            case authorityHost = "authority_host"
            case imapNotify = "imap_notify"
        }

        /// The same connection without its secrets, for storage beside the encrypted secrets and for answers.
        public var withoutSecrets: Connection {
            var copy = self
            copy.password = nil
            copy.accessToken = nil
            copy.clientSecret = nil
            copy.clientPrivateKey = nil
            return copy
        }
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

    /// Mailboxes stored before `idle_folders` existed have none.
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
    }

    enum CodingKeys: String, CodingKey {
        case id, email, enabled
        case disabledReason = "disabled_reason"
        case folderAllowlist = "folder_allowlist"
        case folderDenylist = "folder_denylist"
        case startTimestamp = "start_timestamp"
        case bucketOwner = "bucket_owner"
        case bucketName = "bucket_name"
        case syncAttachments = "sync_attachments"
        case idleFolders = "idle_folders"
    }
}

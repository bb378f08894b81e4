import Domain
import Foundation
import Store

/// Integrations declared in a YAML or JSON file (`mailstream serve --config FILE`, `mailstream sync --config FILE`).
/// Declared integrations are created or updated in the store at start; ids are derived from owner and name so that
/// restarts keep cursors. Secrets may be given inline, or read from an environment variable or a file.
///
/// ```yaml
/// integrations:
///   - name: support
///     owner: ops                      # default "default"
///     type: imap                      # imap | ews | graph (each kind's connector reads `connection`)
///     connection:
///       host: imap.example.com
///       port: 993
///       security: tls                 # tls | starttls | none
///       username: support@example.com
///       password_env: SUPPORT_IMAP_PASSWORD   # or password: / password_file:
///       imap_notify: true             # NOTIFY (RFC 5465) when the server has it; false: IDLE on INBOX + polls
///       # EWS with an Entra ID application (app-only tokens, impersonation):
///       # ews_endpoint: https://outlook.office365.com/EWS/Exchange.asmx
///       # authentication: client_credentials
///       # tenant_id: contoso.onmicrosoft.com
///       # client_id: 00000000-0000-0000-0000-000000000000
///       # client_secret_env: EXO_CLIENT_SECRET   # or client_secret: / client_secret_file:
///       # client_certificate_file: app.pem        # instead of a secret, with client_private_key_file: app.key
///       # cloud: global                           # global | gcc_high | dod | china
///     mailboxes:
///       - email: support@example.com
///         bucket: support             # default: the integration's name
///         folders: [[INBOX]]          # allow list; default all
///         exclude: [[Junk], [Trash]]  # deny list
///         start_timestamp: 2025-01-01T00:00:00Z
///         sync_attachments: true
///         idle_folders: [[Sent]]      # without NOTIFY: folders with their own IDLE connection (at most 4)
/// network:                            # optional; see NetworkSettings (default: public addresses only)
///   allow_private_networks: false
///   outbound_allow: ["10.1.2.0/24"]
/// ```
///
/// Each kind's `Connector` reads and checks `connection`, as the API does, so a mistake gets the same message in both.
/// Any secret key of a connection may be given as `<key>_env` (an environment variable) or `<key>_file`.
public struct ConfigurationFile: Sendable {
    public var integrations: [Integration]
    /// Where connections may go (the `network:` section).
    public var network: NetworkSettings
    /// The SMTP relay and public address of notifications (the `notifications:` section).
    public var notifications: NotificationSettings

    struct File: Decodable {
        /// May be left out in a file that only holds the `network` section.
        var integrations: [DeclaredIntegration]?
        var network: NetworkSettings.Declared?
        var notifications: [String: JSONValue]?

        enum CodingKeys: String, CodingKey, CaseIterable { case integrations, network, notifications }
    }

    struct DeclaredIntegration: Decodable {
        var name: String
        var owner: String?
        var title: String?
        /// Left out: the connection's shape decides, as in the API.
        var type: String?
        var enabled: Bool?
        var connection: [String: JSONValue]
        var mailboxes: [DeclaredMailbox]

        enum CodingKeys: String, CodingKey, CaseIterable {
            case name, owner, title, type, enabled, connection, mailboxes
        }
    }

    struct DeclaredMailbox: Decodable {
        var email: String
        var bucket: String?
        var bucketOwner: String?
        var folders: [[String]]?
        var exclude: [[String]]?
        var startTimestamp: String?
        var syncAttachments: Bool?
        var idleFolders: [[String]]?
        var enabled: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case email, bucket, folders, exclude, enabled
            case bucketOwner = "bucket_owner"
            case startTimestamp = "start_timestamp"
            case syncAttachments = "sync_attachments"
            case idleFolders = "idle_folders"
        }
    }

    /// Reads and validates a file.
    /// - Throws: `ConfigurationError` naming the file and the problem.
    /// - Parameter connectors: the kinds this process knows; each reads its integrations' connections.
    public init(path: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                connectors: ConnectorRegistry) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError("cannot read configuration file \(path)")
        }
        try self.init(text: String(decoding: data, as: UTF8.self), origin: path, environment: environment,
                      connectors: connectors)
    }

    public init(text: String, origin: String = "configuration", environment: [String: String],
                connectors: ConnectorRegistry) throws {
        let file: File
        do {
            // YAML (and JSON, which is YAML) becomes JSON first, so numbers, booleans and strings are what they look
            // like and the connectors read the same values as from the API.
            let json = try JSONEncoder().encode(try YAMLValue.parse(text))
            file = try JSONDecoder().decode(File.self, from: json)
        } catch let error as DecodingError {
            throw ConfigurationError("\(origin): \(Self.describe(error))")
        } catch let error as ConfigurationError {
            throw ConfigurationError("\(origin): \(error)")
        } catch {
            throw ConfigurationError("\(origin): not valid YAML or JSON (\(error))")
        }
        guard file.integrations != nil || file.network != nil || file.notifications != nil else {
            throw ConfigurationError("\(origin): missing integrations at top level")
        }
        network = try NetworkSettings(declared: file.network, origin: origin)
        notifications = try NotificationSettings(json: file.notifications, origin: origin, environment: environment)
        integrations = try (file.integrations ?? []).map {
            try Self.integration(from: $0, environment: environment, connectors: connectors)
        }
        var seen = Set<String>()
        for integration in integrations where !seen.insert("\(integration.owner)/\(integration.name)").inserted {
            throw ConfigurationError("\(origin): integration \(integration.owner)/\(integration.name) is declared twice")
        }
    }

    private static func integration(from declared: DeclaredIntegration, environment: [String: String],
                                    connectors: ConnectorRegistry) throws -> Integration {
        let owner = declared.owner ?? "default"
        func checkName(_ value: String, _ key: String) throws {
            guard ResourceName.isValid(value) else {
                throw ConfigurationError("integration \(declared.name.prefix(64)): \(key) \(ResourceName.ruleText)")
            }
        }
        try checkName(declared.name, "name")
        try checkName(owner, "owner")
        for mailbox in declared.mailboxes {
            if let bucket = mailbox.bucket { try checkName(bucket, "mailbox \(mailbox.email.prefix(320)): bucket") }
            if let bucketOwner = mailbox.bucketOwner {
                try checkName(bucketOwner, "mailbox \(mailbox.email.prefix(320)): bucket_owner")
            }
            if let problem = IdleFolders.problem(mailbox.idleFolders ?? []) {
                throw ConfigurationError("integration \(declared.name.prefix(64)): mailbox "
                                         + "\(mailbox.email.prefix(320)): idle_folders \(problem)")
            }
        }
        let id = StableID.make("integration", owner, declared.name)
        let kind: Integration.Kind
        do {
            kind = try connectors.kind(named: declared.type, connection: declared.connection)
        } catch {
            throw ConfigurationError("integration \(declared.name): type \(error)")
        }
        guard let connector = connectors.connector(for: kind) else {
            throw ConfigurationError("integration \(declared.name): type must be one of "
                + connectors.kinds.map(\.rawValue).joined(separator: ", "))
        }
        let given = try SecretSources(connector: connector, integration: declared.name, environment: environment)
            .resolve(declared.connection)
        let connection: ConnectionSettings
        do {
            connection = try connector.settings(from: given, previous: nil)
        } catch {
            throw ConfigurationError("integration \(declared.name): \(error)")
        }
        let mailboxes = try declared.mailboxes.map { mailbox -> Mailbox in
            var start: Date?
            if let text = mailbox.startTimestamp {
                guard let parsed = JSONCoding.parse(text) else {
                    throw ConfigurationError("mailbox \(mailbox.email): start_timestamp \(text) is not ISO 8601")
                }
                start = parsed
            }
            return Mailbox(
                id: StableID.make("mailbox", id, mailbox.email), email: mailbox.email,
                enabled: mailbox.enabled ?? true, folderAllowlist: mailbox.folders ?? [],
                folderDenylist: mailbox.exclude ?? [], startTimestamp: start,
                bucketOwner: mailbox.bucketOwner ?? owner, bucketName: mailbox.bucket ?? declared.name,
                syncAttachments: mailbox.syncAttachments ?? true, idleFolders: mailbox.idleFolders ?? []
            )
        }
        let epoch = Date(timeIntervalSince1970: 0)
        let made = Integration(
            id: id, owner: owner, name: declared.name, title: declared.title ?? declared.name, kind: kind,
            enabled: declared.enabled ?? true, connection: connection,
            mailboxes: mailboxes, createdAt: epoch, updatedAt: epoch
        )
        return made
    }

    /// Creates declared integrations that the store doesn't have and updates those whose declaration changed.
    /// An unchanged declaration keeps the store's state, so an integration the engine disabled (wrong password)
    /// stays disabled across restarts until its declaration changes or someone re-enables it.
    public func apply(to store: any Store) async throws {
        for declared in integrations {
            let now = Date()
            guard let existing = try await store.integration(id: declared.id) else {
                var created = declared
                created.createdAt = now
                created.updatedAt = now
                try await store.saveIntegration(created)
                continue
            }
            var comparable = existing
            comparable.createdAt = declared.createdAt
            comparable.updatedAt = declared.updatedAt
            comparable.enabled = declared.enabled
            comparable.disabledReason = declared.disabledReason
            comparable.mailboxes = zip(existing.mailboxes, declared.mailboxes).map { stored, wanted in
                var copy = stored
                copy.enabled = wanted.enabled
                copy.disabledReason = wanted.disabledReason
                return copy
            }
            if existing.mailboxes.count != declared.mailboxes.count || comparable != declared {
                var updated = declared
                updated.createdAt = existing.createdAt
                updated.updatedAt = now
                try await store.saveIntegration(updated)
                if existing.kind != declared.kind {
                    // A new API (EWS → Graph): the old one's cursors and item ids mean nothing to it, so it lists
                    // every folder afresh; comments stay, and nothing doubles (ids come from the Message-ID).
                    try await store.resetSyncState(mailboxIDs: updated.mailboxes.map(\.id))
                }
            }
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing \(key.stringValue) at \(path(context).isEmpty ? "top level" : path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "invalid value at \(path(context)): \(context.debugDescription)"
        @unknown default:
            return "invalid configuration"
        }
    }
}

/// A configuration problem, with a message a user can act on.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

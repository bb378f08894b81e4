import Domain
import Foundation
import GRDB
import Store

extension SQLiteStore {
    public func saveIntegration(_ integration: Integration) async throws {
        let write = try integrationWrite(integration)
        try await database.write { db in try write(db) }
    }

    /// Writes `integration` in the caller's transaction. Secrets travel beside the integration, sealed; the JSON
    /// body never holds them (a connection encodes its public fields alone).
    private func integrationWrite(_ integration: Integration) throws -> @Sendable (Database) throws -> Void {
        let body = String(decoding: try JSONCoding.encoder().encode(integration), as: UTF8.self)
        let sealed = try secrets.seal(try StoredConnectionSecrets.encode(integration.connection.secrets))
        return { db in
            if let existing = try String.fetchOne(db, sql: "SELECT id FROM integration WHERE owner = ? AND name = ?",
                                                  arguments: [integration.owner, integration.name]),
                existing != integration.id {
                throw StoreError.alreadyExists("integration \(integration.owner)/\(integration.name)")
            }
            if try Row.fetchOne(db, sql: "SELECT 1 FROM integration WHERE id = ?", arguments: [integration.id]) == nil {
                try Self.checkCreateQuota(.integrations, db)
            }
            try db.execute(
                sql: """
                    INSERT INTO integration (id, owner, name, body, secrets, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, name = excluded.name,
                        body = excluded.body, secrets = excluded.secrets, updated_at = excluded.updated_at
                    """,
                arguments: [integration.id, integration.owner, integration.name, body, sealed,
                            Self.time(integration.createdAt), Self.time(integration.updatedAt)]
            )
        }
    }

    public func integration(id: String) async throws -> Integration? {
        let row = try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT body, secrets FROM integration WHERE id = ?", arguments: [id])
                .map(Self.integrationColumns)
        }
        return try row.map(decodeIntegration)
    }

    public func integration(owner: String, name: String) async throws -> Integration? {
        let row = try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT body, secrets FROM integration WHERE owner = ? AND name = ?",
                             arguments: [owner, name]).map(Self.integrationColumns)
        }
        return try row.map(decodeIntegration)
    }

    public func integrations() async throws -> [Integration] {
        let rows = try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT body, secrets FROM integration ORDER BY owner, name")
                .map(Self.integrationColumns)
        }
        return try rows.map(decodeIntegration)
    }

    private static func integrationColumns(_ row: Row) -> (body: String, secrets: Data?) {
        (row["body"], row["secrets"])
    }

    private func decodeIntegration(_ row: (body: String, secrets: Data?)) throws -> Integration {
        var integration = try JSONCoding.decoder().decode(Integration.self, from: Data(row.body.utf8))
        if let sealed = row.secrets {
            integration.connection.secrets = try StoredConnectionSecrets.decode(try secrets.open(sealed))
        }
        return integration
    }

    public func deleteIntegration(id: String) async throws {
        guard let integration = try await integration(id: id) else { throw StoreError.notFound("integration \(id)") }
        try await database.write { db in
            for mailbox in integration.mailboxes {
                try db.execute(sql: "DELETE FROM folder_cursor WHERE mailbox_id = ?", arguments: [mailbox.id])
                try db.execute(sql: "DELETE FROM email_location WHERE mailbox_id = ?", arguments: [mailbox.id])
            }
            try db.execute(sql: "DELETE FROM integration WHERE id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM notification_told WHERE integration_id = ?", arguments: [id])
        }
    }

    public func resetSyncState(mailboxIDs: [String]) async throws {
        try await database.write { db in
            for id in mailboxIDs {
                try db.execute(sql: "DELETE FROM folder_cursor WHERE mailbox_id = ?", arguments: [id])
                try db.execute(sql: "DELETE FROM email_location WHERE mailbox_id = ?", arguments: [id])
            }
        }
    }

    public func setIntegrationEnabled(id: String, enabled: Bool, reason: Integration.DisabledReason?) async throws {
        guard var integration = try await integration(id: id) else { throw StoreError.notFound("integration \(id)") }
        let before = integration
        integration.enabled = enabled
        integration.disabledReason = enabled ? nil : (reason ?? .user)
        integration.updatedAt = Self.now()
        let write = try integrationWrite(integration)
        let event = Self.reEnabledEvent(before: before.enabled ? nil : before.disabledReason, enabled: enabled,
                                        integration: integration, mailbox: nil)
        try await database.write { [integration] db in
            try write(db)
            if let event { try Self.recordNotification(event, db) }
            // Re-enabling starts every clock over: an outage that disabled things before must not count again.
            if enabled {
                for mailbox in integration.mailboxes {
                    try db.execute(sql: "DELETE FROM mailbox_unavailable WHERE mailbox_id = ?", arguments: [mailbox.id])
                }
            }
        }
    }

    /// The event of re-enabling what the engine disabled (people were told); nil otherwise, and for what a person
    /// disabled.
    private static func reEnabledEvent(before reason: Integration.DisabledReason?, enabled: Bool,
                                       integration: Integration, mailbox: Mailbox?) -> NotificationEvent? {
        guard enabled, let reason, reason != .user else { return nil }
        let name = "\(integration.owner)/\(integration.name)"
        return NotificationEvent(
            id: newID(), kind: mailbox == nil ? .integrationEnabled : .mailboxEnabled, integrationID: integration.id,
            integrationOwner: integration.owner, integrationName: integration.name, mailboxID: mailbox?.id,
            mailboxEmail: mailbox?.email,
            text: mailbox.map { "mailbox \($0.email) of integration \(name) was re-enabled; it syncs from where it stopped" }
                ?? "integration \(name) was re-enabled; it syncs from where it stopped",
            createdAt: integration.updatedAt)
    }

    public func setMailboxEnabled(integrationID: String, mailboxID: String, enabled: Bool,
                                  reason: Integration.DisabledReason?) async throws {
        guard var integration = try await integration(id: integrationID) else {
            throw StoreError.notFound("integration \(integrationID)")
        }
        guard let index = integration.mailboxes.firstIndex(where: { $0.id == mailboxID }) else {
            throw StoreError.notFound("mailbox \(mailboxID)")
        }
        let before = integration.mailboxes[index]
        integration.mailboxes[index].enabled = enabled
        integration.mailboxes[index].disabledReason = enabled ? nil : (reason ?? .user)
        integration.updatedAt = Self.now()
        let write = try integrationWrite(integration)
        let event = Self.reEnabledEvent(before: before.enabled ? nil : before.disabledReason, enabled: enabled,
                                        integration: integration, mailbox: integration.mailboxes[index])
        try await database.write { db in
            try write(db)
            if let event { try Self.recordNotification(event, db) }
            if enabled {
                try db.execute(sql: "DELETE FROM mailbox_unavailable WHERE mailbox_id = ?", arguments: [mailboxID])
            }
        }
    }

    public func mailboxUnavailableSince(mailboxID: String, now: Date) async throws -> Date {
        try await database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO mailbox_unavailable (mailbox_id, since) VALUES (?, ?)",
                           arguments: [mailboxID, Self.time(now)])
            let since = try Double.fetchOne(db, sql: "SELECT since FROM mailbox_unavailable WHERE mailbox_id = ?",
                                            arguments: [mailboxID]) ?? Self.time(now)
            return Date(timeIntervalSince1970: since)
        }
    }

    public func clearMailboxUnavailable(mailboxID: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM mailbox_unavailable WHERE mailbox_id = ?", arguments: [mailboxID])
        }
    }
}

import Domain
import Foundation
import GRDB
import Store

extension SQLiteStore {
    /// Records `event` with a delivery per subscriber and active channel, in the caller's transaction; nothing when
    /// its problem was told already since the integration was last healthy. Returns whether it was recorded.
    @discardableResult
    static func recordNotification(_ event: NotificationEvent, _ db: Database) throws -> Bool {
        if let key = event.deduplicationKey, let integrationID = event.integrationID {
            try db.execute(sql: """
                INSERT OR IGNORE INTO notification_told (integration_id, key, event_id, created_at) VALUES (?, ?, ?, ?)
                """, arguments: [integrationID, key, event.id, time(event.createdAt)])
            guard db.changesCount > 0 else { return false }
        }
        try db.execute(sql: """
            INSERT INTO notification_event (id, integration_id, integration_owner, kind, body, created_at, webhook_id)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """, arguments: [event.id, event.integrationID ?? "", event.project, event.kind.rawValue,
                             try json(event), time(event.createdAt), event.webhook?.webhookID])
        let channels = try String.fetchAll(db, sql: "SELECT name FROM notification_channel ORDER BY name")
        let withWebhook = Set(try String.fetchAll(db, sql: "SELECT user_id FROM notification_webhook"))
        for user in try subscribers(of: event, db) {
            // No email row for a user without an address (the migrated admin has none), no webhook row for one
            // without a target: it could only fail, once per event, in the metrics and the log.
            for channel in channels {
                if channel == "email", (user.email ?? "").isEmpty { continue }
                if channel == "webhook", !withWebhook.contains(user.id) { continue }
                try db.execute(sql: """
                    INSERT INTO notification_delivery (id, event_id, user_id, channel, integration_owner, state,
                        next_attempt_at, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?)
                    """, arguments: [newID(), event.id, user.id, channel, event.project,
                                     time(event.createdAt), time(event.createdAt), time(event.createdAt)])
            }
        }
        return true
    }

    /// Users who hold the event's audience permission on its project (``Permission/integrationsRead`` for an
    /// integration's events, ``Permission/triggersWrite`` for a stream webhook's) and did not unsubscribe.
    static func subscribers(of event: NotificationEvent, _ db: Database) throws -> [User] {
        try Row.fetchAll(db, sql: "SELECT * FROM app_user ORDER BY login").map(user(from:)).filter { user in
            guard user.allows(event.kind.audience, project: event.project) else { return false }
            return try subscriptions(userID: user.id, db).wants(event.integrationID)
        }
    }

    static func subscriptions(userID: String, _ db: Database) throws -> NotificationSubscriptions {
        var subscriptions = NotificationSubscriptions()
        for row in try Row.fetchAll(db, sql: "SELECT * FROM notification_subscription WHERE user_id = ?",
                                    arguments: [userID]) {
            let id: String = row["integration_id"]
            let subscribed: Bool = row["subscribed"]
            if id == "*" { subscriptions.all = subscribed } else { subscriptions.integrations[id] = subscribed }
        }
        return subscriptions
    }

    /// The event a disable recorded by the engine is told as; nil for errors that disabled nothing.
    static func notificationEvent(for error: IntegrationError, _ db: Database) throws -> NotificationEvent? {
        let kind: NotificationEvent.Kind
        switch error.action {
        case .integrationDisabled: kind = error.kind == .commentQuotaHit ? .quotaHit : .integrationDisabled
        case .mailboxDisabled: kind = .mailboxDisabled
        case .retrying, .itemSkipped: return nil
        }
        guard let integration = try storedIntegration(id: error.integrationID, db) else { return nil }
        let mailbox = error.mailboxID.flatMap { id in integration.mailboxes.first { $0.id == id } }
        return NotificationEvent(
            id: newID(), kind: kind, integrationID: integration.id, integrationOwner: integration.owner,
            integrationName: integration.name, mailboxID: kind == .mailboxDisabled ? error.mailboxID : nil,
            mailboxEmail: kind == .mailboxDisabled ? mailbox?.email : nil, errorKind: error.kind.rawValue,
            text: error.errorText, detail: error.fullErrorText.isEmpty ? nil : error.fullErrorText,
            createdAt: error.createdAt)
    }

    /// The integration without its secrets (events need names only).
    static func storedIntegration(id: String, _ db: Database) throws -> Integration? {
        try String.fetchOne(db, sql: "SELECT body FROM integration WHERE id = ?", arguments: [id]).map {
            try JSONCoding.decoder().decode(Integration.self, from: Data($0.utf8))
        }
    }

    public func recordSyncHealthy(integrationID: String, mailboxID: String, now: Date) async throws {
        try await database.write { db in
            // Problems of the integration as a whole and of this mailbox; not credentials about to expire.
            let keys = try String.fetchAll(db, sql: "SELECT key FROM notification_told WHERE integration_id = ?",
                                           arguments: [integrationID])
                .filter { NotificationEvent.isClearedByRecovery(key: $0, mailboxID: mailboxID) }
            for key in keys {
                try db.execute(sql: "DELETE FROM notification_told WHERE integration_id = ? AND key = ?",
                               arguments: [integrationID, key])
            }
            guard !keys.isEmpty, let integration = try Self.storedIntegration(id: integrationID, db) else { return }
            let mailbox = integration.mailboxes.first { $0.id == mailboxID }
            let event = NotificationEvent(
                id: Self.newID(), kind: .syncRecovered, integrationID: integrationID,
                integrationOwner: integration.owner, integrationName: integration.name, mailboxID: mailboxID,
                mailboxEmail: mailbox?.email,
                text: "the integration synced again (mailbox \(mailbox?.email ?? mailboxID) completed a pass); "
                    + "problems reported before are solved, and a new one will be reported again",
                createdAt: now)
            try Self.recordNotification(event, db)
        }
    }

    public func notifications(userID: String, projects: [String]?, kinds: [NotificationEvent.Kind]?,
                              unreadOnly: Bool, offset: Int, limit: Int)
        async throws -> (notifications: [UserNotification], total: Int) {
        let (filter, arguments) = Self.listFilter(userID: userID, projects: projects, kinds: kinds,
                                                  unreadOnly: unreadOnly)
        return try await database.read { db in
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification_delivery d WHERE \(filter)",
                                         arguments: arguments) ?? 0
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.id, d.user_id, d.read_at, e.body FROM notification_delivery d
                JOIN notification_event e ON e.id = d.event_id
                WHERE \(filter) ORDER BY d.created_at DESC, d.rowid DESC LIMIT ? OFFSET ?
                """, arguments: arguments + [limit, offset])
            return (try rows.map(Self.userNotification(from:)), total)
        }
    }

    public func unreadNotificationCount(userID: String, projects: [String]?, kinds: [NotificationEvent.Kind]?)
        async throws -> Int {
        let (filter, arguments) = Self.listFilter(userID: userID, projects: projects, kinds: kinds, unreadOnly: true)
        return try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM notification_delivery d WHERE \(filter)",
                             arguments: arguments) ?? 0
        }
    }

    public func notification(userID: String, id: String, projects: [String]?, kinds: [NotificationEvent.Kind]?)
        async throws -> UserNotification? {
        let (filter, arguments) = Self.listFilter(userID: userID, projects: projects, kinds: kinds, unreadOnly: false)
        return try await database.read { db in
            try Row.fetchOne(db, sql: """
                SELECT d.id, d.user_id, d.read_at, e.body FROM notification_delivery d
                JOIN notification_event e ON e.id = d.event_id
                WHERE d.id = ? AND \(filter)
                """, arguments: [id] + arguments).map(Self.userNotification(from:))
        }
    }

    private static func listFilter(userID: String, projects: [String]?, kinds: [NotificationEvent.Kind]?,
                                   unreadOnly: Bool) -> (String, StatementArguments) {
        var filter = "d.user_id = ? AND d.channel = 'in_app'"
        var arguments: StatementArguments = [userID]
        if unreadOnly { filter += " AND d.read_at IS NULL" }
        if let projects {
            filter += " AND d.integration_owner IN (\(Array(repeating: "?", count: projects.count).joined(separator: ", "))"
                + (projects.isEmpty ? "NULL)" : ")")
            arguments += StatementArguments(projects)
        }
        if let kinds {
            filter += " AND d.event_id IN (SELECT id FROM notification_event WHERE kind IN ("
                + (kinds.isEmpty ? "NULL" : Array(repeating: "?", count: kinds.count).joined(separator: ", ")) + "))"
            arguments += StatementArguments(kinds.map(\.rawValue))
        }
        return (filter, arguments)
    }

    private static func userNotification(from row: Row) throws -> UserNotification {
        let event = try JSONCoding.decoder().decode(NotificationEvent.self, from: Data((row["body"] as String).utf8))
        return UserNotification(id: row["id"], userID: row["user_id"], event: event,
                                readAt: (row["read_at"] as Double?).map(date))
    }

    public func setNotificationRead(userID: String, id: String, read: Bool, now: Date) async throws -> UserNotification {
        try await database.write { db in
            try db.execute(sql: """
                UPDATE notification_delivery SET read_at = CASE WHEN ? THEN COALESCE(read_at, ?) ELSE NULL END
                WHERE id = ? AND user_id = ? AND channel = 'in_app'
                """, arguments: [read, Self.time(now), id, userID])
            guard let row = try Row.fetchOne(db, sql: """
                SELECT d.id, d.user_id, d.read_at, e.body FROM notification_delivery d
                JOIN notification_event e ON e.id = d.event_id
                WHERE d.id = ? AND d.user_id = ? AND d.channel = 'in_app'
                """, arguments: [id, userID]) else { throw StoreError.notFound("notification \(id.prefix(64))") }
            return try Self.userNotification(from: row)
        }
    }

    public func notificationSubscriptions(userID: String) async throws -> NotificationSubscriptions {
        try await database.read { db in try Self.subscriptions(userID: userID, db) }
    }

    public func setNotificationSubscriptions(userID: String, _ subscriptions: NotificationSubscriptions) async throws {
        try await database.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM app_user WHERE id = ?", arguments: [userID]) != nil else {
                throw StoreError.notFound("user \(userID)")
            }
            try db.execute(sql: "DELETE FROM notification_subscription WHERE user_id = ?", arguments: [userID])
            let rows = [("*", subscriptions.all)] + subscriptions.integrations.sorted { $0.key < $1.key }
            for (integrationID, subscribed) in rows {
                try db.execute(sql: """
                    INSERT INTO notification_subscription (user_id, integration_id, subscribed) VALUES (?, ?, ?)
                    """, arguments: [userID, integrationID, subscribed])
            }
        }
    }

    public func notificationEvents(integrationID: String) async throws -> [NotificationEvent] {
        let bodies = try await database.read { db in
            try String.fetchAll(db, sql: """
                SELECT body FROM notification_event WHERE integration_id = ? ORDER BY rowid
                """, arguments: [integrationID])
        }
        return try bodies.map { try JSONCoding.decoder().decode(NotificationEvent.self, from: Data($0.utf8)) }
    }

    public func notificationEvents(webhookID: String) async throws -> [NotificationEvent] {
        let bodies = try await database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM notification_event WHERE webhook_id = ? ORDER BY rowid",
                                arguments: [webhookID])
        }
        return try bodies.map { try JSONCoding.decoder().decode(NotificationEvent.self, from: Data($0.utf8)) }
    }
}

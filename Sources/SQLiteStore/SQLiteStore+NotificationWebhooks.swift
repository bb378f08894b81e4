import Domain
import Foundation
import GRDB
import Store

// MARK: Each user's notification webhook target

extension SQLiteStore {
    public func saveNotificationWebhook(userID: String, url: String, secret: WebhookSecret, now: Date) async throws
        -> NotificationWebhook {
        let sealed = try secrets.seal(secret.text)
        try await database.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM app_user WHERE id = ?", arguments: [userID]) != nil else {
                throw StoreError.notFound("user \(userID)")
            }
            // Replacing is how the secret rotates; deliveries not yet sent go to the new target, signed anew.
            try db.execute(sql: """
                INSERT INTO notification_webhook (user_id, url, secret, created_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (user_id) DO UPDATE SET url = excluded.url, secret = excluded.secret,
                    created_at = excluded.created_at
                """, arguments: [userID, url, sealed, Self.time(now)])
        }
        return NotificationWebhook(userID: userID, url: url, createdAt: Self.date(Self.time(now)))
    }

    public func notificationWebhook(userID: String) async throws -> NotificationWebhook? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT user_id, url, created_at FROM notification_webhook WHERE user_id = ?",
                             arguments: [userID]).map(Self.notificationWebhook(from:))
        }
    }

    public func notificationWebhookTarget(userID: String) async throws
        -> (webhook: NotificationWebhook, secret: WebhookSecret)? {
        let found = try await database.read { db -> (NotificationWebhook, Data)? in
            try Row.fetchOne(db, sql: "SELECT * FROM notification_webhook WHERE user_id = ?", arguments: [userID])
                .map { (Self.notificationWebhook(from: $0), $0["secret"]) }
        }
        guard let (webhook, sealed) = found else { return nil }
        guard let secret = WebhookSecret(text: try secrets.open(sealed)) else {
            throw StoreError.invalid("the notification webhook of user \(userID) has an unreadable secret")
        }
        return (webhook, secret)
    }

    public func deleteNotificationWebhook(userID: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM notification_webhook WHERE user_id = ?", arguments: [userID])
            guard db.changesCount > 0 else { throw StoreError.notFound("notification webhook") }
        }
    }

    private static func notificationWebhook(from row: Row) -> NotificationWebhook {
        NotificationWebhook(userID: row["user_id"], url: row["url"], createdAt: date(row["created_at"]))
    }
}

import GRDB

extension SQLiteSchema {
    /// Notifications beyond integrations, and webhooks as their third channel (issue 20): an event may name a
    /// stream's webhook target instead of an integration (`integration_id` is then ''), a delivery remembers when
    /// its first attempt began (the webhook channel retries for a window from there), and each user may have one
    /// notification webhook target with its sealed secret. Touches only the notification tables. Never edited once
    /// shipped.
    static func addNotificationWebhooks(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE notification_event ADD COLUMN webhook_id TEXT;
            CREATE INDEX notification_event_by_webhook ON notification_event(webhook_id, created_at);
            ALTER TABLE notification_delivery ADD COLUMN first_attempt_at REAL;
            CREATE TABLE notification_webhook (
                user_id TEXT PRIMARY KEY REFERENCES app_user(id) ON DELETE CASCADE,
                url TEXT NOT NULL, secret BLOB NOT NULL, created_at REAL NOT NULL);
            """)
    }
}

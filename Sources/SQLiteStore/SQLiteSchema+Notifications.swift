import GRDB

extension SQLiteSchema {
    /// Notifications (issue 20): events, the outbox of deliveries (one row per event, user and channel; in-app
    /// rows are also the user's list, with `read_at`), subscriptions (`integration_id` '*' is the default for every
    /// integration), the problems told since the integration was last healthy, and the channels new events are
    /// delivered on. Never edited once shipped.
    static func addNotifications(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE notification_event (
                id TEXT PRIMARY KEY, integration_id TEXT NOT NULL, integration_owner TEXT NOT NULL,
                kind TEXT NOT NULL, body TEXT NOT NULL, created_at REAL NOT NULL);
            CREATE INDEX notification_event_by_integration ON notification_event(integration_id, created_at);
            CREATE TABLE notification_delivery (
                id TEXT PRIMARY KEY, event_id TEXT NOT NULL REFERENCES notification_event(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE, channel TEXT NOT NULL,
                integration_owner TEXT NOT NULL, state TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at REAL NOT NULL, last_error TEXT, read_at REAL,
                created_at REAL NOT NULL, updated_at REAL NOT NULL, UNIQUE (event_id, user_id, channel));
            CREATE INDEX notification_delivery_due ON notification_delivery(state, next_attempt_at);
            CREATE INDEX notification_delivery_by_user ON notification_delivery(user_id, channel, created_at);
            CREATE TABLE notification_subscription (
                user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE, integration_id TEXT NOT NULL,
                subscribed INTEGER NOT NULL, PRIMARY KEY (user_id, integration_id));
            CREATE TABLE notification_told (
                integration_id TEXT NOT NULL, key TEXT NOT NULL, event_id TEXT NOT NULL, created_at REAL NOT NULL,
                PRIMARY KEY (integration_id, key));
            CREATE TABLE notification_channel (name TEXT PRIMARY KEY);
            INSERT INTO notification_channel (name) VALUES ('in_app');
            """)
    }
}

import Foundation
import GRDB

extension SQLiteSchema {
    /// Stream webhooks (issue 20): one target per stream with its sealed secret, the batch in flight (kept whole,
    /// so a retry sends the same id and body) and a delivery log. Never edited once shipped.
    static func addWebhooks(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE webhook (
                id TEXT PRIMARY KEY,
                stream_id TEXT NOT NULL UNIQUE REFERENCES stream(id) ON DELETE CASCADE,
                url TEXT NOT NULL, batch_size INTEGER NOT NULL, secret BLOB NOT NULL,
                enabled INTEGER NOT NULL, disabled_reason TEXT, disabled_at REAL, created_at REAL NOT NULL,
                failing_since REAL, failed_attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at REAL,
                pending_id TEXT, pending_from TEXT, pending_to TEXT, pending_body BLOB, pending_count INTEGER,
                pending_oldest REAL, pending_created_at REAL);
            CREATE TABLE webhook_delivery (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                webhook_id TEXT NOT NULL REFERENCES webhook(id) ON DELETE CASCADE,
                delivery_id TEXT NOT NULL, at REAL NOT NULL, status INTEGER, latency_ms REAL NOT NULL,
                attempt INTEGER NOT NULL, result_count INTEGER NOT NULL, error TEXT);
            CREATE INDEX webhook_delivery_by_webhook ON webhook_delivery(webhook_id, seq);
            """)
    }
}

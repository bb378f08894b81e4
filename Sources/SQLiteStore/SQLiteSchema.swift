import GRDB
import Store

/// The embedded store's schema, as versioned migrations. A shipped migration is never edited: changes are new
/// migrations.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-meta") { db in
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        migrator.registerMigration("v2-core") { db in
            try db.execute(sql: """
                CREATE TABLE bucket (
                    id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, title TEXT NOT NULL,
                    created_at REAL NOT NULL, updated_at REAL NOT NULL, UNIQUE (owner, name));
                CREATE TABLE source (
                    id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, title TEXT NOT NULL,
                    description TEXT NOT NULL, bucket_id TEXT REFERENCES bucket(id) ON DELETE SET NULL,
                    last_sequence INTEGER NOT NULL DEFAULT 0,
                    created_at REAL NOT NULL, updated_at REAL NOT NULL, UNIQUE (owner, name));
                CREATE INDEX source_by_bucket ON source(bucket_id);
                CREATE TABLE email (
                    bucket_id TEXT NOT NULL REFERENCES bucket(id) ON DELETE CASCADE, id TEXT NOT NULL,
                    raw BLOB NOT NULL, mailbox TEXT, folder TEXT, received_at REAL,
                    created_at REAL NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (bucket_id, id));
                CREATE TABLE email_location (
                    mailbox_id TEXT NOT NULL, folder TEXT NOT NULL, server_id TEXT NOT NULL,
                    bucket_id TEXT NOT NULL, email_id TEXT NOT NULL,
                    PRIMARY KEY (mailbox_id, folder, server_id));
                CREATE INDEX email_location_by_email ON email_location(bucket_id, email_id);
                CREATE TABLE comment (
                    source_id TEXT NOT NULL REFERENCES source(id) ON DELETE CASCADE, id TEXT NOT NULL,
                    sequence INTEGER NOT NULL, timestamp REAL NOT NULL, body TEXT NOT NULL,
                    created_at REAL NOT NULL, updated_at REAL NOT NULL, PRIMARY KEY (source_id, id));
                CREATE UNIQUE INDEX comment_by_sequence ON comment(source_id, sequence);
                CREATE TABLE attachment_content (hash TEXT PRIMARY KEY, size INTEGER NOT NULL, content BLOB NOT NULL);
                CREATE TABLE attachment_reference (
                    reference TEXT PRIMARY KEY, source_id TEXT NOT NULL REFERENCES source(id) ON DELETE CASCADE,
                    comment_id TEXT NOT NULL, position INTEGER NOT NULL, hash TEXT NOT NULL,
                    name TEXT NOT NULL, content_type TEXT NOT NULL);
                CREATE TABLE integration (
                    id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
                    secrets BLOB, created_at REAL NOT NULL, updated_at REAL NOT NULL, UNIQUE (owner, name));
                CREATE TABLE folder_cursor (
                    mailbox_id TEXT NOT NULL, folder TEXT NOT NULL, cursor TEXT NOT NULL, updated_at REAL NOT NULL,
                    PRIMARY KEY (mailbox_id, folder));
                CREATE TABLE integration_error (
                    id TEXT PRIMARY KEY, integration_id TEXT NOT NULL, created_at REAL NOT NULL, body TEXT NOT NULL);
                CREATE INDEX integration_error_by_integration ON integration_error(integration_id, created_at);
                CREATE TABLE usage (
                    integration_id TEXT NOT NULL, day TEXT NOT NULL, comments_created INTEGER NOT NULL DEFAULT 0,
                    comments_text_changed INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (integration_id, day));
                """)
        }
        migrator.registerMigration("v3-api") { db in
            try db.execute(sql: """
                CREATE TABLE api_token (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, hash TEXT NOT NULL UNIQUE, body TEXT NOT NULL,
                    created_at REAL NOT NULL, last_used_at REAL);
                CREATE TABLE dataset (
                    id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL, title TEXT NOT NULL,
                    description TEXT NOT NULL, source_ids TEXT NOT NULL,
                    created_at REAL NOT NULL, updated_at REAL NOT NULL, UNIQUE (owner, name));
                CREATE TABLE stream (
                    id TEXT PRIMARY KEY, dataset_id TEXT NOT NULL REFERENCES dataset(id) ON DELETE CASCADE,
                    name TEXT NOT NULL, title TEXT NOT NULL, filter TEXT NOT NULL, position TEXT NOT NULL,
                    created_at REAL NOT NULL, updated_at REAL NOT NULL, UNIQUE (dataset_id, name));
                CREATE INDEX comment_by_time ON comment(source_id, timestamp, id);
                """)
        }
        migrator.registerMigration("v4-mailbox-unavailable") { db in
            try db.execute(sql: """
                CREATE TABLE mailbox_unavailable (mailbox_id TEXT PRIMARY KEY, since REAL NOT NULL);
                """)
        }
        migrator.registerMigration("v5-read-state") { db in
            // NULL: the mailbox never said (older rows, sources that don't report it).
            try db.execute(sql: "ALTER TABLE email ADD COLUMN is_read INTEGER")
        }
        migrator.registerMigration("v6-stream-description") { db in
            try db.execute(sql: "ALTER TABLE stream ADD COLUMN description TEXT NOT NULL DEFAULT ''")
        }
        migrator.registerMigration("v7-users") { db in
            try SQLiteSchema.addUsers(db)
        }
        migrator.registerMigration("v8-notifications") { db in
            try SQLiteSchema.addNotifications(db)
        }
        migrator.registerMigration("v9-webhooks") { db in
            try SQLiteSchema.addWebhooks(db)
        }
        migrator.registerMigration("v10-notification-webhooks") { db in
            try SQLiteSchema.addNotificationWebhooks(db)
        }
        migrator.registerMigration("v11-sign-in-throttle") { db in
            try SQLiteSchema.addSignInThrottle(db)
        }
        return migrator
    }
}

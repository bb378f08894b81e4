import Foundation
import GRDB

extension SQLiteSchema {
    /// Users (issue 20), sessions, and every token given to a user. The upgrade creates the `admin` user, with every
    /// permission on every project and no password (it signs in once `mailstream user passwd admin` set one), and
    /// gives it every token there is, the first admin token included. Never edited once shipped: the permission
    /// names are written out, not read from today's `Permission`.
    static func addUsers(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE app_user (
                id TEXT PRIMARY KEY, login TEXT NOT NULL UNIQUE COLLATE NOCASE, email TEXT, display_name TEXT,
                permissions TEXT NOT NULL, projects TEXT, password TEXT,
                created_at REAL NOT NULL, updated_at REAL NOT NULL);
            CREATE TABLE session (
                hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
                created_at REAL NOT NULL, last_seen_at REAL NOT NULL, expires_at REAL NOT NULL);
            CREATE INDEX session_by_user ON session(user_id);
            ALTER TABLE api_token ADD COLUMN user_id TEXT REFERENCES app_user(id) ON DELETE CASCADE;
            CREATE INDEX api_token_by_user ON api_token(user_id);
            """)
        let adminID = String(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16))
        let everyPermission = """
            ["buckets-append","buckets-items-read","buckets-read","buckets-write","integrations-read",\
            "integrations-write","sources-add-comments","sources-admin","sources-read","sources-read-sensitive",\
            "tokens-admin","triggers-admin","triggers-consume","triggers-read","triggers-write"]
            """
        let now = Date().timeIntervalSince1970
        try db.execute(
            sql: """
                INSERT INTO app_user (id, login, permissions, created_at, updated_at)
                VALUES (?, 'admin', ?, ?, ?)
                """,
            arguments: [adminID, everyPermission, now, now]
        )
        // The body carries the owner too, as a token created from now on does.
        for row in try Row.fetchAll(db, sql: "SELECT id, body FROM api_token") {
            let body: String = row["body"]
            guard var object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] else {
                throw DatabaseError(message: "api_token \(row["id"] as String) has a body that isn't an object")
            }
            object["user_id"] = adminID
            let updated = String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]),
                                 as: UTF8.self)
            try db.execute(sql: "UPDATE api_token SET user_id = ?, body = ? WHERE id = ?",
                           arguments: [adminID, updated, row["id"] as String])
        }
    }
}

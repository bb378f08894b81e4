import Foundation
import GRDB

extension SQLiteSchema {
    /// Failed sign-ins per login name and per client address (``SignInThrottleStore``), pruned by the time of the
    /// last failure. Never edited once shipped.
    static func addSignInThrottle(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sign_in_failure (
                kind TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL, last_failure_at REAL NOT NULL,
                PRIMARY KEY (kind, key));
            CREATE INDEX sign_in_failure_by_time ON sign_in_failure(last_failure_at);
            """)
    }
}

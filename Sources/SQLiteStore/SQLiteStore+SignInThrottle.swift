import Foundation
import GRDB
import Store

extension SQLiteStore {
    public func signInFailures(_ keys: [SignInKey]) async throws -> [SignInKey: SignInFailures] {
        try await database.read { db in
            var found: [SignInKey: SignInFailures] = [:]
            for key in keys {
                if let row = try Row.fetchOne(db, sql: """
                    SELECT count, last_failure_at FROM sign_in_failure WHERE kind = ? AND key = ?
                    """, arguments: [key.kind.rawValue, key.value]) {
                    found[key] = SignInFailures(count: row["count"], last: Self.date(row["last_failure_at"]))
                }
            }
            return found
        }
    }

    public func recordSignInFailure(_ keys: [SignInKey], now: Date, forgetAfter: TimeInterval) async throws {
        let time = Self.time(now), stale = Self.time(now) - forgetAfter
        try await database.write { db in
            // Pruned here, where rows are made: a flood of made-up logins leaves at most an hour of rows.
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE last_failure_at <= ?", arguments: [stale])
            for key in keys {
                try db.execute(sql: """
                    INSERT INTO sign_in_failure (kind, key, count, last_failure_at) VALUES (?, ?, 1, ?)
                    ON CONFLICT (kind, key) DO UPDATE SET count = count + 1, last_failure_at = excluded.last_failure_at
                    """, arguments: [key.kind.rawValue, key.value, time])
            }
        }
    }

    public func clearSignInFailures(_ key: SignInKey) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM sign_in_failure WHERE kind = ? AND key = ?",
                           arguments: [key.kind.rawValue, key.value])
        }
    }
}

import Domain
import Foundation
import GRDB
import Store

/// The outbox's states: `pending` (due at `next_attempt_at`) → `sending` (claimed) → `committing` (the relay is
/// being asked to take it) → `sent`, `failed`, or back to `pending` for a retry; `uncertain` when a process stopped
/// during `committing`.
extension SQLiteStore {
    public func setNotificationChannels(_ names: [String]) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM notification_channel")
            for name in Set(names + ["in_app"]).sorted() {
                try db.execute(sql: "INSERT INTO notification_channel (name) VALUES (?)", arguments: [name])
            }
        }
    }

    public func recoverNotificationDeliveries(now: Date) async throws -> (requeued: Int, uncertain: Int) {
        try await database.write { db in
            try db.execute(sql: """
                UPDATE notification_delivery SET state = 'pending', next_attempt_at = ?, updated_at = ?
                WHERE state = 'sending'
                """, arguments: [Self.time(now), Self.time(now)])
            let requeued = db.changesCount
            try db.execute(sql: """
                UPDATE notification_delivery SET state = 'uncertain', updated_at = ?,
                    last_error = 'the process stopped while the relay was taking the message; not sent again'
                WHERE state = 'committing'
                """, arguments: [Self.time(now)])
            return (requeued, db.changesCount)
        }
    }

    public func claimNotificationDeliveries(channels: [String], now: Date, limit: Int) async throws
        -> [NotificationDelivery] {
        guard !channels.isEmpty else { return [] }
        let marks = Array(repeating: "?", count: channels.count).joined(separator: ", ")
        return try await database.write { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT d.id, d.channel, d.attempts, e.body, d.user_id, d.first_attempt_at FROM notification_delivery d
                JOIN notification_event e ON e.id = d.event_id
                WHERE d.state = 'pending' AND d.next_attempt_at <= ? AND d.channel IN (\(marks))
                ORDER BY d.next_attempt_at, d.rowid LIMIT ?
                """, arguments: [Self.time(now)] + StatementArguments(channels) + [limit])
            return try rows.map { row in
                let id: String = row[0]
                let attempt = (row[2] as Int) + 1
                try db.execute(sql: """
                    UPDATE notification_delivery SET state = 'sending', attempts = ?, updated_at = ?,
                        first_attempt_at = COALESCE(first_attempt_at, ?) WHERE id = ?
                    """, arguments: [attempt, Self.time(now), Self.time(now), id])
                let firstAttemptAt = (row[5] as Double?).map(Self.date) ?? now
                let event = try JSONCoding.decoder().decode(NotificationEvent.self, from: Data((row[3] as String).utf8))
                // The user as it is now: an address changed since the event is the one written to.
                guard let user = try Row.fetchOne(db, sql: "SELECT * FROM app_user WHERE id = ?",
                                                  arguments: [row[4] as String]).map(Self.user(from:)) else {
                    throw StoreError.notFound("user \(row[4] as String)")
                }
                return NotificationDelivery(id: id, channel: row[1], event: event, user: user, attempt: attempt,
                                            firstAttemptAt: firstAttemptAt)
            }
        }
    }

    public func markNotificationDeliveryCommitting(id: String) async throws {
        try await database.write { db in
            try db.execute(sql: "UPDATE notification_delivery SET state = 'committing' WHERE id = ? AND state = 'sending'",
                           arguments: [id])
            guard db.changesCount == 1 else { throw StoreError.conflict("delivery \(id) is not being sent") }
        }
    }

    public func finishNotificationDelivery(id: String, outcome: NotificationDeliveryOutcome, now: Date) async throws {
        let (state, next, error): (String, Date, String?) = switch outcome {
        case .sent: ("sent", now, nil)
        case .retry(let at, let error): ("pending", at, error)
        case .failed(let error): ("failed", now, error)
        }
        try await database.write { db in
            try db.execute(sql: """
                UPDATE notification_delivery SET state = ?, next_attempt_at = ?, last_error = ?, updated_at = ?
                WHERE id = ?
                """, arguments: [state, Self.time(next), error.map { String($0.prefix(2_000)) }, Self.time(now), id])
        }
    }

    public func notificationDeliveryCounts() async throws -> [NotificationDeliveryCount] {
        try await database.read { db in
            try Row.fetchAll(db, sql: """
                SELECT channel, state, COUNT(*) AS n FROM notification_delivery GROUP BY channel, state
                ORDER BY channel, state
                """).map { NotificationDeliveryCount(channel: $0["channel"], state: $0["state"], count: $0["n"]) }
        }
    }
}

import Domain
import Foundation
import GRDB
import Store

// MARK: Comments through the API

extension SQLiteStore {
    public func comments(sourceID: String, from: Date?, to: Date?, after: (Date, String)?, limit: Int) async throws
        -> [StoredComment] {
        var conditions = ["source_id = ?"]
        var arguments: [any DatabaseValueConvertible] = [sourceID]
        if let from {
            conditions.append("timestamp >= ?")
            arguments.append(Self.time(from))
        }
        if let to {
            conditions.append("timestamp < ?")
            arguments.append(Self.time(to))
        }
        if let (time, id) = after {
            conditions.append("(timestamp > ? OR (timestamp = ? AND id > ?))")
            arguments += [Self.time(time), Self.time(time), id]
        }
        arguments.append(limit)
        let sql = "SELECT * FROM comment WHERE \(conditions.joined(separator: " AND ")) ORDER BY timestamp, id LIMIT ?"
        let statementArguments = StatementArguments(arguments) ?? StatementArguments()
        return try await database.read { db in
            let decoder = JSONCoding.decoder()
            return try Row.fetchAll(db, sql: sql, arguments: statementArguments)
                .map { try Self.storedComment(from: $0, decoder: decoder) }
        }
    }

    public func deleteComments(sourceID: String, ids: [String]) async throws -> Int {
        try await database.write { db in
            var deleted = 0
            for id in Set(ids) {
                try db.execute(sql: "DELETE FROM comment WHERE source_id = ? AND id = ?", arguments: [sourceID, id])
                deleted += db.changesCount
                try db.execute(sql: "DELETE FROM attachment_reference WHERE source_id = ? AND comment_id = ?",
                               arguments: [sourceID, id])
            }
            return deleted
        }
    }

    public func syncComments(sourceID: String, comments: [Comment]) async throws -> CommentSyncCounts {
        let now = Self.now()
        return try await database.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM source WHERE id = ?", arguments: [sourceID]) != nil else {
                throw StoreError.notFound("source \(sourceID)")
            }
            let decoder = JSONCoding.decoder()
            var counts = CommentSyncCounts()
            for comment in comments {
                let body = try CommentJSON.string(comment)
                if let existing = try String.fetchOne(
                    db, sql: "SELECT body FROM comment WHERE source_id = ? AND id = ?", arguments: [sourceID, comment.id]
                ) {
                    guard existing != body else {
                        counts.unchanged += 1
                        continue
                    }
                    let stored = try decoder.decode(Comment.self, from: Data(existing.utf8))
                    if stored.messages == comment.messages {
                        counts.updatedPropertiesOnly += 1
                    } else {
                        counts.updatedTextChanged += 1
                    }
                    counts.updated += 1
                    let sequence = try self.nextSequence(sourceID: sourceID, db: db)
                    try db.execute(
                        sql: """
                            UPDATE comment SET body = ?, sequence = ?, timestamp = ?, updated_at = ?
                            WHERE source_id = ? AND id = ?
                            """,
                        arguments: [body, sequence, Self.time(comment.timestamp), Self.time(now), sourceID, comment.id]
                    )
                } else {
                    counts.new += 1
                    let sequence = try self.nextSequence(sourceID: sourceID, db: db)
                    try db.execute(
                        sql: """
                            INSERT INTO comment (source_id, id, sequence, timestamp, body, created_at, updated_at)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [sourceID, comment.id, sequence, Self.time(comment.timestamp), body,
                                    Self.time(now), Self.time(now)]
                    )
                }
            }
            if counts.new > 0 { try Self.checkCommentQuota(db) }
            return counts
        }
    }
}

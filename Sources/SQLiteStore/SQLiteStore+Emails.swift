import Domain
import Foundation
import GRDB
import Store

extension SQLiteStore {
    public func emails(bucketID: String, afterID: String?, limit: Int) async throws -> [StoredEmail] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM email WHERE bucket_id = ? AND id > ? ORDER BY id LIMIT ?",
                arguments: [bucketID, afterID ?? "", limit]
            ).map { row in
                StoredEmail(id: row["id"], raw: Array(row["raw"] as Data), mailbox: row["mailbox"],
                            folder: row["folder"], receivedAt: (row["received_at"] as Double?).map(Self.date),
                            isRead: row["is_read"], createdAt: Self.date(row["created_at"]),
                            updatedAt: Self.date(row["updated_at"]))
            }
        }
    }

    public func addComments(sourceID: String, emails: [ConvertedEmail]) async throws -> Int {
        let now = Self.now()
        return try await database.write { db in
            var added = 0
            for email in emails {
                var comment = email.comment
                guard try Row.fetchOne(db, sql: "SELECT 1 FROM comment WHERE source_id = ? AND id = ?",
                                       arguments: [sourceID, comment.id]) == nil else { continue }
                for index in comment.attachments.indices {
                    // A reference only where the bucket's sync stored the content.
                    guard let hash = comment.attachments[index].contentHash,
                          try Row.fetchOne(db, sql: "SELECT 1 FROM attachment_content WHERE hash = ?",
                                           arguments: [hash]) != nil else { continue }
                    let reference = CommentRules.attachmentReference(sourceID: sourceID, commentID: comment.id, index: index)
                    comment.attachments[index].attachmentReference = reference
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO attachment_reference
                            (reference, source_id, comment_id, position, hash, name, content_type)
                            VALUES (?, ?, ?, ?, ?, ?, ?)
                            """,
                        arguments: [reference, sourceID, comment.id, index, hash, comment.attachments[index].name,
                                    comment.attachments[index].contentType]
                    )
                }
                let sequence = try self.nextSequence(sourceID: sourceID, db: db)
                try db.execute(
                    sql: """
                        INSERT INTO comment (source_id, id, sequence, timestamp, body, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [sourceID, comment.id, sequence, Self.time(comment.timestamp),
                                try CommentJSON.string(comment), Self.time(now),
                                Self.time(now)]
                )
                added += 1
            }
            if added > 0 { try Self.checkCommentQuota(db) }
            return added
        }
    }
}

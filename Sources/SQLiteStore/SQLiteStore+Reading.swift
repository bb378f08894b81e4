import Domain
import Foundation
import GRDB
import Store

extension SQLiteStore {
    public func comment(sourceID: String, id: String) async throws -> StoredComment? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM comment WHERE source_id = ? AND id = ?", arguments: [sourceID, id])
                .map { try Self.storedComment(from: $0, decoder: JSONCoding.decoder()) }
        }
    }

    public func comments(sourceID: String, afterSequence sequence: Int64, limit: Int) async throws -> [StoredComment] {
        try await database.read { db in
            let decoder = JSONCoding.decoder()
            return try Row.fetchAll(
                db, sql: "SELECT * FROM comment WHERE source_id = ? AND sequence > ? ORDER BY sequence LIMIT ?",
                arguments: [sourceID, sequence, limit]
            ).map { try Self.storedComment(from: $0, decoder: decoder) }
        }
    }

    public func commentCount(sourceID: String) async throws -> Int {
        try await database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comment WHERE source_id = ?", arguments: [sourceID]) ?? 0
        }
    }

    static func storedComment(from row: Row, decoder: JSONDecoder) throws -> StoredComment {
        let body: String = row["body"]
        return StoredComment(
            sourceID: row["source_id"], comment: try decoder.decode(Comment.self, from: Data(body.utf8)),
            sequence: row["sequence"], createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"])
        )
    }

    public func rawEmail(bucketID: String, id: String) async throws -> [UInt8]? {
        try await database.read { db in
            try Data.fetchOne(db, sql: "SELECT raw FROM email WHERE bucket_id = ? AND id = ?", arguments: [bucketID, id])
                .map { Array($0) }
        }
    }

    public func locations(bucketID: String, id: String) async throws -> [EmailLocation] {
        try await database.read { db in
            try Row.fetchAll(
                db, sql: """
                    SELECT mailbox_id, folder, server_id FROM email_location WHERE bucket_id = ? AND email_id = ?
                    ORDER BY mailbox_id, folder, server_id
                    """,
                arguments: [bucketID, id]
            ).map { EmailLocation(mailboxID: $0["mailbox_id"], folder: $0["folder"], serverID: $0["server_id"]) }
        }
    }

    public func attachment(reference: String) async throws -> StoredAttachment? {
        try await database.read { db in
            guard let row = try Row.fetchOne(
                db, sql: """
                    SELECT r.source_id, r.name, r.content_type, c.content FROM attachment_reference r
                    JOIN attachment_content c ON c.hash = r.hash WHERE r.reference = ?
                    """,
                arguments: [reference]
            ) else { return nil }
            let content: Data = row["content"]
            return StoredAttachment(sourceID: row["source_id"], name: row["name"], contentType: row["content_type"],
                                    content: Array(content))
        }
    }
}

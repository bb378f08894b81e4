import Domain
import Foundation
import GRDB
import Store

extension SQLiteStore {
    public func folderCursor(mailboxID: String, folder: String) async throws -> String? {
        try await database.read { db in
            try String.fetchOne(db, sql: "SELECT cursor FROM folder_cursor WHERE mailbox_id = ? AND folder = ?",
                                arguments: [mailboxID, folder])
        }
    }

    public func folderCursors(mailboxID: String) async throws -> [String: String] {
        try await database.read { db in
            var cursors: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT folder, cursor FROM folder_cursor WHERE mailbox_id = ?",
                                        arguments: [mailboxID]) {
                cursors[row["folder"]] = row["cursor"]
            }
            return cursors
        }
    }

    /// One transaction for all the batches: locations, raw emails, comments in every source attached to each
    /// bucket (each insert or update takes the source's next sequence number), attachments, usage, and each
    /// folder cursor.
    public func apply(_ batches: [SyncBatch]) async throws -> SyncBatchResult {
        let decoder = JSONCoding.decoder()
        // Encoding happens before the transaction, so the write lock is held only for the writes.
        let bodies = try await CommentBodies.encode(batches)
        let now = Self.now()
        defer {
            // What the batches added to the log, about: raw emails and comments. Indexes and pages add some more.
            var bytes = 0
            for batch in batches {
                for case .upsert(let email) in batch.changes { bytes += email.raw.count }
            }
            for page in bodies {
                for body in page.values { bytes += body.utf8.count }
            }
            checkpointer.committed(bytes: bytes)
        }
        return try await database.write { db in
            var total = SyncBatchResult()
            for (batch, bodies) in zip(batches, bodies) {
                total += try apply(batch, bodies: bodies, now: now, decoder: decoder, db: db)
            }
            return total
        }
    }

    private func apply(_ batch: SyncBatch, bodies: [String: String], now: Date, decoder: JSONDecoder,
                       db: Database) throws -> SyncBatchResult {
        var result = SyncBatchResult()
        if batch.resetsFolder {
            try db.executeCached(sql: "DELETE FROM email_location WHERE mailbox_id = ? AND folder = ?",
                                 arguments: [batch.mailboxID, batch.folder])
        }
        let sources = try Row.fetchAll(db.cachedStatement(sql: "SELECT id FROM source WHERE bucket_id = ?"),
                                       arguments: [batch.bucketID]).map { $0["id"] as String }
        for change in batch.changes {
            switch change {
            case .removed(let serverID):
                try db.executeCached(
                    sql: "DELETE FROM email_location WHERE mailbox_id = ? AND folder = ? AND server_id = ?",
                    arguments: [batch.mailboxID, batch.folder, serverID]
                )
                result.removed += db.changesCount
            case .readState(let serverID, let isRead):
                // The email this folder's item is; its comment is not touched (comments carry no flags).
                try db.executeCached(
                    sql: """
                        UPDATE email SET is_read = ?, updated_at = ?
                        WHERE bucket_id = ? AND is_read IS NOT ? AND id = (
                            SELECT email_id FROM email_location
                            WHERE mailbox_id = ? AND folder = ? AND server_id = ?)
                        """,
                    arguments: [isRead, Self.time(now), batch.bucketID, isRead, batch.mailboxID, batch.folder,
                                serverID]
                )
            case .upsert(let email):
                result += try upsert(email, body: bodies[email.serverID] ?? "", batch: batch, sources: sources,
                                     now: now, decoder: decoder, db: db)
            }
        }
        if result.created > 0 { try Self.checkCommentQuota(db) }
        if result.created > 0 {
            try db.executeCached(
                sql: """
                    INSERT INTO usage (integration_id, day, comments_created) VALUES (?, ?, ?)
                    ON CONFLICT(integration_id, day) DO UPDATE
                    SET comments_created = comments_created + excluded.comments_created
                    """,
                arguments: [batch.integrationID, Self.day(now), result.created]
            )
        }
        if let cursor = batch.cursor {
            try db.executeCached(
                sql: """
                    INSERT INTO folder_cursor (mailbox_id, folder, cursor, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(mailbox_id, folder) DO UPDATE SET cursor = excluded.cursor,
                        updated_at = excluded.updated_at
                    """,
                arguments: [batch.mailboxID, batch.folder, cursor, Self.time(now)]
            )
        }
        return result
    }

    static func day(_ date: Date) -> String {
        String(JSONCoding.format(date).prefix(10))
    }

    private func upsert(_ email: IncomingEmail, body: String, batch: SyncBatch, sources: [String], now: Date,
                        decoder: JSONDecoder, db: Database) throws -> SyncBatchResult {
        var result = SyncBatchResult()
        let comment = email.converted.comment
        let time = Self.time(now)
        try db.cachedStatement(sql: """
            INSERT INTO email_location (mailbox_id, folder, server_id, bucket_id, email_id) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(mailbox_id, folder, server_id) DO UPDATE SET bucket_id = excluded.bucket_id,
                email_id = excluded.email_id
            """).run([.text(batch.mailboxID), .text(batch.folder), .text(email.serverID), .text(batch.bucketID),
                      .text(comment.id)])
        // Inserted unless the bucket has it already: one statement for a new email, the common case.
        try db.cachedStatement(sql: """
            INSERT INTO email (bucket_id, id, raw, mailbox, folder, received_at, is_read, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(bucket_id, id) DO NOTHING
            """).run([.text(batch.bucketID), .text(comment.id), .blob(email.raw), .text(batch.mailboxAddress),
                      .text(batch.folder), .real(email.receivedAt.map(Self.time)), .integer(email.isRead),
                      .real(time), .real(time)])
        let exists = db.changesCount == 0
        if exists {
            try db.executeCached(
                sql: """
                    UPDATE email SET mailbox = ?, folder = ?, is_read = COALESCE(?, is_read), updated_at = ?
                    WHERE bucket_id = ? AND id = ?
                    """,
                arguments: [batch.mailboxAddress, batch.folder, email.isRead, Self.time(now), batch.bucketID,
                            comment.id]
            )
        } else {
            if email.storesAttachments {
                for (index, content) in email.converted.attachmentContents.enumerated()
                where index < comment.attachments.count {
                    try db.executeCached(
                        sql: "INSERT OR IGNORE INTO attachment_content (hash, size, content) VALUES (?, ?, ?)",
                        arguments: [comment.attachments[index].contentHash ?? ContentHash.sha256Hex(content),
                                    content.count, Data(content)]
                    )
                }
            }
        }
        for sourceID in sources {
            let existing = try db.cachedStatement(sql: "SELECT body FROM comment WHERE source_id = ? AND id = ?")
                .firstText([.text(sourceID), .text(comment.id)])
            if let storedBody = existing {
                let stored = CommentRules.merging(stored: try decoder.decode(Comment.self, from: Data(storedBody.utf8)),
                                                  arriving: comment)
                let updatedBody = try CommentJSON.string(stored)
                guard updatedBody != storedBody else {
                    result.unchanged += 1
                    continue
                }
                let sequence = try nextSequence(sourceID: sourceID, db: db)
                try db.executeCached(
                    sql: "UPDATE comment SET body = ?, sequence = ?, updated_at = ? WHERE source_id = ? AND id = ?",
                    arguments: [updatedBody, sequence, Self.time(now), sourceID, comment.id]
                )
                result.updated += 1
            } else {
                let stored = CommentRules.withAttachmentReferences(
                    comment, sourceID: sourceID,
                    keptContents: email.storesAttachments ? email.converted.attachmentContents.count : 0)
                if email.storesAttachments {
                    for index in stored.attachments.indices where index < email.converted.attachmentContents.count {
                        let reference = stored.attachments[index].attachmentReference ?? ""
                        try db.executeCached(
                            sql: """
                                INSERT OR REPLACE INTO attachment_reference
                                (reference, source_id, comment_id, position, hash, name, content_type)
                                VALUES (?, ?, ?, ?, ?, ?, ?)
                                """,
                            arguments: [reference, sourceID, comment.id, index,
                                        stored.attachments[index].contentHash ?? "", stored.attachments[index].name,
                                        stored.attachments[index].contentType]
                        )
                    }
                }
                let storedBody = stored == comment ? body : try CommentJSON.string(stored)
                let sequence = try nextSequence(sourceID: sourceID, db: db)
                try db.cachedStatement(sql: """
                    INSERT INTO comment (source_id, id, sequence, timestamp, body, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """).run([.text(sourceID), .text(comment.id), .integer(sequence),
                              .real(Self.time(comment.timestamp)), .text(storedBody), .real(time), .real(time)])
                result.created += 1
            }
        }
        if sources.isEmpty { result.unchanged += exists ? 1 : 0 }
        return result
    }

    func nextSequence(sourceID: String, db: Database) throws -> Int64 {
        try db.cachedStatement(
            sql: "UPDATE source SET last_sequence = last_sequence + 1 WHERE id = ? RETURNING last_sequence"
        ).firstInteger([.text(sourceID)]) ?? 0
    }
}

extension Database {
    /// `execute(sql:arguments:)` through GRDB's per-connection statement cache: the sync path runs the same few
    /// statements for every email, and compiling each one again (with GRDB's authorizer) costs more than running it.
    func executeCached(sql: String, arguments: StatementArguments = StatementArguments()) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

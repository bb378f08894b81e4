import Domain
import Foundation
import GRDB
import Store

// MARK: Streams

extension SQLiteStore {
    public func createStream(_ stream: CommentStream) async throws -> CommentStream {
        let now = Self.now()
        var created = stream
        created.id = Self.newID()
        created.createdAt = now
        created.updatedAt = now
        try await database.write { [created] db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM dataset WHERE id = ?", arguments: [created.datasetID]) != nil
            else { throw StoreError.notFound("dataset \(created.datasetID)") }
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM stream WHERE dataset_id = ? AND name = ?",
                                   arguments: [created.datasetID, created.name]) == nil else {
                throw StoreError.alreadyExists("stream \(created.name)")
            }
            try db.execute(
                sql: """
                    INSERT INTO stream (id, dataset_id, name, title, filter, position, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [created.id, created.datasetID, created.name, created.title, created.filter,
                            created.position.token, Self.time(now), Self.time(now)]
            )
        }
        return created
    }

    public func stream(datasetID: String, name: String) async throws -> CommentStream? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM stream WHERE dataset_id = ? AND name = ?",
                             arguments: [datasetID, name]).map(Self.stream(from:))
        }
    }

    public func streams(datasetID: String) async throws -> [CommentStream] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM stream WHERE dataset_id = ? ORDER BY name",
                             arguments: [datasetID]).map(Self.stream(from:))
        }
    }

    public func deleteStream(id: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM stream WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw StoreError.notFound("stream \(id)") }
        }
    }

    public func setStreamPosition(id: String, position: StreamPosition) async throws {
        let now = Self.now()
        try await database.write { db in
            try db.execute(sql: "UPDATE stream SET position = ?, updated_at = ? WHERE id = ?",
                           arguments: [position.token, Self.time(now), id])
            guard db.changesCount > 0 else { throw StoreError.notFound("stream \(id)") }
        }
    }

    public func streamPosition(sourceIDs: [String], createdAt date: Date) async throws -> StreamPosition {
        try await database.read { db in
            var position = StreamPosition()
            for sourceID in sourceIDs {
                let first = try Int64.fetchOne(
                    db, sql: "SELECT MIN(sequence) FROM comment WHERE source_id = ? AND created_at >= ?",
                    arguments: [sourceID, Self.time(date)]
                )
                let last = try Int64.fetchOne(db, sql: "SELECT last_sequence FROM source WHERE id = ?",
                                              arguments: [sourceID]) ?? 0
                position[sourceID] = first.map { $0 - 1 } ?? last
            }
            return position
        }
    }

    public func streamBatch(sourceIDs allSources: [String], after position: StreamPosition, limit: Int,
                            filter: CommentFilter) async throws -> StreamBatch {
        let page = min(max(limit, 64), 1_000)
        // In the query: sources the filter leaves out are not read at all. The rest of the filter is evaluated on
        // each comment read, so the position can move past those that don't match.
        let sourceIDs = filter.sourceRestriction(of: allSources)
        let matches = { @Sendable (stored: StoredComment) in filter.matches(stored.comment, sourceID: stored.sourceID) }
        return try await database.read { db in
            // One snapshot: sequences commit in order per source (one writer), so what is visible is gap-free.
            let decoder = JSONCoding.decoder()
            var next = position
            var taken: [StoredComment] = []
            var filtered = 0
            var pending: [String: ArraySlice<StoredComment>] = [:]
            var exhausted = Set<String>()
            func refill(_ sourceID: String) throws {
                guard pending[sourceID, default: []].isEmpty, !exhausted.contains(sourceID) else { return }
                let rows = try Row.fetchAll(
                    db, sql: "SELECT * FROM comment WHERE source_id = ? AND sequence > ? ORDER BY sequence LIMIT ?",
                    arguments: [sourceID, next[sourceID], page]
                )
                if rows.count < page { exhausted.insert(sourceID) }
                pending[sourceID] = try rows.map { try Self.storedComment(from: $0, decoder: decoder) }[...]
            }
            // A merge of the sources' sequence-ordered rows, oldest change first: each source's rows stay in
            // sequence order whatever the clock did, so the position never passes an undelivered comment.
            while taken.count < limit {
                for sourceID in sourceIDs { try refill(sourceID) }
                let heads = sourceIDs.compactMap { pending[$0]?.first }
                guard let head = heads.min(by: { ($0.updatedAt, $0.sourceID) < ($1.updatedAt, $1.sourceID) }) else {
                    break
                }
                pending[head.sourceID]?.removeFirst()
                next[head.sourceID] = head.sequence
                if matches(head) { taken.append(head) } else { filtered += 1 }
            }
            var more = false
            for sourceID in sourceIDs {
                if try Row.fetchOne(db, sql: "SELECT 1 FROM comment WHERE source_id = ? AND sequence > ? LIMIT 1",
                                    arguments: [sourceID, next[sourceID]]) != nil {
                    more = true
                    break
                }
            }
            return StreamBatch(comments: taken, next: next, moreResults: more, filtered: filtered)
        }
    }

    static func stream(from row: Row) -> CommentStream {
        CommentStream(id: row["id"], datasetID: row["dataset_id"], name: row["name"], title: row["title"],
                      filter: row["filter"], position: StreamPosition(token: row["position"]) ?? StreamPosition(),
                      createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"]))
    }
}

// MARK: Quotas

extension SQLiteStore {
    static let quotaTables: [Quota.Kind: String] = [
        .comments: "comment", .integrations: "integration", .buckets: "bucket", .sources: "source",
    ]

    public func quotas() async throws -> [Quota] {
        try await database.read { db in
            try Quota.Kind.allCases.map { kind in
                Quota(kind: kind, hardLimit: try Self.quotaLimit(kind, db),
                      currentUsage: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(Self.quotaTables[kind]!)") ?? 0)
            }
        }
    }

    public func setQuota(_ kind: Quota.Kind, limit: Int?) async throws {
        try await database.write { db in
            if let limit {
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                               arguments: ["quota.\(kind.rawValue)", String(limit)])
            } else {
                try db.execute(sql: "DELETE FROM meta WHERE key = ?", arguments: ["quota.\(kind.rawValue)"])
            }
        }
    }

    static func quotaLimit(_ kind: Quota.Kind, _ db: Database) throws -> Int? {
        try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: ["quota.\(kind.rawValue)"])
            .flatMap(Int.init)
    }

    /// Inside a write, before creating one more of `kind`: throws when the limit is reached.
    static func checkCreateQuota(_ kind: Quota.Kind, _ db: Database) throws {
        guard let limit = try quotaLimit(kind, db) else { return }
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(quotaTables[kind]!)") ?? 0
        if count >= limit { throw StoreError.quotaExceeded("\(kind.rawValue): the limit is \(limit)") }
    }

    /// Inside a write: throws (rolling the transaction back) when comments now exceed the limit.
    static func checkCommentQuota(_ db: Database) throws {
        guard let limit = try quotaLimit(.comments, db) else { return }
        let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM comment") ?? 0
        if count > limit { throw StoreError.quotaExceeded("comments: the limit is \(limit)") }
    }
}

import Domain
import Foundation
import GRDB
import Store

// MARK: API tokens

extension SQLiteStore {
    public func createToken(_ token: APIToken, secretHash: String) async throws {
        let body = String(decoding: try JSONCoding.encoder().encode(token), as: UTF8.self)
        try await database.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM api_token WHERE name = ?", arguments: [token.name]) == nil
            else { throw StoreError.alreadyExists("token \(token.name)") }
            try db.execute(
                sql: "INSERT INTO api_token (id, name, hash, body, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [token.id, token.name, secretHash, body, Self.time(token.createdAt)]
            )
        }
    }

    public func useToken(secretHash: String) async throws -> APIToken? {
        let now = Self.now()
        return try await database.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE hash = ?",
                                             arguments: [secretHash]) else { return nil }
            var token = try Self.token(from: row)
            // Written at most once a minute per token, so reads don't all become writes.
            if token.lastUsedAt.map({ now.timeIntervalSince($0) > 60 }) ?? true {
                try db.execute(sql: "UPDATE api_token SET last_used_at = ? WHERE id = ?",
                               arguments: [Self.time(now), token.id])
                token.lastUsedAt = now
            }
            return token
        }
    }

    public func tokens() async throws -> [APIToken] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY created_at, name").map(Self.token(from:))
        }
    }

    public func deleteToken(id: String) async throws {
        try await database.write { db in
            let tokens = try Row.fetchAll(db, sql: "SELECT * FROM api_token").map(Self.token(from:))
            guard let token = tokens.first(where: { $0.id == id }) else { throw StoreError.notFound("token \(id)") }
            if token.isAdministrator, !tokens.contains(where: { $0.id != id && $0.isAdministrator }) {
                throw StoreError.conflict("token \(token.name) is the last one with tokens-admin on every project; "
                    + "create another such token before revoking it")
            }
            try db.execute(sql: "DELETE FROM api_token WHERE id = ?", arguments: [id])
        }
    }

    static func token(from row: Row) throws -> APIToken {
        let body: String = row["body"]
        var token = try JSONCoding.decoder().decode(APIToken.self, from: Data(body.utf8))
        token.lastUsedAt = (row["last_used_at"] as Double?).map(date)
        return token
    }
}

// MARK: Catalogue

extension SQLiteStore {
    public func buckets() async throws -> [Bucket] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM bucket ORDER BY owner, name").map(Self.bucket(from:))
        }
    }

    public func bucket(id: String) async throws -> Bucket? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM bucket WHERE id = ?", arguments: [id]).map(Self.bucket(from:))
        }
    }

    public func updateBucket(id: String, title: String) async throws -> Bucket {
        let now = Self.now()
        return try await database.write { db in
            try db.execute(sql: "UPDATE bucket SET title = ?, updated_at = ? WHERE id = ?",
                           arguments: [title, Self.time(now), id])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM bucket WHERE id = ?", arguments: [id]) else {
                throw StoreError.notFound("bucket \(id)")
            }
            return Self.bucket(from: row)
        }
    }

    public func deleteBucket(id: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM email_location WHERE bucket_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM bucket WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw StoreError.notFound("bucket \(id)") }
        }
    }

    public func sources() async throws -> [Source] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM source ORDER BY owner, name").map(Self.source(from:))
        }
    }

    public func source(id: String) async throws -> Source? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM source WHERE id = ?", arguments: [id]).map(Self.source(from:))
        }
    }

    public func updateSource(_ source: Source) async throws -> Source {
        let now = Self.now()
        return try await database.write { db in
            if let bucketID = source.bucketID,
               try Row.fetchOne(db, sql: "SELECT 1 FROM bucket WHERE id = ?", arguments: [bucketID]) == nil {
                throw StoreError.notFound("bucket \(bucketID)")
            }
            try db.execute(
                sql: "UPDATE source SET title = ?, description = ?, bucket_id = ?, updated_at = ? WHERE id = ?",
                arguments: [source.title, source.description, source.bucketID, Self.time(now), source.id]
            )
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM source WHERE id = ?", arguments: [source.id])
            else { throw StoreError.notFound("source \(source.id)") }
            return Self.source(from: row)
        }
    }

    public func deleteSource(id: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM source WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw StoreError.notFound("source \(id)") }
            for row in try Row.fetchAll(db, sql: "SELECT id, source_ids FROM dataset") {
                let ids = try Self.sourceIDs(row["source_ids"])
                guard ids.contains(id) else { continue }
                try db.execute(sql: "UPDATE dataset SET source_ids = ? WHERE id = ?",
                               arguments: [try Self.sourceIDsText(ids.filter { $0 != id }), row["id"] as String])
            }
        }
    }

    public func createDataset(_ dataset: Dataset) async throws -> Dataset {
        let now = Self.now()
        var created = dataset
        created.id = Self.newID()
        created.createdAt = now
        created.updatedAt = now
        try await database.write { [created] db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM dataset WHERE owner = ? AND name = ?",
                                   arguments: [created.owner, created.name]) == nil else {
                throw StoreError.alreadyExists("dataset \(created.owner)/\(created.name)")
            }
            try Self.checkSources(created.sourceIDs, db: db)
            try db.execute(
                sql: """
                    INSERT INTO dataset (id, owner, name, title, description, source_ids, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [created.id, created.owner, created.name, created.title, created.description,
                            try Self.sourceIDsText(created.sourceIDs), Self.time(now), Self.time(now)]
            )
        }
        return created
    }

    public func dataset(owner: String, name: String) async throws -> Dataset? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE owner = ? AND name = ?", arguments: [owner, name])
                .map(Self.dataset(from:))
        }
    }

    public func datasets() async throws -> [Dataset] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dataset ORDER BY owner, name").map(Self.dataset(from:))
        }
    }

    public func updateDataset(_ dataset: Dataset) async throws -> Dataset {
        let now = Self.now()
        return try await database.write { db in
            try Self.checkSources(dataset.sourceIDs, db: db)
            try db.execute(
                sql: "UPDATE dataset SET title = ?, description = ?, source_ids = ?, updated_at = ? WHERE id = ?",
                arguments: [dataset.title, dataset.description, try Self.sourceIDsText(dataset.sourceIDs),
                            Self.time(now), dataset.id]
            )
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM dataset WHERE id = ?", arguments: [dataset.id])
            else { throw StoreError.notFound("dataset \(dataset.id)") }
            return try Self.dataset(from: row)
        }
    }

    public func deleteDataset(id: String) async throws {
        try await database.write { db in
            try db.execute(sql: "DELETE FROM dataset WHERE id = ?", arguments: [id])
            guard db.changesCount > 0 else { throw StoreError.notFound("dataset \(id)") }
        }
    }

    private static func checkSources(_ ids: [String], db: Database) throws {
        for id in ids where try Row.fetchOne(db, sql: "SELECT 1 FROM source WHERE id = ?", arguments: [id]) == nil {
            throw StoreError.notFound("source \(id)")
        }
    }

    static func dataset(from row: Row) throws -> Dataset {
        Dataset(id: row["id"], owner: row["owner"], name: row["name"], title: row["title"],
                description: row["description"], sourceIDs: try sourceIDs(row["source_ids"]),
                createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"]))
    }

    static func sourceIDs(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    static func sourceIDsText(_ ids: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(ids), as: UTF8.self)
    }
}

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

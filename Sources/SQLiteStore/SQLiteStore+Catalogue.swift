import Domain
import Foundation
import GRDB
import Store

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

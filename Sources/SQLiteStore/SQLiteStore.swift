import Domain
import Foundation
import GRDB
import Store

/// The embedded store: SQLite through GRDB, one `DatabasePool` for the life of the process.
public final class SQLiteStore: Store {
    let database: DatabasePool
    let secrets: SecretBox
    let checkpointer: WALCheckpointer

    public init(dataFolder: DataFolder, secrets: SecretBox) {
        database = dataFolder.database
        checkpointer = dataFolder.checkpointer
        self.secrets = secrets
    }

    /// Asynchronous on purpose: a synchronous read from an async context blocks a thread of the shared pool
    /// waiting for a reader, and with every thread so blocked the readers never come back (32 concurrent requests
    /// including /healthz froze the server that way).
    public func isHealthy() async -> Bool {
        (try? await database.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }

    static func newID() -> String {
        UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16).description
    }

    static func time(_ date: Date) -> Double { date.timeIntervalSince1970 }

    /// Now, to the millisecond, so that a time read back from the database equals the one written.
    static func now() -> Date {
        Date(timeIntervalSince1970: (Date().timeIntervalSince1970 * 1_000).rounded() / 1_000)
    }
    static func date(_ time: Double) -> Date { Date(timeIntervalSince1970: time) }

    // MARK: Buckets and sources

    public func createBucket(owner: String, name: String, title: String) async throws -> Bucket {
        let now = Self.now()
        let bucket = Bucket(id: Self.newID(), owner: owner, name: name, title: title, createdAt: now, updatedAt: now)
        try await database.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM bucket WHERE owner = ? AND name = ?",
                                   arguments: [owner, name]) == nil else {
                throw StoreError.alreadyExists("bucket \(owner)/\(name)")
            }
            try Self.checkCreateQuota(.buckets, db)
            try db.execute(
                sql: "INSERT INTO bucket (id, owner, name, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [bucket.id, owner, name, title, Self.time(now), Self.time(now)]
            )
        }
        return bucket
    }

    public func bucket(owner: String, name: String) async throws -> Bucket? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM bucket WHERE owner = ? AND name = ?", arguments: [owner, name])
                .map(Self.bucket(from:))
        }
    }

    static func bucket(from row: Row) -> Bucket {
        Bucket(id: row["id"], owner: row["owner"], name: row["name"], title: row["title"],
               createdAt: date(row["created_at"]), updatedAt: date(row["updated_at"]))
    }

    public func createSource(owner: String, name: String, bucketID: String?) async throws -> Source {
        let now = Self.now()
        let source = Source(id: Self.newID(), owner: owner, name: name, bucketID: bucketID, createdAt: now,
                            updatedAt: now)
        try await database.write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM source WHERE owner = ? AND name = ?",
                                   arguments: [owner, name]) == nil else {
                throw StoreError.alreadyExists("source \(owner)/\(name)")
            }
            try Self.checkCreateQuota(.sources, db)
            if let bucketID, try Row.fetchOne(db, sql: "SELECT 1 FROM bucket WHERE id = ?", arguments: [bucketID]) == nil {
                throw StoreError.notFound("bucket \(bucketID)")
            }
            try db.execute(
                sql: """
                    INSERT INTO source (id, owner, name, title, description, bucket_id, created_at, updated_at)
                    VALUES (?, ?, ?, '', '', ?, ?, ?)
                    """,
                arguments: [source.id, owner, name, bucketID, Self.time(now), Self.time(now)]
            )
        }
        return source
    }

    public func source(owner: String, name: String) async throws -> Source? {
        try await database.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM source WHERE owner = ? AND name = ?", arguments: [owner, name])
                .map(Self.source(from:))
        }
    }

    public func sources(bucketID: String) async throws -> [Source] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM source WHERE bucket_id = ? ORDER BY id", arguments: [bucketID])
                .map(Self.source(from:))
        }
    }

    static func source(from row: Row) -> Source {
        Source(id: row["id"], owner: row["owner"], name: row["name"], title: row["title"],
               description: row["description"], bucketID: row["bucket_id"], createdAt: date(row["created_at"]),
               updatedAt: date(row["updated_at"]))
    }

    // MARK: Errors and usage

    public func recordError(_ error: IntegrationError) async throws {
        let body = String(decoding: try JSONCoding.encoder().encode(error), as: UTF8.self)
        try await database.write { db in
            try db.execute(
                sql: "INSERT INTO integration_error (id, integration_id, created_at, body) VALUES (?, ?, ?, ?)",
                arguments: [error.id, error.integrationID, Self.time(error.createdAt), body]
            )
            // A disable is told in the transaction that records it (the outbox of issue 20).
            if let event = try Self.notificationEvent(for: error, db) { try Self.recordNotification(event, db) }
        }
    }

    public func errors(integrationID: String) async throws -> [IntegrationError] {
        let bodies = try await database.read { db in
            try String.fetchAll(
                db, sql: "SELECT body FROM integration_error WHERE integration_id = ? ORDER BY created_at, rowid",
                arguments: [integrationID]
            )
        }
        let decoder = JSONCoding.decoder()
        return try bodies.map { try decoder.decode(IntegrationError.self, from: Data($0.utf8)) }
    }

    public func usage(integrationID: String) async throws -> [UsageCount] {
        try await database.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM usage WHERE integration_id = ? ORDER BY day",
                             arguments: [integrationID]).map { row in
                UsageCount(integrationID: row["integration_id"], day: row["day"],
                           commentsCreated: row["comments_created"], commentsTextChanged: row["comments_text_changed"])
            }
        }
    }
}

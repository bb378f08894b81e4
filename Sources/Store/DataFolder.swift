import Foundation
import GRDB

/// The embedded store's home: one SQLite database (WAL) inside a data folder.
///
/// The schema grows with versioned migrations; migrations are never edited once they ship.
public final class DataFolder: Sendable {
    public let url: URL
    public let database: DatabasePool

    /// Opens (creating when needed) the data folder and its database, and runs pending migrations.
    /// - Throws: file-system errors, or `DatabaseError` when the database can't be opened or migrated.
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path, isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        self.url = url
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        database = try DatabasePool(path: url.appendingPathComponent("mailstream.sqlite").path,
                                    configuration: configuration)
        try Self.migrator.migrate(database)
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-meta") { db in
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
        }
        return migrator
    }

    /// True when the database answers a trivial query.
    public func isHealthy() -> Bool {
        (try? database.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }
}

import Foundation
import GRDB

/// The embedded store's home: one SQLite database (WAL) and the secret key file inside a data folder.
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
        configuration.busyMode = .timeout(10)
        database = try DatabasePool(path: url.appendingPathComponent("mailstream.sqlite").path,
                                    configuration: configuration)
        try SQLiteSchema.migrator.migrate(database)
    }

    /// The key file for `SecretBox`, generated on first use.
    public var secretKeyFile: URL { url.appendingPathComponent("secret.key") }

    /// True when the database answers a trivial query.
    public func isHealthy() -> Bool {
        (try? database.read { db in try Int.fetchOne(db, sql: "SELECT 1") }) == 1
    }
}

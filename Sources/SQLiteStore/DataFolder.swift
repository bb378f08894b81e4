import Foundation
import GRDB
import Store

/// The embedded store's home: one SQLite database (WAL) and the secret key file inside a data folder.
public final class DataFolder: Sendable {
    public let url: URL
    public let database: DatabasePool
    /// Checkpoints the database's write-ahead log in the background (see ``WALCheckpointer``).
    public let checkpointer: WALCheckpointer

    /// Opens (creating when needed) the data folder and its database, and runs pending migrations.
    /// - Throws: file-system errors, or `DatabaseError` when the database can't be opened or migrated.
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path, isDirectory: true)
        // Only the service's user reads the folder and its files (mail, secrets' key, tokens' hashes): 0700 and
        // 0600 whatever the process's umask. SQLite gives the log files (-wal, -shm) the database file's mode, so
        // creating that file first is enough for all three.
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        let databaseFile = url.appendingPathComponent("mailstream.sqlite").path
        if !FileManager.default.fileExists(atPath: databaseFile) {
            _ = FileManager.default.createFile(atPath: databaseFile, contents: nil,
                                               attributes: [.posixPermissions: 0o600])
        }
        self.url = url
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Mail is stored whole: 16 KiB pages hold a typical raw email (3-4 KB) without an overflow chain and
            // take a third of the writes and reads of 4 KiB pages through the WAL and its checkpoints (measured on
            // a 2,403-mail initial sync: 5,751 page writes instead of 18,773). Only a new, empty database takes
            // it; an existing one keeps the size it was created with.
            try db.execute(sql: "PRAGMA page_size = 16384")
            // The writer checkpoints by itself only past 64 MiB of log: below that, `checkpointer` does it on its
            // own connection without holding up commits.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 4096")
            // The writer keeps 32 MiB of pages in memory instead of SQLite's 2 MiB: the id indexes take new keys
            // all over, and each page it has dropped is read back from the log (at 24,000 mails, 1.1 GB of reads).
            // Measured with `mailstream-bench store --copies 10`: 13% less CPU per mail. Readers keep the default.
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -32768") }
            // When the log starts over after a checkpoint, it is cut back to 64 MiB: a long `serve` keeps no more
            // disk than that after a large sync grew it. When the last connection closes, the closing checkpoint
            // moves all of it into the database file and the log is deleted (SQLite's default). A log kept past
            // the close (SQLITE_FCNTL_PERSIST_WAL, tried: it spared 25-40 ms at the end of a 2,403-mail sync) still
            // holds its frames, so the next process reads all of it again to rebuild its index and copies it into
            // the database file once more: 43 MB read and 18 MB written by a `sync --once` that found no mail.
            try db.execute(sql: "PRAGMA journal_size_limit = 67108864")
        }
        let path = url.appendingPathComponent("mailstream.sqlite").path
        database = try DatabasePool(path: path, configuration: configuration)
        checkpointer = WALCheckpointer(path: path)
        try SQLiteSchema.migrator.migrate(database)
    }

    /// The folder and its files that other local users may read or write (group or other permission bits), each
    /// with a message saying how to fix it; empty when the folder is private.
    public func permissionWarnings() -> [String] {
        var warnings: [String] = []
        let manager = FileManager.default
        func check(_ path: String, private mode: Int) {
            guard let attributes = try? manager.attributesOfItem(atPath: path),
                  let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue,
                  permissions & 0o077 != 0 else { return }
            warnings.append("\(path) has mode \(String(permissions, radix: 8)): other local users can read it; "
                + "run chmod \(String(mode, radix: 8)) \(path)")
        }
        check(url.path, private: 0o700)
        let names = (try? manager.contentsOfDirectory(atPath: url.path)) ?? []
        for name in names.sorted() { check(url.appendingPathComponent(name).path, private: 0o600) }
        return warnings
    }

    /// The key file for `SecretBox`, generated on first use.
    public var secretKeyFile: URL { url.appendingPathComponent("secret.key") }
}

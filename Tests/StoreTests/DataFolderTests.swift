import Foundation
import GRDB
import Store
import Testing

/// The data folder's database: a new one takes 16 KiB pages (raw mail fits a page), an existing one keeps its own.
@Suite struct DataFolderTests {
    @Test func newDatabaseUsesSixteenKilobytePages() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFolder = try DataFolder(path: folder.path)
        #expect(try dataFolder.database.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 16_384)
        #expect(try dataFolder.database.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test func existingDatabaseKeepsItsPageSize() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("mailstream.sqlite").path
        // A database made before the data folder chose a page size: SQLite's default of 4 KiB, in WAL mode.
        let old = try DatabaseQueue(path: path)
        try old.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; CREATE TABLE t (x)")
        }
        try old.close()
        let dataFolder = try DataFolder(path: folder.path)
        #expect(try dataFolder.database.read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") } == 4_096)
        #expect(try dataFolder.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM t") } == 0)
    }
}

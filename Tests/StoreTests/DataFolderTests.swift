import Foundation
import GRDB
import SQLiteStore
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

    /// Commits past the threshold start a checkpoint on the checkpointer's own connection: the rows reach the
    /// database file while the writer, which checkpoints by itself only past 64 MiB of log, never did.
    @Test func checkpointerMovesTheLogIntoTheDatabaseFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFolder = try DataFolder(path: folder.path)
        let file = folder.appendingPathComponent("mailstream.sqlite").path
        func fileSize() throws -> Int { try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int ?? 0 }
        try dataFolder.database.write { db in
            try db.execute(sql: "CREATE TABLE blob_test (content BLOB NOT NULL)")
            for _ in 0..<64 { try db.execute(sql: "INSERT INTO blob_test VALUES (zeroblob(65536))") }
        }
        let before = try fileSize()
        #expect(before < 1 << 20, "4 MiB of rows are still only in the log")

        dataFolder.checkpointer.committed(bytes: dataFolder.checkpointer.threshold - 1)
        dataFolder.checkpointer.waitUntilIdle()
        #expect(try fileSize() == before, "below the threshold nothing is checkpointed")

        dataFolder.checkpointer.committed(bytes: 1)
        dataFolder.checkpointer.waitUntilIdle()
        #expect(try fileSize() >= 4 << 20)
        #expect(try dataFolder.database.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM blob_test") } == 64)
    }

    /// Closing moves the whole log into the database file and leaves no log behind (one with frames in it would be
    /// read whole, and copied again, by the next process): the database file alone, copied, has every row.
    @Test func closingLeavesACompleteDatabaseFileAndNoLogToReplay() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: folder)
            try? FileManager.default.removeItem(at: copy)
        }
        for round in 1...2 {
            let dataFolder = try DataFolder(path: folder.path)
            try dataFolder.database.write { db in
                #expect(try Int.fetchOne(db, sql: "PRAGMA journal_size_limit") == 64 << 20)
                try db.execute(sql: "CREATE TABLE IF NOT EXISTS blob_test (content BLOB NOT NULL)")
                for _ in 0..<16 { try db.execute(sql: "INSERT INTO blob_test VALUES (zeroblob(65536))") }
            }
            try dataFolder.database.close()
            // A log left with frames in it would be read again, whole, by the next process, and copied again.
            let log = folder.appendingPathComponent("mailstream.sqlite-wal").path
            let logSize = (try? FileManager.default.attributesOfItem(atPath: log)[.size] as? Int) ?? 0
            #expect(logSize == 0, "round \(round): the closed database left \(logSize) bytes of log")

            try? FileManager.default.removeItem(at: copy)
            try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
            let copied = copy.appendingPathComponent("mailstream.sqlite").path
            try FileManager.default.copyItem(atPath: folder.appendingPathComponent("mailstream.sqlite").path,
                                             toPath: copied)
            let alone = try DatabaseQueue(path: copied)
            #expect(try alone.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM blob_test") } == 16 * round)
            try alone.close()
        }
    }
}

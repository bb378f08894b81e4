import Foundation
import GRDB
import SQLiteStore
import Store
import Testing

/// The data folder holds mail, the secrets' key and tokens' hashes: only its user may read it, whatever the umask of
/// the process that creates it (issue 15, finding 9).
@Suite struct DataFolderPermissionTests {
    static func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber).intValue
    }

    @Test func folderAndDatabaseFilesAreCreatedPrivateUnderAWideUmask() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let previous = umask(0o022)
        defer { umask(previous) }
        let dataFolder = try DataFolder(path: folder.path)
        try dataFolder.database.write { db in try db.execute(sql: "CREATE TABLE probe (x); INSERT INTO probe VALUES (1)") }
        #expect(try Self.mode(folder.path) == 0o700)
        for name in ["mailstream.sqlite", "mailstream.sqlite-wal", "mailstream.sqlite-shm"] {
            let path = folder.appendingPathComponent(name).path
            #expect(FileManager.default.fileExists(atPath: path), "\(name) missing")
            #expect(try Self.mode(path) == 0o600, "\(name)")
        }
        #expect(dataFolder.permissionWarnings().isEmpty)
    }

    @Test func aWiderFolderOrFileIsReportedWithTheFix() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let dataFolder = try DataFolder(path: folder.path)
        let database = folder.appendingPathComponent("mailstream.sqlite").path
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: database)
        let warnings = dataFolder.permissionWarnings()
        #expect(warnings.count == 2, "\(warnings)")
        #expect(warnings.contains { $0.contains("chmod 700 \(folder.path)") })
        #expect(warnings.contains { $0.contains("chmod 600 \(database)") })
    }
}

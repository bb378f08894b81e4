import Domain
import Foundation
import GRDB
@testable import SQLiteStore
import Store
import Testing

/// A database written by an earlier release opens with the current one: the pending migrations run in order, and
/// rows from before read with the values the new columns start with.
@Suite struct SchemaUpgradeTests {
    /// The migrations are numbered one after another (v1, v2, …), so that branches merged later can't leave a gap
    /// or give two migrations one number.
    @Test func migrationsAreNumberedInOrder() {
        let numbers = SQLiteSchema.migrator.migrations.map { name in
            Int(name.dropFirst().prefix { $0.isNumber }) ?? 0
        }
        #expect(numbers == Array(1...numbers.count), "\(SQLiteSchema.migrator.migrations)")
    }

    /// A stream made before v6 (no description) reads with an empty description, and keeps its filter and place.
    @Test func aStreamFromBeforeVersion6ReadsWithAnEmptyDescription() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: folder.appendingPathComponent("mailstream.sqlite").path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v5-read-state")
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO dataset (id, owner, name, title, description, source_ids, created_at, updated_at)
                    VALUES ('d1', 'ops', 'support', 'Support', '', '[]', 1736150000, 1736150000);
                INSERT INTO stream (id, dataset_id, name, title, filter, position, created_at, updated_at)
                    VALUES ('s1', 'd1', 'bot', 'Bot', '{}', '', 1736150000, 1736150000);
                """)
        }
        try old.close()

        let dataFolder = try DataFolder(path: folder.path)
        let applied = try await dataFolder.database.read { db in
            try SQLiteSchema.migrator.appliedMigrations(db)
        }
        #expect(applied == SQLiteSchema.migrator.migrations)
        let secrets = try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile)
        let store = SQLiteStore(dataFolder: dataFolder, secrets: secrets)
        let stream = try #require(try await store.stream(datasetID: "d1", name: "bot"))
        #expect(stream.description == "")
        #expect(stream.title == "Bot")
        #expect(stream.filter == "{}")
    }
}

/// Issue 20's upgrade: the `admin` user appears, without a password, and owns every token there was.
@Suite struct UsersUpgradeTests {
    @Test func tokensFromBeforeVersion7BecomeTheAdminUsers() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let old = try DatabaseQueue(path: folder.appendingPathComponent("mailstream.sqlite").path)
        try SQLiteSchema.migrator.migrate(old, upTo: "v6-stream-description")
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO api_token (id, name, hash, body, created_at) VALUES
                    ('t1', 'admin', 'h1', '{"id":"t1","name":"admin","permissions":["tokens-admin","sources-read"],\
                "created_at":"2025-01-02T08:00:00Z"}', 1735804800),
                    ('t2', 'bot', 'h2', '{"id":"t2","name":"bot","permissions":["sources-read"],"projects":["ops"],\
                "created_at":"2025-01-06T09:00:00Z"}', 1736154000);
                """)
        }
        try old.close()

        let dataFolder = try DataFolder(path: folder.path)
        let store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        let users = try await store.users()
        #expect(users.map(\.login) == ["admin"])
        let admin = try #require(users.first)
        #expect(admin.isAdministrator && !admin.hasPassword && admin.email == nil)
        #expect(admin.permissions.count == 15 && admin.permissions.contains(.tokensAdmin))
        let tokens = try await store.tokens()
        #expect(tokens.map(\.name) == ["admin", "bot"])
        #expect(tokens.allSatisfy { $0.userID == admin.id })
        #expect(tokens.last?.projects == ["ops"] && tokens.last?.permissions == [.sourcesRead])
        #expect(try await store.useToken(secretHash: "h2")?.userID == admin.id)
        let bodies = try await dataFolder.database.read { db in
            try String.fetchAll(db, sql: "SELECT body FROM api_token ORDER BY id")
        }
        #expect(bodies.allSatisfy { $0.contains("\"user_id\":\"\(admin.id)\"") }, "\(bodies)")
    }
}

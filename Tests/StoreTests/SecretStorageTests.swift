import Domain
import Foundation
import GRDB
import Store
import Testing

/// Secrets are encrypted at rest (DESIGN.md invariant 7): the password never appears in the database file.
@Suite struct SecretStorageTests {
    @Test func passwordIsNotInTheDatabaseFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFolder = try DataFolder(path: folder.path)
        let secrets = try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile)
        let store = SQLiteStore(dataFolder: dataFolder, secrets: secrets)
        let now = Date()
        try await store.saveIntegration(Integration(
            id: "i", owner: "o", name: "n", kind: .imap,
            connection: .init(host: "h", username: "u", password: "UNIQUE-PASSWORD-MARKER"), mailboxes: [],
            createdAt: now, updatedAt: now
        ))
        _ = try await dataFolder.database.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        var bytes = Data()
        for name in ["mailstream.sqlite", "mailstream.sqlite-wal"] {
            bytes += FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data()
        }
        #expect(bytes.range(of: Data("UNIQUE-PASSWORD-MARKER".utf8)) == nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: dataFolder.secretKeyFile.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        // The same key file opens the secret again; a wrong key does not.
        let reopened = try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile)
        let sealed = try secrets.seal("x")
        #expect(try reopened.open(sealed) == "x")
        let other = try SecretBox.load(environment: ["MAILSTREAM_SECRET_KEY": Data(count: 32).base64EncodedString()],
                                       keyFile: dataFolder.secretKeyFile)
        #expect(throws: (any Error).self) { _ = try other.open(sealed) }
    }
}

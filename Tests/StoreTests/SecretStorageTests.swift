import Domain
import Foundation
import GRDB
import SQLiteStore
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

/// The Entra ID application's secrets (client secret, certificate private key) are sealed like the password, and
/// rows sealed before they existed still open.
@Suite struct ApplicationSecretStorageTests {
    @Test func clientSecretAndPrivateKeyAreSealedAndOldRowsStillOpen() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFolder = try DataFolder(path: folder.path)
        let secrets = try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile)
        let store = SQLiteStore(dataFolder: dataFolder, secrets: secrets)
        let now = Date()
        let connection = Integration.Connection(
            ewsEndpoint: "https://outlook.office365.com/EWS/Exchange.asmx", authentication: "client_credentials",
            tenantID: "t", clientID: "c", clientSecret: "UNIQUE-CLIENT-SECRET-MARKER",
            clientCertificate: "PUBLIC-CERTIFICATE", clientPrivateKey: "UNIQUE-PRIVATE-KEY-MARKER")
        try await store.saveIntegration(Integration(id: "i", owner: "o", name: "n", kind: .ews, connection: connection,
                                                    mailboxes: [], createdAt: now, updatedAt: now))
        _ = try await dataFolder.database.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        var bytes = Data()
        for name in ["mailstream.sqlite", "mailstream.sqlite-wal"] {
            bytes += FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) ?? Data()
        }
        #expect(bytes.range(of: Data("UNIQUE-CLIENT-SECRET-MARKER".utf8)) == nil)
        #expect(bytes.range(of: Data("UNIQUE-PRIVATE-KEY-MARKER".utf8)) == nil)
        #expect(bytes.range(of: Data("PUBLIC-CERTIFICATE".utf8)) != nil)
        #expect(try await store.integration(id: "i")?.connection == connection)

        // A row sealed before the application keys existed.
        let old = try secrets.seal(#"{"password":"p","accessToken":"a"}"#)
        try await dataFolder.database.write { db in
            try db.execute(sql: "UPDATE integration SET secrets = ? WHERE id = 'i'", arguments: [old])
        }
        let reopened = try #require(try await store.integration(id: "i"))
        #expect(reopened.connection.password == "p")
        #expect(reopened.connection.accessToken == "a")
        #expect(reopened.connection.clientSecret == nil && reopened.connection.clientPrivateKey == nil)
    }
}

import Domain
import Foundation
import SQLiteStore
import Store
import Testing

/// One suite for every `Store` implementation: each test runs against each entry of `StoreSuite.implementations`.
/// A PostgreSQL store adds itself here and must pass the same tests.
enum StoreSuite {
    struct Implementation: CustomTestStringConvertible, Sendable {
        var name: String
        var make: @Sendable () async throws -> (store: any Store, cleanup: @Sendable () -> Void)
        var testDescription: String { name }
    }

    static let implementations: [Implementation] = [
        Implementation(name: "sqlite") {
            let folder = FileManager.default.temporaryDirectory
                .appendingPathComponent("mailstream-store-\(UUID().uuidString)")
            let dataFolder = try DataFolder(path: folder.path)
            let secrets = try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile)
            return (SQLiteStore(dataFolder: dataFolder, secrets: secrets), {
                try? FileManager.default.removeItem(at: folder)
            })
        },
    ]

    /// A bucket with one attached source, an integration with two mailboxes, and helpers to build batches.
    struct World {
        var store: any Store
        var bucket: Bucket
        var source: Source
        var integrationID = "int1"

        init(store: any Store) async throws {
            self.store = store
            bucket = try await store.createBucket(owner: "ops", name: "mail", title: "Mail")
            source = try await store.createSource(owner: "ops", name: "mail", bucketID: bucket.id)
        }

        func email(_ messageID: String, serverID: String, folder: String, mailbox: String = "ops@example.com",
                   body: String = "Hello", attachment: Bool = false, storesAttachments: Bool = true) -> SyncChange {
            var lines = ["Message-ID: <\(messageID)>", "Subject: Test \(messageID)", "From: a@example.com",
                         "Date: Mon, 6 Jan 2025 10:15:00 +0000"]
            if attachment {
                lines += ["Content-Type: multipart/mixed; boundary=b", "", "--b", "", body, "--b",
                          "Content-Type: application/pdf; name=report.pdf", "Content-Transfer-Encoding: base64",
                          "", "JVBERi0xLjQK", "--b--"]
            } else {
                lines += ["", body]
            }
            let raw = Array(lines.joined(separator: "\r\n").utf8)
            let metadata = EmailMetadata(folder: folder.split(separator: "/").map(String.init), mailbox: mailbox)
            return .upsert(IncomingEmail(serverID: serverID, raw: raw,
                                         converted: EmailToComment.convert(raw, metadata: metadata),
                                         receivedAt: nil, storesAttachments: storesAttachments))
        }

        func batch(_ changes: [SyncChange], mailbox: String = "mb1", address: String = "ops@example.com",
                   folder: String = "INBOX", cursor: String? = nil, resets: Bool = false) -> SyncBatch {
            SyncBatch(integrationID: integrationID, mailboxID: mailbox, mailboxAddress: address, bucketID: bucket.id,
                      folder: folder, changes: changes, cursor: cursor, resetsFolder: resets)
        }

        func commentID(_ messageID: String) -> String { ContentHash.hex(messageID.utf8) }
    }

    static func withWorld(_ implementation: Implementation, _ body: (World) async throws -> Void) async throws {
        let (store, cleanup) = try await implementation.make()
        defer { cleanup() }
        try await body(try await World(store: store))
    }
}

import Domain
import Foundation
import Logging
import SQLiteStore
import Store
import Testing

/// A store in a temporary data folder with the source `ops/mail`, the dataset `ops/all` over it and its stream
/// `push`; comments are added as synced emails.
struct WebhookFixture {
    let folder: URL
    let store: SQLiteStore
    let bucket: Bucket
    let source: Source
    let dataset: Dataset
    let stream: CommentStream

    init(folder given: URL? = nil) async throws {
        folder = given ?? FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-wh-\(UUID())")
        let dataFolder = try DataFolder(path: folder.appendingPathComponent("data").path)
        store = SQLiteStore(dataFolder: dataFolder,
                            secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        bucket = try await store.createBucket(owner: "ops", name: "mail", title: "Mail")
        source = try await store.createSource(owner: "ops", name: "mail", bucketID: bucket.id)
        dataset = try await store.createDataset(Dataset(id: "", owner: "ops", name: "all", sourceIDs: [source.id],
                                                        createdAt: Date(), updatedAt: Date()))
        stream = try await store.createStream(CommentStream(
            id: "", datasetID: dataset.id, name: "push", title: "push", description: "", filter: "{}",
            createdAt: Date(), updatedAt: Date()))
    }

    func cleanup() { try? FileManager.default.removeItem(at: folder) }

    /// Emails `first..<first+count` (Message-ID `m<n>@example.com`), committed `perBatch` to a transaction.
    func addEmails(_ range: Range<Int>, perBatch: Int = 10) async throws {
        for chunk in stride(from: range.lowerBound, to: range.upperBound, by: perBatch) {
            let changes = (chunk..<min(chunk + perBatch, range.upperBound)).map { n -> SyncChange in
                let raw = Array(("Message-ID: <m\(n)@example.com>\r\nFrom: Ann <ann@example.com>\r\n"
                    + "To: ops@example.com\r\nSubject: Mail \(n)\r\nDate: Mon, 6 Jan 2025 10:15:00 +0000\r\n"
                    + "Content-Type: text/plain\r\n\r\nBody of mail \(n).\r\n").utf8)
                let converted = EmailToComment.convert(raw, metadata: EmailMetadata(folder: ["INBOX"],
                                                                                    mailbox: "ops@example.com"))
                return .upsert(IncomingEmail(serverID: "\(n)", raw: raw, converted: converted, receivedAt: nil,
                                             storesAttachments: false))
            }
            _ = try await store.apply(SyncBatch(integrationID: "int", mailboxID: "mb", mailboxAddress: "ops@example.com",
                                                bucketID: bucket.id, folder: "INBOX", changes: changes, cursor: nil))
        }
    }

    /// Every comment's `uid` in stream order (what a consumer reading the stream from the start gets).
    func allUIDs() async throws -> [String] {
        let batch = try await store.streamBatch(sourceIDs: [source.id], after: StreamPosition(), limit: 100_000,
                                                filter: CommentFilter())
        return batch.comments.map { "\($0.sourceID).\($0.comment.id)" }
    }

    /// The `uid`s a delivery's body carries, in order.
    static func uids(in body: Data) throws -> [String] {
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let data = try #require(json["data"] as? [String: Any])
        let results = try #require(data["results"] as? [[String: Any]])
        return try results.map { try #require(($0["comment"] as? [String: Any])?["uid"] as? String) }
    }

    static var logger: Logger {
        var logger = Logger(label: "webhook-tests")
        logger.logLevel = .warning
        return logger
    }
}

/// Waits until `condition` holds, checking every 20 ms, for at most `limit`.
func eventually(within limit: Duration, _ condition: () async throws -> Bool) async throws -> Bool {
    let deadline = ContinuousClock.now + limit
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

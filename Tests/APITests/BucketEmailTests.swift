import API
import Domain
import Foundation
import Hummingbird
import SQLiteStore
import Store
import Testing

/// A bucket's raw emails through the API, and a source attached later getting the emails synced before.
@Suite struct BucketEmailTests {
    @Test func bucketEmailsPageWithTheirRawBytes() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        for index in 0..<3 { try await harness.syncedEmail(messageID: "m\(index)@example.com", folder: "INBOX/Sub") }
        let itemsReader = try await harness.token("items", [.bucketsItemsRead])
        let plainReader = try await harness.token("plain", [.bucketsRead])
        try await harness.run { client in
            var ids: [String] = []
            var continuation: String?
            repeat {
                var body: [String: Any] = ["limit": 2]
                if let continuation { body["continuation"] = continuation }
                let page = try await client.call(.post, "/api/_private/buckets/ops/mail/emails", json: body,
                                                 token: itemsReader)
                #expect(page.status == .ok)
                for email in page.json["emails"] as? [[String: Any]] ?? [] {
                    ids.append(email["id"] as? String ?? "")
                    let raw = Data(base64Encoded: email["mime_content"] as? String ?? "") ?? Data()
                    #expect(String(decoding: raw, as: UTF8.self).hasPrefix("Message-ID: <m"))
                    #expect((email["metadata"] as? [String: Any])?["folder"] as? [String] == ["INBOX", "Sub"])
                }
                continuation = page.json["continuation"] as? String
            } while continuation != nil && ids.count < 10
            #expect(ids.count == 3)
            #expect(Set(ids).count == 3)
            #expect(try await client.call(.post, "/api/_private/buckets/ops/mail/emails", json: [:],
                                          token: plainReader).status == .forbidden)
            #expect(try await client.call(.post, "/api/_private/buckets/ops/mail/emails",
                                          json: ["limit": 0]).json["field"] as? String == "limit")
        }
    }

    @Test func aSourceAttachedLaterGetsTheBucketsEarlierEmails() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let pdf = Array("%PDF-1.4 backfilled".utf8)
        try await harness.syncedEmail(messageID: "early@example.com", attachment: pdf)
        try await harness.syncedEmail(messageID: "early2@example.com")
        let bucket = try #require(try await harness.store.bucket(owner: "ops", name: "mail"))
        try await harness.run { client in
            let created = try await client.call(.put, "/api/v1/sources/ops/late",
                                                json: ["source": ["bucket_id": bucket.id]])
            #expect(created.status == .ok)
            let list = try await client.call(.get, "/api/_private/sources/ops/late/comments")
            let comments = try #require(list.json["comments"] as? [[String: Any]])
            #expect(comments.count == 2)
            let withAttachment = try #require(comments.first { ($0["attachments"] as? [Any])?.isEmpty == false })
            #expect((withAttachment["user_properties"] as? [String: Any])?["string:Folder"] as? String == "INBOX")
            let reference = try #require(((withAttachment["attachments"] as? [[String: Any]])?.first)?["attachment_reference"] as? String)
            #expect(try await client.call(.get, "/api/v1/attachments/\(reference)").bytes == pdf)

            // Attaching an existing source later does the same, once.
            try await client.call(.put, "/api/v1/sources/ops/other", json: [:])
            try await client.call(.post, "/api/v1/sources/ops/other", json: ["source": ["bucket_id": bucket.id]])
            try await client.call(.post, "/api/v1/sources/ops/other", json: ["source": ["bucket_id": bucket.id]])
            let other = try #require(try await harness.store.source(owner: "ops", name: "other"))
            #expect(try await harness.store.commentCount(sourceID: other.id) == 2)
        }
    }
}

import API
import Domain
import Foundation
import Hummingbird
import Store
import Testing

/// Comments (get, list, delete, sync), attachments and streams through the API.
@Suite struct CommentAndStreamTests {
    static func comment(_ id: String, text: String = "hello", folder: String = "Inbox",
                        timestamp: String = "2025-01-06T10:00:00Z") -> [String: Any] {
        ["id": id, "timestamp": timestamp, "user_properties": ["string:Folder": folder],
         "messages": [["from": "ann@example.com", "to": ["ops@example.com"], "body": ["text": text]]]]
    }

    @Test func syncReportsNewUpdatedAndUnchangedAndValidatesWithoutStoring() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            try await client.call(.put, "/api/v1/sources/ops/pushed", json: [:])
            let first = try await client.call(.post, "/api/v1/sources/ops/pushed/sync",
                                              json: ["comments": [Self.comment("a"), Self.comment("b")]])
            #expect(first.status == .ok)
            #expect(first.json["new"] as? Int == 2)
            let second = try await client.call(.post, "/api/v1/sources/ops/pushed/sync", json: ["comments": [
                Self.comment("a"), Self.comment("b", folder: "Done"), Self.comment("c", text: "x"),
            ]])
            #expect(second.json["new"] as? Int == 1)
            #expect(second.json["unchanged"] as? Int == 1)
            #expect(second.json["updated"] as? Int == 1)
            #expect(second.json["updated_properties_only"] as? Int == 1)
            let third = try await client.call(.post, "/api/v1/sources/ops/pushed/sync",
                                              json: ["comments": [Self.comment("c", text: "y")]])
            #expect(third.json["updated_text_changed"] as? Int == 1)

            // One bad comment rejects the whole request: nothing of it is stored.
            var bad = Self.comment("d")
            bad["user_properties"] = ["colour:Folder": "x"]
            let rejected = try await client.call(.post, "/api/v1/sources/ops/pushed/sync",
                                                 json: ["comments": [Self.comment("e"), bad]])
            #expect(rejected.status == .badRequest)
            #expect((rejected.json["field"] as? String)?.hasPrefix("comments[1].user_properties") == true)
            #expect(try await client.call(.get, "/api/v1/sources/ops/pushed/comments/e").status == .notFound)
            let long = try await client.call(.post, "/api/v1/sources/ops/pushed/sync", json: [
                "comments": [Self.comment("f", text: String(repeating: "a", count: 65_537))],
            ])
            #expect(long.json["field"] as? String == "comments[0].messages[0].body.text")
            let malformed = try await client.call(.post, "/api/v1/sources/ops/pushed/sync", raw: Array("{nope".utf8))
            #expect(malformed.status == .badRequest)
            #expect(try await client.call(.post, "/api/v1/sources/ops/ghost/sync",
                                          json: ["comments": []]).status == .notFound)

            let got = try await client.call(.get, "/api/v1/sources/ops/pushed/comments/b")
            let comment = try #require(got.json["comment"] as? [String: Any])
            #expect((comment["user_properties"] as? [String: Any])?["string:Folder"] as? String == "Done")
            #expect((comment["uid"] as? String)?.hasSuffix(".b") == true)
        }
    }

    @Test func listPagesByTimestampWithAContinuationAndDeleteRemoves() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            try await client.call(.put, "/api/v1/sources/ops/pushed", json: [:])
            let comments = (0..<5).map { Self.comment("c\($0)", timestamp: "2025-01-0\($0 + 1)T00:00:00Z") }
            try await client.call(.post, "/api/v1/sources/ops/pushed/sync", json: ["comments": comments])
            var seen: [String] = []
            var continuation: String?
            repeat {
                var uri = "/api/_private/sources/ops/pushed/comments?limit=2&from_timestamp=2025-01-02T00:00:00Z"
                if let continuation { uri += "&after=\(continuation)" }
                let page = try await client.call(.get, uri)
                #expect(page.status == .ok)
                seen += (page.json["comments"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
                continuation = page.json["continuation"] as? String
            } while continuation != nil && seen.count < 10
            #expect(seen == ["c1", "c2", "c3", "c4"])
            let bounded = try await client.call(.get, "/api/_private/sources/ops/pushed/comments?to_timestamp=2025-01-02T00:00:00Z")
            #expect((bounded.json["comments"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == ["c0"])
            let badLimit = try await client.call(.get, "/api/_private/sources/ops/pushed/comments?limit=1000")
            #expect(badLimit.json["field"] as? String == "limit")
            #expect(try await client.call(.get, "/api/_private/sources/ops/pushed/comments?after=%%%").status == .badRequest)

            #expect(try await client.call(.delete, "/api/v1/sources/ops/pushed/comments?id=c0&id=c1").status == .ok)
            #expect(try await client.call(.get, "/api/v1/sources/ops/pushed/comments/c0").status == .notFound)
            #expect(try await client.call(.delete, "/api/v1/sources/ops/pushed/comments").status == .badRequest)
        }
    }

    @Test func attachmentDownloadsByReferenceWithSafeHeadersAndNeedsReadAccess() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let pdf = Array("%PDF-1.4 fake \u{0}\u{1}\u{2} bytes".utf8)
        let (_, comment) = try await harness.syncedEmail(attachment: pdf)
        let other = try await harness.token("other", [.sourcesRead], projects: ["legal"])
        try await harness.run { client in
            let got = try await client.call(.get, "/api/v1/sources/ops/mail/comments/\(comment.id)")
            let attachments = try #require((got.json["comment"] as? [String: Any])?["attachments"] as? [[String: Any]])
            let reference = try #require(attachments.first?["attachment_reference"] as? String)
            let download = try await client.call(.get, "/api/v1/attachments/\(reference)")
            #expect(download.status == .ok)
            #expect(download.bytes == pdf)
            #expect(download.headers[.contentType] == "application/pdf")
            let disposition = try #require(download.headers[.contentDisposition])
            #expect(disposition.hasPrefix("attachment; filename=\""))
            #expect(!disposition.contains("/"))
            #expect(!disposition.dropFirst("attachment; filename=\"".count).dropLast(1).contains("\"\";"))
            #expect(try await client.call(.get, "/api/v1/attachments/\(reference)", token: other).status == .notFound)
            #expect(try await client.call(.get, "/api/v1/attachments/0000").status == .notFound)
        }
    }

    @Test func streamResultsRepeatUntilAdvancedAndNewCommentsFollow() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let consumer = try await harness.token("consumer", [.triggersConsume, .triggersRead], projects: ["ops"])
        try await harness.run { client in
            try await client.call(.put, "/api/v1/sources/ops/pushed", json: [:])
            try await client.call(.put, "/api/v1/datasets/ops/all", json: ["dataset": ["source_ids": ["ops/pushed"]]])
            let created = try await client.call(.put, "/api/v1/datasets/ops/all/streams", json: ["stream": [
                "name": "inbox-only",
                "comment_filter": ["user_properties": ["string:Folder": ["one_of": ["Inbox"]]]],
            ]])
            #expect(created.status == .ok)
            #expect(try await client.call(.put, "/api/v1/datasets/ops/all/streams",
                                          json: ["stream": ["name": "inbox-only"]]).status == .conflict)
            try await client.call(.post, "/api/v1/sources/ops/pushed/sync", json: ["comments": [
                Self.comment("a"), Self.comment("b", folder: "Spam"), Self.comment("c"), Self.comment("d"),
            ]])
            let results = "/api/v1/datasets/ops/all/streams/inbox-only/results?max_results=2"
            let first = try await client.call(.get, results, token: consumer)
            #expect(first.status == .ok)
            let ids = { (answer: APIHarness.Client.Answer) in
                (answer.json["results"] as? [[String: Any]] ?? []).compactMap {
                    ($0["comment"] as? [String: Any])?["id"] as? String
                }
            }
            #expect(ids(first) == ["a", "c"])
            #expect(first.json["more_results"] as? Bool == true)
            #expect(ids(try await client.call(.get, results, token: consumer)) == ["a", "c"])

            let continuation = try #require(first.json["continuation"] as? String)
            #expect(try await client.call(.post, "/api/v1/datasets/ops/all/streams/inbox-only/advance",
                                          json: ["sequence_id": continuation], token: consumer).status == .ok)
            try await client.call(.post, "/api/v1/sources/ops/pushed/sync", json: ["comments": [Self.comment("e")]])
            let second = try await client.call(.get, results, token: consumer)
            #expect(ids(second) == ["d", "e"])
            #expect(second.json["more_results"] as? Bool == false)

            // Advancing by one result's own continuation acknowledges only up to it.
            let firstOfSecond = try #require((second.json["results"] as? [[String: Any]])?.first?["continuation"] as? String)
            try await client.call(.post, "/api/v1/datasets/ops/all/streams/inbox-only/advance",
                                  json: ["sequence_id": firstOfSecond], token: consumer)
            #expect(ids(try await client.call(.get, results, token: consumer)) == ["e"])

            // Legacy fetch, and reset to replay everything.
            try await client.call(.post, "/api/v1/datasets/ops/all/streams/inbox-only/reset",
                                  json: ["to_comment_created_at": "2000-01-01T00:00:00Z"], token: consumer)
            let fetched = try await client.call(.post, "/api/v1/datasets/ops/all/streams/inbox-only/fetch",
                                                json: ["size": 10], token: consumer)
            #expect((fetched.json["results"] as? [[String: Any]])?.count == 4)
            #expect(fetched.json["filtered"] as? Int == 1)
            #expect(fetched.json["is_end_sequence"] as? Bool == true)

            let badAdvance = try await client.call(.post, "/api/v1/datasets/ops/all/streams/inbox-only/advance",
                                                   json: ["sequence_id": "garbage!"], token: consumer)
            #expect(badAdvance.json["field"] as? String == "sequence_id")
            let badFilter = try await client.call(.put, "/api/v1/datasets/ops/all/streams", json: ["stream": [
                "name": "bad", "comment_filter": ["user_properties": ["string:Folder": ["minimum": 1]]],
            ]])
            #expect(badFilter.status == .badRequest)
            #expect(try await client.call(.delete, "/api/v1/datasets/ops/all/streams/inbox-only",
                                          token: consumer).status == .forbidden)
            #expect(try await client.call(.delete, "/api/v1/datasets/ops/all/streams/inbox-only").status == .ok)
            #expect(try await client.call(.get, results, token: consumer).status == .notFound)
        }
    }

    /// One writer syncs comments while two consumers read the same stream: each sees every comment once it is
    /// committed, in sequence order, none skipped.
    @Test func consumersReadingWhileAWriterSyncsSeeEveryCommentInOrder() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            try await client.call(.put, "/api/v1/sources/ops/pushed", json: [:])
            try await client.call(.put, "/api/v1/datasets/ops/all", json: ["dataset": ["source_ids": ["ops/pushed"]]])
            for name in ["one", "two"] {
                try await client.call(.put, "/api/v1/datasets/ops/all/streams", json: ["stream": ["name": name]])
            }
            let total = 300
            try await withThrowingTaskGroup(of: [String].self) { group in
                group.addTask {
                    for batch in stride(from: 0, to: total, by: 10) {
                        let comments = (batch..<batch + 10).map { Self.comment(String(format: "m%04d", $0)) }
                        try await client.call(.post, "/api/v1/sources/ops/pushed/sync", json: ["comments": comments])
                    }
                    return []
                }
                for name in ["one", "two"] {
                    group.addTask {
                        var seen: [String] = []
                        let base = "/api/v1/datasets/ops/all/streams/\(name)"
                        while seen.count < total {
                            let answer = try await client.call(.get, "\(base)/results?max_results=7")
                            let results = answer.json["results"] as? [[String: Any]] ?? []
                            seen += results.compactMap { ($0["comment"] as? [String: Any])?["id"] as? String }
                            if let continuation = answer.json["continuation"] as? String, !results.isEmpty {
                                try await client.call(.post, "\(base)/advance", json: ["sequence_id": continuation])
                            }
                        }
                        return seen
                    }
                }
                let expected = (0..<total).map { String(format: "m%04d", $0) }
                for try await seen in group where !seen.isEmpty {
                    #expect(seen == expected)
                }
            }
        }
    }
}

/// Limits a client can hit: an oversized body is a 413 and a push beyond the comment quota a 403; neither stores
/// anything.
@Suite struct RequestLimitTests {
    @Test func oversizedBodyIs413AndQuotaIs403() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            try await client.call(.put, "/api/v1/sources/ops/pushed", json: [:])
            let huge = Array(#"{"comments":[],"padding":""#.utf8) + [UInt8](repeating: 0x61, count: 65 * 1_024 * 1_024)
                + Array(#""}"#.utf8)
            let tooLarge = try await client.call(.post, "/api/v1/sources/ops/pushed/sync", raw: huge)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.json["status"] as? String == "error")

            let quota = try await client.call(.put, "/api/_private/quotas/comments", json: ["hard_limit": 2])
            #expect(quota.status == .ok)
            let comments = (0..<3).map { CommentAndStreamTests.comment("q\($0)") }
            let over = try await client.call(.post, "/api/v1/sources/ops/pushed/sync", json: ["comments": comments])
            #expect(over.status == .forbidden)
            #expect(over.message.contains("quota"))
            let quotas = try await client.call(.get, "/api/_private/quotas")
            let entry = (quotas.json["quotas"] as? [[String: Any]])?.first { $0["kind"] as? String == "comments" }
            #expect(entry?["hard_limit"] as? Int == 2)
            #expect(entry?["current_max_usage"] as? Int == 0)
            #expect(try await client.call(.put, "/api/_private/quotas/galaxies",
                                          json: ["hard_limit": 1]).json["field"] as? String == "kind")
        }
    }
}

import Foundation
import Hummingbird
import Testing

/// The official client's stream and bucket workflows: `re get stream-comments` (fetch, advance by batch or by
/// comment), the client's `reset_stream`, and `re get emails` (bucket statistics for the progress bar, then pages,
/// or one email by id).
@Suite struct StreamAndEmailContractTests {
    typealias R = ClientRequest
    typealias T = ClientTypes

    @Test func fetchAdvanceAndResetAsTheClientDoes() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            let comments = (1...3).map { CommentContractTests.newComment("s\($0)", minute: $0) }
            try await Self.sourceDatasetAndStream(api, comments: comments, stream: #"{"name":"bot"}"#)
            // re get streams --dataset ops/support; the stream by name (`re get stream-stats` reads it first).
            let streams = try await api.send(.get, R.path("api", "v1", "datasets", "ops/support", "streams"),
                                             expecting: T.list("streams", T.stream))
            #expect(value(streams, "streams", 0, "name") as? String == "bot")
            try await api.send(.get, R.path("api", "v1", "datasets", "ops/support", "streams", "bot"),
                               expecting: T.wrapping("stream", T.stream))

            let stream = ["api", "v1", "datasets", "ops/support", "streams", "bot"]
            func call(_ action: String) -> String { R.path(stream + [action]) }
            // re get stream-comments --stream ops/support/bot --size 2 --individual-advance
            let first = try await api.send(.post, call("fetch"), body: #"{"size":2}"#, expecting: T.streamBatch)
            let results = value(first, "results") as? [[String: Any]] ?? []
            #expect(results.count == 2)
            #expect(value(first, "is_end_sequence") as? Bool == false)
            let firstResult = try #require(value(results, 0, "sequence_id") as? String)
            try await api.send(.post, call("advance"), body: #"{"sequence_id":"\#(firstResult)"}"#,
                               expecting: .anything)
            let batchEnd = try #require(value(first, "sequence_id") as? String)
            try await api.send(.post, call("advance"), body: #"{"sequence_id":"\#(batchEnd)"}"#, expecting: .anything)
            let second = try await api.send(.post, call("fetch"), body: #"{"size":2}"#, expecting: T.streamBatch)
            #expect(value(second, "results", 0, "comment", "id") as? String == "s3")
            let end = try #require(value(second, "sequence_id") as? String)
            try await api.send(.post, call("advance"), body: #"{"sequence_id":"\#(end)"}"#, expecting: .anything)
            let empty = try await api.send(.post, call("fetch"), body: #"{"size":2}"#, expecting: T.streamBatch)
            #expect((value(empty, "results") as? [Any])?.isEmpty == true)
            #expect(value(empty, "is_end_sequence") as? Bool == true)

            // reset_stream(to_comment_created_at): everything created since is delivered again.
            try await api.send(.post, call("reset"), body: #"{"to_comment_created_at":"2000-01-01T00:00:00Z"}"#,
                               expecting: .anything)
            let replay = try await api.send(.post, call("fetch"), body: #"{"size":16}"#, expecting: T.streamBatch)
            #expect((value(replay, "results") as? [Any])?.count == 3)
        }
    }

    /// `re get stream-comments --listen`: a batch whose comments the filter left out comes back empty with
    /// `filtered` above 0, and the client advances past it (else it would fetch the same batch for ever); with
    /// `filtered` 0 it sleeps and fetches again, and then gets what came meanwhile.
    @Test func listeningAdvancesPastFilteredComments() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            let archived = (1...2).map { CommentContractTests.newComment("a\($0)", minute: $0, folder: "Archive") }
            try await Self.sourceDatasetAndStream(
                api, comments: archived,
                stream: #"{"name":"inbox","title":"Inbox","description":"New mail in INBOX","#
                    + #""comment_filter":{"user_properties":{"string:Folder":{"one_of":["INBOX"]}}}}"#)
            let stream = ["api", "v1", "datasets", "ops/support", "streams", "inbox"]
            let fetch = R.path(stream + ["fetch"])
            let skipped = try await api.send(.post, fetch, body: #"{"size":16}"#, expecting: T.streamBatch)
            #expect((value(skipped, "results") as? [Any])?.isEmpty == true)
            #expect(value(skipped, "filtered") as? Int == 2)
            let past = try #require(value(skipped, "sequence_id") as? String)
            try await api.send(.post, R.path(stream + ["advance"]), body: #"{"sequence_id":"\#(past)"}"#,
                               expecting: .anything)
            let idle = try await api.send(.post, fetch, body: #"{"size":16}"#, expecting: T.streamBatch)
            #expect((value(idle, "results") as? [Any])?.isEmpty == true)
            #expect(value(idle, "filtered") as? Int == 0)

            let inbox = CommentContractTests.newComment("n1", minute: 9)
            try await api.send(.post, R.path("api", "v1", "sources", "ops/pushed", "sync"),
                               body: "{\"comments\":[\(inbox)]}", expecting: T.syncCounts)
            let news = try await api.send(.post, fetch, body: #"{"size":16}"#, expecting: T.streamBatch)
            #expect((value(news, "results") as? [[String: Any]])?.compactMap { value($0, "comment", "id") as? String }
                == ["n1"])
            #expect(value(news, "filtered") as? Int == 0)
        }
    }

    /// `re create source ops/pushed`, `re create comments --overwrite` with `comments`, `re create dataset
    /// ops/support --source ops/pushed` (by the source's id, as the client sends it) and `re create streams` with
    /// one stream.
    static func sourceDatasetAndStream(_ api: ContractClient, comments: [String], stream: String) async throws {
        let source = try await api.send(.put, R.path("api", "v1", "sources", "ops/pushed"), body: #"{"source":{}}"#,
                                        expecting: T.wrapping("source", T.source))
        let sourceID = try #require(value(source, "source", "id") as? String)
        try await api.send(.post, R.path("api", "v1", "sources", "ops/pushed", "sync"),
                           body: "{\"comments\":[\(comments.joined(separator: ","))]}", expecting: T.syncCounts)
        try await api.send(.put, R.path("api", "v1", "datasets", "ops/support"),
                           body: #"{"dataset":{"source_ids":["\#(sourceID)"],"has_sentiment":false}}"#,
                           expecting: T.wrapping("dataset", T.dataset))
        try await api.send(.put, R.path("api", "v1", "datasets", "ops/support", "streams"),
                           body: #"{"stream":\#(stream)}"#, expecting: T.wrapping("stream", T.stream))
    }

    @Test func readBucketEmailsAsTheClientDoes() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        for index in 1...3 {
            try await harness.syncedEmail(messageID: "mail-\(index)@example.com", subject: "Invoice \(index)",
                                          attachment: index == 2 ? Array("%PDF-1.4".utf8) : nil)
        }
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            // re get emails ops/mail: the bucket, its count, then pages of 64 (here 2) until no continuation.
            try await api.send(.get, R.path("api", "_private", "buckets", "ops/mail"),
                               expecting: T.wrapping("bucket", T.bucket))
            let statistics = try await api.send(.get, R.path("api", "_private", "buckets", "ops/mail", "statistics"),
                                                expecting: T.wrapping("statistics", T.bucketStatistics))
            #expect(value(statistics, "statistics", "count", "kind") as? String == "exact")
            #expect(value(statistics, "statistics", "count", "value") as? Int == 3)
            let emails = R.path("api", "_private", "buckets", "ops/mail", "emails")
            var seen: [[String: Any]] = []
            var page = try await api.send(.post, emails, body: #"{"limit":2}"#, expecting: T.emailsPage)
            seen += value(page, "emails") as? [[String: Any]] ?? []
            while let continuation = value(page, "continuation") as? String {
                page = try await api.send(.post, emails, body: #"{"continuation":"\#(continuation)","limit":2}"#,
                                          expecting: T.emailsPage)
                seen += value(page, "emails") as? [[String: Any]] ?? []
            }
            #expect(seen.count == 3)
            let withAttachment = seen.filter { ($0["attachments"] as? [Any])?.isEmpty == false }
            #expect(withAttachment.count == 1)
            #expect(value(withAttachment, 0, "attachments", 0, "content_type") as? String == "application/pdf")
            #expect(value(withAttachment, 0, "metadata", "has_attachments") as? Bool == true)

            // re get emails ops/mail <id>
            let id = try #require(value(seen, 1, "id") as? String)
            let one = try await api.send(.get, emails + "?" + R.query([("id", id)]),
                                         expecting: T.list("emails", T.email))
            #expect(value(one, "emails", 0, "id") as? String == id)
            let none = try await api.send(.get, emails + "?" + R.query([("id", "missing")]),
                                          expecting: T.list("emails", T.email))
            #expect((value(none, "emails") as? [Any])?.isEmpty == true)
        }
    }
}

import Foundation
import Hummingbird
import Testing

/// The official client's comment workflows: `re create comments` (PUT by default, `sync` with `--overwrite`),
/// `re parse emls` (`sync-raw-emails`), `re get comments` (statistics for the progress bar, then pages by time),
/// `re get comment`, attachments, and `re delete comments`.
@Suite struct CommentContractTests {
    typealias R = ClientRequest
    typealias T = ClientTypes

    /// A `NewComment` as the client serializes it: `user_properties` keys get their `string:`/`number:` prefix,
    /// empty maps and lists and `None`s are left out.
    static func newComment(_ id: String, minute: Int, folder: String = "INBOX") -> String {
        let time = String(format: "2025-01-06T10:%02d:00Z", minute)
        return #"{"id":"\#(id)","timestamp":"\#(time)","messages":[{"body":{"text":"Please pay \#(id)."},"#
            + #""subject":{"text":"Invoice \#(id)"},"from":"ann@example.com","to":["ops@example.com"],"#
            + #""sent_at":"\#(time)"}],"user_properties":{"string:Folder":"\#(folder)","number:Priority":2},"#
            + #""attachments":[{"name":"invoice.pdf","size":1024,"content_type":"application/pdf"}]}"#
    }

    @Test func uploadPageAndCountCommentsAsTheClientDoes() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            let created = try await api.send(.put, R.path("api", "v1", "sources", "ops/pushed"),
                                             body: #"{"source":{"title":"Pushed"}}"#,
                                             expecting: T.wrapping("source", T.source))
            let sourceID = try #require(value(created, "source", "id") as? String)

            // re create comments --source ops/pushed (PUT), then --overwrite (sync); both with `no_charge`.
            let query = R.query([("no_charge", "false")])
            let put = "{\"comments\":[\(Self.newComment("c1", minute: 1)),\(Self.newComment("c2", minute: 2))]}"
            try await api.send(.put, R.path("api", "_private", "sources", "ops/pushed", "comments") + "?" + query,
                               body: put, expecting: .empty)
            let sync = "{\"comments\":[" + (3...5).map { Self.newComment("c\($0)", minute: $0) }
                .joined(separator: ",") + "," + Self.newComment("c1", minute: 1, folder: "Archive") + "]}"
            let counts = try await api.send(.post, R.path("api", "v1", "sources", "ops/pushed", "sync") + "?" + query,
                                            body: sync, expecting: T.syncCounts)
            #expect(value(counts, "new") as? Int == 3)
            #expect(value(counts, "updated") as? Int == 1)

            // re get comments ops/pushed --from-timestamp … --to-timestamp …: the statistics call for the progress
            // bar, then pages of the CommentsIter (from_timestamp on the first page, after on the next ones).
            let (from, to) = ("2025-01-06T10:02:00Z", "2025-01-06T10:04:30Z")
            let statistics = try await api.send(
                .post, R.path("api", "v1", "sources", "ops/pushed", "statistics"),
                body: #"{"comment_filter":{"timestamp":{"minimum":"\#(from)","maximum":"\#(to)"},"#
                    + #""sources":["\#(sourceID)"]}}"#,
                expecting: T.wrapping("statistics", T.statistics))
            #expect(value(statistics, "statistics", "num_comments") as? Int == 3)
            let comments = R.path("api", "_private", "sources", "ops/pushed", "comments")
            var seen: [String] = []
            var page = try await api.send(
                .get, comments + "?" + R.query([("from_timestamp", from), ("to_timestamp", to), ("limit", "2"),
                                                ("include_markup", "true")]),
                expecting: T.commentsPage)
            seen += (value(page, "comments") as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            while let after = value(page, "continuation") as? String {
                page = try await api.send(
                    .get, comments + "?" + R.query([("to_timestamp", to), ("after", after), ("limit", "2"),
                                                    ("include_markup", "true")]),
                    expecting: T.commentsPage)
                seen += (value(page, "comments") as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            }
            #expect(seen == ["c2", "c3", "c4"])

            // re get sources --stats: an empty filter counts everything; a filter on other sources counts none.
            let all = try await api.send(.post, R.path("api", "v1", "sources", "ops/pushed", "statistics"),
                                         body: #"{"comment_filter":{}}"#,
                                         expecting: T.wrapping("statistics", T.statistics))
            #expect(value(all, "statistics", "num_comments") as? Int == 5)
            let archived = try await api.send(
                .post, R.path("api", "v1", "sources", "ops/pushed", "statistics"),
                body: #"{"comment_filter":{"user_properties":{"string:Folder":{"one_of":["Archive"]}}}}"#,
                expecting: T.wrapping("statistics", T.statistics))
            #expect(value(archived, "statistics", "num_comments") as? Int == 1)

            // re get comment --source ops/pushed c1
            let one = try await api.send(
                .get, R.path("api", "v1", "sources", "ops/pushed", "comments", "c1") + "?"
                    + R.query([("include_markup", "true")]),
                expecting: T.wrapping("comment", T.comment))
            #expect(value(one, "comment", "user_properties", "string:Folder") as? String == "Archive")

            // re delete comments --source ops/pushed c1 c2
            try await api.send(.delete, R.path("api", "v1", "sources", "ops/pushed", "comments") + "?"
                                   + R.query([("id", "c1"), ("id", "c2")]),
                               expecting: T.emptySuccess)
            let left = try await api.send(.post, R.path("api", "v1", "sources", "ops/pushed", "statistics"),
                                          body: #"{"comment_filter":{"timestamp":{}}}"#,
                                          expecting: T.wrapping("statistics", T.statistics))
            #expect(value(left, "statistics", "num_comments") as? Int == 3)
        }
    }

    /// `re parse emls --source ops/pushed`: documents with raw headers and a plain body, `include_comments` false,
    /// and the transform tag the client always sends; with `include_comments` the comments come back as
    /// `NewComment`s.
    @Test func syncRawEmailsAsTheClientDoes() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            try await api.send(.put, R.path("api", "v1", "sources", "ops/pushed"), body: #"{"source":{}}"#,
                               expecting: T.wrapping("source", T.source))
            let headers = #"Message-ID: <raw-1@example.com>\r\nFrom: Ann <ann@example.com>\r\nTo: ops@example.com"#
                + #"\r\nSubject: Invoice\r\nDate: Mon, 6 Jan 2025 10:15:00 +0000"#
            let document = #"{"raw_email":{"body":{"plain":"Please pay."},"headers":{"raw":"\#(headers)"},"#
                + #""attachments":[{"name":"a.pdf","size":10,"content_type":"application/pdf"}]},"#
                + #""user_properties":{"string:Mailbox":"ops@example.com"}}"#
            let path = R.path("api", "v1", "sources", "ops/pushed", "sync-raw-emails") + "?"
                + R.query([("no_charge", "false")])
            let counts = try await api.send(
                .post, path, body: #"{"documents":[\#(document)],"include_comments":false,"#
                    + #""transform_tag":"generic.0.CONVKER5"}"#,
                expecting: T.syncRawEmails)
            #expect(value(counts, "new") as? Int == 1)
            let again = try await api.send(
                .post, path, body: #"{"documents":[\#(document)],"include_comments":true,"#
                    + #""transform_tag":"generic.0.CONVKER5"}"#,
                expecting: T.syncRawEmails)
            #expect(value(again, "unchanged") as? Int == 1)
            #expect(value(again, "comments", 0, "messages", 0, "subject", "text") as? String == "Invoice")
        }
    }

    /// `re get comments … --attachments`: each attachment's reference is fetched as bytes.
    @Test func attachmentDownloadsByReference() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let content = Array("%PDF-1.4 contract".utf8)
        try await harness.syncedEmail(attachment: content)
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            let page = try await api.send(
                .get, R.path("api", "_private", "sources", "ops/mail", "comments") + "?"
                    + R.query([("limit", "64"), ("include_markup", "true")]),
                expecting: T.commentsPage)
            let reference = try #require(value(page, "comments", 0, "attachments", 0, "attachment_reference")
                as? String)
            let answer = try await client.call(.get, R.path("api", "v1", "attachments", reference))
            #expect(answer.status == .ok)
            #expect(answer.bytes == content)
        }
    }
}

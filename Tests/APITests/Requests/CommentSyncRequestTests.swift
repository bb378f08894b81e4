import Foundation
import Testing
@testable import API
import Domain

/// `POST …/sync` bodies: the Communications Mining comment shape decoded into `Domain.Comment`, and every rule's
/// rejection naming the field it breaks.
@Suite struct CommentSyncRequestTests {
    /// One comment as JSON text; nil leaves a field out, `extra` adds `"key":value` pairs.
    static func comment(
        id: String? = #""c1""#, timestamp: String? = #""2025-01-06T10:15:00Z""#,
        messages: String? = #"[{"body":{"text":"hi"}}]"#, extra: String = ""
    ) -> String {
        var fields: [String] = []
        if let id { fields.append(#""id":"# + id) }
        if let timestamp { fields.append(#""timestamp":"# + timestamp) }
        if let messages { fields.append(#""messages":"# + messages) }
        if !extra.isEmpty { fields.append(extra) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func request(_ comments: String...) -> String {
        #"{"comments":["# + comments.joined(separator: ",") + "]}"
    }

    static func message(_ extra: String) -> String {
        #"[{"body":{"text":"hi"},"# + extra + "}]"
    }

    static func decode(_ body: String) throws(RequestValidationError) -> [Domain.Comment] {
        try CommentSyncRequest.decode(Array(body.utf8))
    }

    static func failure(_ body: String) -> RequestValidationError? {
        do {
            _ = try decode(body)
            return nil
        } catch {
            return error
        }
    }

    static func quoted(_ text: String) -> String { "\"" + text + "\"" }

    @Test func validRequestDecodesToComments() throws {
        let body = """
            {"comments": [{
              "id": "0123456789abcdef", "timestamp": "2011-12-11T11:05:10.000000+00:00", "thread_id": "t-1",
              "messages": [{
                "from": "bob@organisation.org", "to": ["alice@company.com"], "cc": ["carol@company.com"],
                "bcc": [], "sent_at": "2011-12-11T11:05:10.000000+00:00", "language": "en",
                "subject": {"text": "Today's figures"}, "body": {"text": "Alice,\\n\\nHere are the figures."},
                "signature": {"text": "Regards,\\nBob"}
              }, {"body": {"text": "Earlier message"}, "sent_at": null, "subject": null}],
              "user_properties": {"string:Sender Domain": "organisation.org", "number:Messages": 2,
                                  "number:Score": 0.5, "number:Count": 0},
              "text_format": "markdown",
              "attachments": [{"name": "figures.pdf", "size": 1024, "content_type": "application/pdf",
                               "content_hash": "abc", "inline": false, "attachment_reference": "ref-1"}],
              "context": {"anything": true}, "unknown_key": [1, 2, 3]
            }, {"id": "second", "timestamp": "2025-01-06T10:15:00.250+01:00", "messages": [{"body": {"text": ""}}]}]}
            """
        let comments = try Self.decode(body)
        let first = Domain.Comment(
            id: "0123456789abcdef", timestamp: Date(timeIntervalSince1970: 1_323_601_510), threadID: "t-1",
            messages: [
                CommentMessage(
                    from: "bob@organisation.org", to: ["alice@company.com"], cc: ["carol@company.com"], bcc: [],
                    sentAt: Date(timeIntervalSince1970: 1_323_601_510), language: "en",
                    subject: CommentMessage.Text("Today's figures"),
                    body: CommentMessage.Text("Alice,\n\nHere are the figures."),
                    signature: CommentMessage.Text("Regards,\nBob")
                ),
                CommentMessage(body: CommentMessage.Text("Earlier message")),
            ],
            userProperties: [
                "string:Sender Domain": .string("organisation.org"), "number:Messages": .number(2),
                "number:Score": .number(0.5), "number:Count": .number(0),
            ],
            textFormat: "markdown",
            attachments: [CommentAttachment(
                name: "figures.pdf", size: 1024, contentType: "application/pdf", contentHash: "abc", inline: false,
                attachmentReference: "ref-1"
            )]
        )
        let second = Domain.Comment(
            id: "second", timestamp: Date(timeIntervalSince1970: 1_736_154_900.25),
            messages: [CommentMessage(body: CommentMessage.Text(""))]
        )
        #expect(comments == [first, second])
    }

    @Test func emptyCommentListIsValid() throws {
        #expect(try Self.decode(#"{"comments":[]}"#).isEmpty)
    }

    @Test(arguments: [
        ("2025-01-06T10:15:00Z", 1_736_158_500.0),
        ("2025-01-06t10:15:00z", 1_736_158_500.0),
        ("2025-01-06T10:15:00.5Z", 1_736_158_500.5),
        ("2025-01-06T10:15:00.123456789123+00:00", 1_736_158_500.123456789),
        ("2024-02-29T23:59:59-05:30", 1_709_270_999.0),
        ("1969-12-31T23:59:59Z", -1.0),
        ("2000-03-01T00:00:00Z", 951_868_800.0),
    ])
    func timestampsInISO8601WithAZone(text: String, seconds: Double) throws {
        let comments = try Self.decode(Self.request(Self.comment(timestamp: Self.quoted(text))))
        #expect(abs(comments[0].timestamp.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test func limitsAreInclusive() throws {
        let longText = String(repeating: "é", count: EmailToComment.maximumTextLength)  // 2 bytes a character
        let attachment = #"{"name":"\#(String(repeating: "n", count: 256))","size":0,"content_type":"text/plain"}"#
        let comments = try Self.decode(Self.request(Self.comment(
            id: Self.quoted(String(repeating: "a", count: 1_024)),
            messages: #"[{"body":{"text":"\#(longText)"},"subject":{"text":"\#(longText)"}}]"#,
            extra: #""attachments":["# + Array(repeating: attachment, count: 128).joined(separator: ",") + "]"
        )))
        #expect(comments[0].messages[0].body.text.count == 65_536)
        #expect(comments[0].attachments.count == 128)
    }

    @Test func atMost16384CommentsPerRequest() throws {
        let comments = (0..<16_384).map { Self.comment(id: Self.quoted("id\($0)")) }
        #expect(try CommentSyncRequest.decode(Array(Self.request(comments.joined(separator: ",")).utf8)).count
            == 16_384)
        let tooMany = #"{"comments":["# + Array(repeating: "1", count: 16_385).joined(separator: ",") + "]}"
        #expect(Self.failure(tooMany) == RequestValidationError(
            field: "comments", message: "has 16385 comments; at most 16384 are allowed"))
    }

    @Test func duplicateIDNamesTheSecondComment() {
        let body = Self.request(Self.comment(id: #""a""#), Self.comment(id: #""b""#), Self.comment(id: #""a""#))
        #expect(Self.failure(body) == RequestValidationError(
            field: "comments[2].id", message: "repeats the id of comments[0]"))
    }

    @Test func descriptionIsFieldThenMessage() {
        let error = Self.failure(Self.request(Self.comment(id: #""""#)))
        #expect(error.map { "\($0)" } == "comments[0].id: must not be empty")
    }

    /// A request that breaks one rule, and the field it must be blamed on.
    struct Violation: Sendable, CustomTestStringConvertible {
        var body: String
        var field: String
        var testDescription: String { field + " ← " + String(body.prefix(100)) }

        init(_ field: String, _ body: String) {
            self.field = field
            self.body = body
        }

        init(_ field: String, comment: String) {
            self.init(field, CommentSyncRequestTests.request(comment))
        }
    }

    static let longText = String(repeating: "x", count: 65_537)

    static let violations: [Violation] = [
        Violation("body", "not json"),
        Violation("body", ""),
        Violation("comments", "[]"),
        Violation("comments", #""text""#),
        Violation("comments", "{}"),
        Violation("comments", #"{"comments":null}"#),
        Violation("comments", #"{"comments":{}}"#),
        Violation("comments", #"{"comments":"c"}"#),
        Violation("comments[0]", #"{"comments":[3]}"#),
        // id
        Violation("comments[0].id", comment: comment(id: nil)),
        Violation("comments[0].id", comment: comment(id: "null")),
        Violation("comments[0].id", comment: comment(id: "42")),
        Violation("comments[0].id", comment: comment(id: #""""#)),
        Violation("comments[0].id", comment: comment(id: quoted(String(repeating: "a", count: 1_025)))),
        Violation("comments[0].id", comment: comment(id: #""a b""#)),
        Violation("comments[0].id", comment: comment(id: #""caf\u00e9""#)),
        Violation("comments[0].id", comment: comment(id: #""a\u0001""#)),
        Violation("comments[0].id", comment: comment(id: #""a\nb""#)),
        // timestamp
        Violation("comments[0].timestamp", comment: comment(timestamp: nil)),
        Violation("comments[0].timestamp", comment: comment(timestamp: "1736158500")),
        Violation("comments[0].timestamp", comment: comment(timestamp: #""2025-01-06T10:15:00""#)),
        Violation("comments[0].timestamp", comment: comment(timestamp: #""2025-01-06""#)),
        Violation("comments[0].timestamp", comment: comment(timestamp: #""2025-01-06 10:15:00Z""#)),
        Violation("comments[0].timestamp", comment: comment(timestamp: #""2025-01-06T10:15:00Zjunk""#)),
        Violation("comments[0].timestamp", comment: comment(timestamp: #""2025-01-06T10:15:00.Z""#)),
        Violation("comments[0].timestamp", comment: comment(timestamp: #""2025-13-06T10:15:00Z""#)),
        Violation("comments[0].timestamp", comment: comment(timestamp: #""2025-02-29T10:15:00Z""#)),
        Violation("comments[0].timestamp", comment: comment(timestamp: #""2025-01-06T24:00:00Z""#)),
        Violation("comments[0].timestamp", comment: comment(timestamp: #""2025-01-06T10:15:00+1:00""#)),
        Violation("comments[0].timestamp", comment: comment(timestamp: #""Mon, 6 Jan 2025 10:15:00 +0000""#)),
        Violation("comments[0].thread_id", comment: comment(extra: #""thread_id":"""#)),
        Violation("comments[0].thread_id", comment: comment(extra: #""thread_id":7"#)),
        // messages
        Violation("comments[0].messages", comment: comment(messages: nil)),
        Violation("comments[0].messages", comment: comment(messages: "[]")),
        Violation("comments[0].messages", comment: comment(messages: #"{"body":{"text":"hi"}}"#)),
        Violation("comments[0].messages[0]", comment: comment(messages: #"["hi"]"#)),
        Violation("comments[0].messages[0].body.text", comment: comment(messages: #"[{}]"#)),
        Violation("comments[0].messages[0].body.text", comment: comment(messages: #"[{"body":{}}]"#)),
        Violation("comments[0].messages[0].body.text", comment: comment(messages: #"[{"body":{"text":1}}]"#)),
        Violation("comments[0].messages[0].body", comment: comment(messages: #"[{"body":"hi"}]"#)),
        Violation("comments[1].messages[1].body.text", request(
            comment(id: #""a""#), comment(id: #""b""#, messages: #"[{"body":{"text":"x"}},{"body":{}}]"#))),
        Violation("comments[0].messages[0].body.text",
                  comment: comment(messages: #"[{"body":{"text":"\#(longText)"}}]"#)),
        Violation("comments[0].messages[0].subject.text", comment: comment(messages: message(
            #""subject":{"text":"\#(longText)"}"#))),
        Violation("comments[0].messages[0].signature.text", comment: comment(messages: message(
            #""signature":{"text":"\#(longText)"}"#))),
        Violation("comments[0].messages[0].from", comment: comment(messages: message(#""from":["a@b"]"#))),
        Violation("comments[0].messages[0].to", comment: comment(messages: message(#""to":"a@b""#))),
        Violation("comments[0].messages[0].cc[1]", comment: comment(messages: message(#""cc":["a@b",2]"#))),
        Violation("comments[0].messages[0].sent_at", comment: comment(messages: message(#""sent_at":"yesterday""#))),
        Violation("comments[0].messages[0].language", comment: comment(messages: message(#""language":1"#))),
        // user_properties
        Violation("comments[0].user_properties", comment: comment(extra: #""user_properties":["string:A"]"#)),
        Violation("comments[0].user_properties.Folder", comment: comment(extra: #""user_properties":{"Folder":"x"}"#)),
        Violation("comments[0].user_properties.date:Sent",
                  comment: comment(extra: #""user_properties":{"date:Sent":"x"}"#)),
        Violation("comments[0].user_properties.string:",
                  comment: comment(extra: #""user_properties":{"string:":"x"}"#)),
        Violation("comments[0].user_properties.number:", comment: comment(extra: #""user_properties":{"number:":1}"#)),
        Violation("comments[0].user_properties.string:A",
                  comment: comment(extra: #""user_properties":{"string:A":3}"#)),
        Violation("comments[0].user_properties.string:A",
                  comment: comment(extra: #""user_properties":{"string:A":null}"#)),
        Violation("comments[0].user_properties.number:N",
                  comment: comment(extra: #""user_properties":{"number:N":"3"}"#)),
        Violation("comments[0].user_properties.number:N",
                  comment: comment(extra: #""user_properties":{"number:N":true}"#)),
        // text_format
        Violation("comments[0].text_format", comment: comment(extra: #""text_format":"html""#)),
        Violation("comments[0].text_format", comment: comment(extra: #""text_format":1"#)),
        // attachments
        Violation("comments[0].attachments", comment: comment(extra: #""attachments":{}"#)),
        Violation("comments[0].attachments", comment: comment(extra: #""attachments":["#
            + Array(repeating: #"{"name":"a","size":1,"content_type":"t/p"}"#, count: 129).joined(separator: ",")
            + "]")),
        Violation("comments[0].attachments[0]", comment: comment(extra: #""attachments":[1]"#)),
        Violation("comments[0].attachments[0].name",
                  comment: comment(extra: #""attachments":[{"size":1,"content_type":"t/p"}]"#)),
        Violation("comments[0].attachments[0].name", comment: comment(extra: #""attachments":[{"name":""#
            + String(repeating: "n", count: 257) + #"","size":1,"content_type":"t/p"}]"#)),
        Violation("comments[0].attachments[1].size", comment: comment(extra: #""attachments":[{"name":"a","size":1,"#
            + #""content_type":"t/p"},{"name":"b","size":-1,"content_type":"t/p"}]"#)),
        Violation("comments[0].attachments[0].size",
                  comment: comment(extra: #""attachments":[{"name":"a","size":1.5,"content_type":"t/p"}]"#)),
        Violation("comments[0].attachments[0].size",
                  comment: comment(extra: #""attachments":[{"name":"a","size":"1","content_type":"t/p"}]"#)),
        Violation("comments[0].attachments[0].size",
                  comment: comment(extra: #""attachments":[{"name":"a","size":true,"content_type":"t/p"}]"#)),
        Violation("comments[0].attachments[0].size",
                  comment: comment(extra: #""attachments":[{"name":"a","content_type":"t/p"}]"#)),
        Violation("comments[0].attachments[0].content_type",
                  comment: comment(extra: #""attachments":[{"name":"a","size":1}]"#)),
        Violation("comments[0].attachments[0].inline",
                  comment: comment(extra: #""attachments":[{"name":"a","size":1,"content_type":"t/p","inline":1}]"#)),
    ]

    @Test(arguments: violations)
    func everyRuleNamesItsField(violation: Violation) {
        let error = Self.failure(violation.body)
        #expect(error?.field == violation.field)
        // Messages are for people: no Swift or Foundation type names leak into them.
        for leak in ["Swift", "NS", "Optional", "Dictionary", "Array<", "Any", "Decoding"] {
            #expect(error?.message.contains(leak) == false, "\(leak) in \(error?.message ?? "")")
        }
    }

    @Test func propertyValueKindMustMatchItsPrefix() {
        let error = Self.failure(Self.request(Self.comment(extra: #""user_properties":{"number:N":"3"}"#)))
        #expect(error == RequestValidationError(
            field: "comments[0].user_properties.number:N", message: "must be a number (the key starts with number:)"))
    }

    @Test func textLimitCountsCharactersNotBytes() {
        // 65,536 characters of 4 UTF-8 bytes each pass; one more fails.
        let atLimit = String(repeating: "😀", count: 65_536)
        #expect(Self.failure(Self.request(Self.comment(messages: #"[{"body":{"text":"\#(atLimit)"}}]"#))) == nil)
        let over = atLimit + "x"
        #expect(Self.failure(Self.request(Self.comment(messages: #"[{"body":{"text":"\#(over)"}}]"#)))
            == RequestValidationError(field: "comments[0].messages[0].body.text",
                                      message: "has 65537 characters; at most 65536 are allowed"))
    }
}

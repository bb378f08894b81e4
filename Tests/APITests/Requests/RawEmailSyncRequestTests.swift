import Foundation
import MIME
import Testing
@testable import API
import Domain

/// `POST …/sync-raw-emails` bodies: documents turned into RFC 5322 messages, then into comments by the real MIME
/// parser and `EmailToComment`; every rule's rejection names its field.
@Suite struct RawEmailSyncRequestTests {
    static func document(headers: String = #"{"parsed":{"Subject":"Hi"}}"#, body: String = #"{"plain":"hello"}"#,
                         extra: String = "", emailExtra: String = "") -> String {
        let email = #"{"headers":\#(headers),"body":\#(body)"# + (emailExtra.isEmpty ? "" : "," + emailExtra) + "}"
        return #"{"raw_email":\#(email)"# + (extra.isEmpty ? "" : "," + extra) + "}"
    }

    static func request(_ documents: String...) -> String {
        #"{"documents":["# + documents.joined(separator: ",") + "]}"
    }

    static func decode(_ body: String) throws(RequestValidationError)
        -> (documents: [RawEmailSyncRequest.Document], includeComments: Bool) {
        try RawEmailSyncRequest.decode(Array(body.utf8))
    }

    static func failure(_ body: String) -> RequestValidationError? {
        do {
            _ = try decode(body)
            return nil
        } catch {
            return error
        }
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func parsedHeadersBecomeAMessage() throws {
        let body = #"""
            {"documents": [{
              "raw_email": {
                "headers": {"parsed": {"Subject": "Hello", "From": "a@b.com", "To": ["c@d.com", "e@f.com"],
                                       "Message-ID": "<m1@b.com>", "Empty": []}},
                "body": {"plain": "Hi\nthere\r\nbye"},
                "attachments": [{"name": "a.pdf", "size": 10, "content_type": "application/pdf"}]
              },
              "user_properties": {"string:Folder": "Inbox", "number:Priority": 2},
              "comment_id": "custom-1",
              "unknown": true
            }], "include_comments": true}
            """#
        let (documents, includeComments) = try Self.decode(body)
        #expect(includeComments)
        let expected = RawEmailSyncRequest.Document(
            raw: Array(("From: a@b.com\r\nMessage-ID: <m1@b.com>\r\nSubject: Hello\r\nTo: c@d.com, e@f.com\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n"
                + "\r\nHi\r\nthere\r\nbye").utf8),
            userProperties: ["string:Folder": .string("Inbox"), "number:Priority": .number(2)],
            commentID: "custom-1",
            attachments: [CommentAttachment(name: "a.pdf", size: 10, contentType: "application/pdf")]
        )
        #expect(documents == [expected])
        #expect(Self.text(documents[0].raw) == Self.text(expected.raw))
    }

    @Test func includeCommentsDefaultsToFalse() throws {
        let (documents, includeComments) = try Self.decode(Self.request(Self.document(), Self.document()))
        #expect(!includeComments)
        #expect(documents.count == 2)
        #expect(documents[0].commentID == nil)
        #expect(documents[0].userProperties.isEmpty)
    }

    @Test func nonASCIIHeadersRoundTripThroughTheMIMEParser() throws {
        let subject = "Grüße aus Köln — 東京の会議について、来週の予定を確認させてください 😀 and more"
        let body = Self.request(Self.document(
            headers: #"""
                {"parsed": {"Subject": "\#(subject)", "From": "\"Jöhn Döe, Jr.\" <john@example.com>",
                            "To": ["Märta Öberg <marta@example.com>", "plain@example.com"],
                            "Message-ID": "<round@trip>", "Date": "Mon, 6 Jan 2025 10:15:00 +0000"}}
                """#,
            body: #"{"plain":"Hallo Märta, schöne Grüße."}"#
        ))
        let document = try Self.decode(body).documents[0]
        let headerEnd = try #require(Self.text(document.raw).range(of: "\r\n\r\n"))
        let headerText = String(Self.text(document.raw)[..<headerEnd.lowerBound])
        #expect(headerText.unicodeScalars.allSatisfy { $0.isASCII }, "headers are RFC 2047 encoded")
        #expect(headerText.contains("=?UTF-8?B?"))
        #expect(headerText.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 998 })

        let message = MIMEParser().parse(document.raw)
        #expect(message.subject == subject)
        #expect(message.from == [MailAddress(name: "Jöhn Döe, Jr.", address: "john@example.com")])
        #expect(message.to.map(\.address) == ["marta@example.com", "plain@example.com"])
        #expect(message.to.first?.name == "Märta Öberg")

        let comment = RawEmailSyncRequest.comment(for: document)
        #expect(comment.messages[0].subject?.text == subject)
        #expect(comment.messages[0].from == "john@example.com")
        #expect(comment.messages[0].body.text == "Hallo Märta, schöne Grüße.")
        #expect(comment.id == ContentHash.hex("round@trip".utf8))
        #expect(comment.timestamp == Date(timeIntervalSince1970: 1_736_158_500))
    }

    @Test func rawHeadersAreKeptVerbatimWithCRLF() throws {
        // LF, CR and CRLF line ends, a tab-folded field and the blank line that ends a header block.
        let raw = #"Subject: Verbatim\nX-Custom:  a\n\tfolded part\rFrom: Bob <bob@example.com>\r\n"#
            + #"Message-ID: <v@x>\n\n"#
        let document = try Self.decode(Self.request(Self.document(headers: #"{"raw":"\#(raw)"}"#))).documents[0]
        #expect(Self.text(document.raw) == "Subject: Verbatim\r\nX-Custom:  a\r\n\tfolded part\r\n"
            + "From: Bob <bob@example.com>\r\nMessage-ID: <v@x>\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nhello")
        let message = MIMEParser().parse(document.raw)
        #expect(message.headers["x-custom"] == "a\tfolded part")
        #expect(RawEmailSyncRequest.comment(for: document).messages[0].from == "bob@example.com")
    }

    @Test func rawMIMEFieldsAreReplacedByOnesDescribingTheGivenBody() throws {
        // The original was multipart and base64; the body given is decoded text, so those fields would lie.
        let raw = #"Subject: S\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative;\r\n boundary=\"b1\"\r\n"#
            + #"content-transfer-encoding: base64\r\nX-After: kept"#
        let document = try Self.decode(Self.request(Self.document(
            headers: #"{"raw":"\#(raw)"}"#, body: #"{"html":"<p>Caf\u00e9 menu</p>"}"#
        ))).documents[0]
        #expect(Self.text(document.raw) == "Subject: S\r\nX-After: kept\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<p>Café menu</p>")
        #expect(RawEmailSyncRequest.comment(for: document).messages[0].body.text == "Café menu")
    }

    @Test func htmlBodyBecomesCleanedText() throws {
        let html = #"<html><head><style>p { color: red }</style></head><body><p>Hello <b>world</b> &amp; "#
            + #"friends</p><script>track()</script></body></html>"#
        let document = try Self.decode(Self.request(Self.document(body: #"{"html":"\#(html)"}"#))).documents[0]
        let comment = RawEmailSyncRequest.comment(for: document)
        #expect(comment.messages[0].body.text == "Hello world & friends")
        #expect(comment.messages[0].subject?.text == "Hi")
    }

    @Test func commentForOverridesIDMergesPropertiesAndSetsAttachments() throws {
        let document = RawEmailSyncRequest.Document(
            raw: Array("From: Ann <ann@example.com>\r\nMessage-ID: <p@x>\r\nSubject: S\r\n\r\nbody text".utf8),
            userProperties: ["string:Sender": .string("override@example.com"), "number:Score": .number(3)],
            commentID: "given-id",
            attachments: [CommentAttachment(name: "x.png", size: 5, contentType: "image/png")]
        )
        let metadata = EmailMetadata(folder: ["Inbox", "Sub"], receivedAt: Date(timeIntervalSince1970: 100))
        let comment = RawEmailSyncRequest.comment(for: document, metadata: metadata)
        #expect(comment.id == "given-id")
        #expect(comment.threadID == ContentHash.hex("p@x".utf8))
        #expect(comment.timestamp == Date(timeIntervalSince1970: 100))
        #expect(comment.userProperties["string:Sender"] == .string("override@example.com"))
        #expect(comment.userProperties["number:Score"] == .number(3))
        #expect(comment.userProperties["string:Message ID"] == .string("<p@x>"))
        #expect(comment.userProperties["string:Sender Domain"] == .string("example.com"))
        #expect(comment.userProperties["string:Folder"] == .string("Inbox/Sub"))
        #expect(comment.attachments == document.attachments)

        let plain = RawEmailSyncRequest.comment(for: RawEmailSyncRequest.Document(raw: document.raw))
        #expect(plain.id == ContentHash.hex("p@x".utf8))
        #expect(plain.userProperties["string:Sender"] == .string("ann@example.com"))
        #expect(plain.attachments.isEmpty)
    }

    @Test func atMost16384Documents() {
        let tooMany = #"{"documents":["# + Array(repeating: "1", count: 16_385).joined(separator: ",") + "]}"
        #expect(Self.failure(tooMany) == RequestValidationError(
            field: "documents", message: "has 16385 documents; at most 16384 are allowed"))
    }

    struct Violation: Sendable, CustomTestStringConvertible {
        var body: String
        var field: String
        var testDescription: String { field + " ← " + String(body.prefix(100)) }

        init(_ field: String, _ body: String) {
            self.field = field
            self.body = body
        }

        init(_ field: String, document: String) {
            self.init(field, RawEmailSyncRequestTests.request(document))
        }

        init(_ field: String, headers: String) {
            self.init(field, document: RawEmailSyncRequestTests.document(headers: headers))
        }
    }

    static let violations: [Violation] = [
        Violation("body", "{"),
        Violation("documents", "[]"),
        Violation("documents", "{}"),
        Violation("documents", #"{"documents":{}}"#),
        Violation("include_comments", #"{"documents":[],"include_comments":"yes"}"#),
        Violation("include_comments", #"{"documents":[],"include_comments":1}"#),
        Violation("documents[0]", #"{"documents":["x"]}"#),
        Violation("documents[0].raw_email", #"{"documents":[{}]}"#),
        Violation("documents[0].raw_email", #"{"documents":[{"raw_email":"From: a"}]}"#),
        // headers
        Violation("documents[0].raw_email.headers", #"{"documents":[{"raw_email":{"body":{"plain":"x"}}}]}"#),
        Violation("documents[0].raw_email.headers", headers: "{}"),
        Violation("documents[0].raw_email.headers", headers: #"{"raw":"Subject: x","parsed":{}}"#),
        Violation("documents[0].raw_email.headers.raw", headers: #"{"raw":["Subject: x"]}"#),
        Violation("documents[0].raw_email.headers.raw", headers: #"{"raw":"Not a header line"}"#),
        Violation("documents[0].raw_email.headers.raw", headers: #"{"raw":" leading: continuation"}"#),
        Violation("documents[0].raw_email.headers.raw", headers: #"{"raw":"Subject: a\n\nFrom: b"}"#),
        Violation("documents[0].raw_email.headers.raw", headers: #"{"raw":"Subject: a\n   \nFrom: b"}"#),
        Violation("documents[0].raw_email.headers.raw", headers: #"{"raw":": no name"}"#),
        Violation("documents[0].raw_email.headers.raw", headers: #"{"raw":"Bad Name: x"}"#),
        Violation("documents[0].raw_email.headers.raw", headers: #"{"raw":"Subject: a\u0000b"}"#),
        Violation("documents[0].raw_email.headers.parsed", headers: #"{"parsed":"Subject: x"}"#),
        Violation("documents[0].raw_email.headers.parsed.Bad Name", headers: #"{"parsed":{"Bad Name":"x"}}"#),
        Violation("documents[0].raw_email.headers.parsed.Bad:Name", headers: #"{"parsed":{"Bad:Name":"x"}}"#),
        Violation("documents[0].raw_email.headers.parsed.Sübject", headers: #"{"parsed":{"Sübject":"x"}}"#),
        Violation("documents[0].raw_email.headers.parsed.", headers: #"{"parsed":{"":"x"}}"#),
        Violation("documents[0].raw_email.headers.parsed.X-Count", headers: #"{"parsed":{"X-Count":3}}"#),
        Violation("documents[0].raw_email.headers.parsed.Subject",
                  headers: #"{"parsed":{"Subject":"a\r\nBcc: victim@example.com"}}"#),
        Violation("documents[0].raw_email.headers.parsed.To[1]", headers: #"{"parsed":{"To":["a@b","c@d\ne"]}}"#),
        Violation("documents[0].raw_email.headers.parsed.To[0]", headers: #"{"parsed":{"To":[1]}}"#),
        // body
        Violation("documents[0].raw_email.body", #"{"documents":[{"raw_email":{"headers":{"raw":""}}}]}"#),
        Violation("documents[0].raw_email.body", document: document(body: "{}")),
        Violation("documents[0].raw_email.body", document: document(body: #""text""#)),
        Violation("documents[0].raw_email.body", document: document(body: #"{"plain":"a","html":"<p>a</p>"}"#)),
        Violation("documents[0].raw_email.body.plain", document: document(body: #"{"plain":1}"#)),
        Violation("documents[0].raw_email.body.html", document: document(body: #"{"html":["a"]}"#)),
        // attachments
        Violation("documents[0].raw_email.attachments", document: document(emailExtra: #""attachments":"a.pdf""#)),
        Violation("documents[0].raw_email.attachments", document: document(emailExtra: #""attachments":["#
            + Array(repeating: #"{"name":"a","size":1,"content_type":"t/p"}"#, count: 129).joined(separator: ",")
            + "]")),
        Violation("documents[0].raw_email.attachments[0].name", document: document(emailExtra: #""attachments":[{"#
            + #""name":"\#(String(repeating: "n", count: 257))","size":1,"content_type":"t/p"}]"#)),
        Violation("documents[0].raw_email.attachments[0].size", document: document(
            emailExtra: #""attachments":[{"name":"a","size":-5,"content_type":"t/p"}]"#)),
        Violation("documents[0].raw_email.attachments[0].content_type", document: document(
            emailExtra: #""attachments":[{"name":"a","size":5}]"#)),
        // user_properties
        Violation("documents[0].user_properties", document: document(extra: #""user_properties":"x""#)),
        Violation("documents[0].user_properties.Folder",
                  document: document(extra: #""user_properties":{"Folder":"x"}"#)),
        Violation("documents[0].user_properties.string:",
                  document: document(extra: #""user_properties":{"string:":"x"}"#)),
        Violation("documents[0].user_properties.number:N",
                  document: document(extra: #""user_properties":{"number:N":"1"}"#)),
        Violation("documents[0].user_properties.string:S",
                  document: document(extra: #""user_properties":{"string:S":1}"#)),
        // comment_id
        Violation("documents[0].comment_id", document: document(extra: #""comment_id":"""#)),
        Violation("documents[0].comment_id", document: document(extra: #""comment_id":12"#)),
        Violation("documents[0].comment_id", document: document(extra: #""comment_id":"has space""#)),
        Violation("documents[0].comment_id",
                  document: document(extra: #""comment_id":""# + String(repeating: "a", count: 1_025) + "\"")),
        Violation("documents[2].comment_id", request(
            document(extra: #""comment_id":"x""#), document(), document(extra: #""comment_id":"x""#))),
    ]

    @Test(arguments: violations)
    func everyRuleNamesItsField(violation: Violation) {
        let error = Self.failure(violation.body)
        #expect(error?.field == violation.field)
        for leak in ["Swift", "NS", "Optional", "Dictionary", "Array<", "Any", "Decoding"] {
            #expect(error?.message.contains(leak) == false, "\(leak) in \(error?.message ?? "")")
        }
    }

    @Test func headerLineErrorSaysWhichLine() {
        let error = Self.failure(Self.request(Self.document(headers: #"{"raw":"Subject: a\nbroken"}"#)))
        #expect(error == RequestValidationError(
            field: "documents[0].raw_email.headers.raw",
            message: "line 2 is not a header field (Name: value) nor a folded continuation (starting with a space)"))
    }
}

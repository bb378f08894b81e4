import Foundation
import MIME
import Testing
@testable import Domain

/// Email → comment: identity, timestamps, text cleaning, splitting, enrichment and attachment metadata.
@Suite struct EmailToCommentTests {
    static func convert(_ lines: String..., metadata: EmailMetadata = EmailMetadata()) -> ConvertedEmail {
        EmailToComment.convert(Array(lines.joined(separator: "\r\n").utf8), metadata: metadata)
    }

    @Test func seedProblemControlCharactersAreRemovedFromEveryTextField() throws {
        // U+0001, U+FFFE, U+1FFFE and a lone surrogate (ED A0 80) inside one encoded-word.
        let converted = Self.convert(
            "From: =?utf-8?q?Bad=01Name?= <bad@example.com>",
            "Subject: =?utf-8?q?a=01b=EF=BF=BEc=F0=9F=BF=BEd=ED=A0=80e?=",
            "Message-ID: <seed@example.com>",
            "Content-Type: text/plain; charset=utf-8", "",
            "body\u{01} with \u{FFFE}controls\u{7F}"
        )
        let message = try #require(converted.comment.messages.first)
        #expect(message.subject?.text == "abcde")
        #expect(message.body.text == "body with controls")
        let json = try JSONCoding.encoder().encode(converted.comment)
        #expect(try JSONSerialization.jsonObject(with: json) is [String: Any])
    }

    @Test func idIsHexOfMessageIDWithoutBrackets() {
        let converted = Self.convert("Message-ID: <Ab@X>", "", "hi")
        #expect(converted.comment.id == "41624058")
        #expect(converted.comment.userProperties["string:Message ID"] == .string("<Ab@X>"))
    }

    @Test func idWithoutMessageIDIsAStableHashOfTheRawBytes() {
        let first = Self.convert("Subject: no id", "", "hi")
        let second = Self.convert("Subject: no id", "", "hi")
        let other = Self.convert("Subject: no id", "", "hi!")
        #expect(first.comment.id.count == 64)
        #expect(first.comment.id == second.comment.id)
        #expect(first.comment.id != other.comment.id)
    }

    @Test func timestampFromDateElseReceivedTime() {
        let dated = Self.convert("Date: Mon, 6 Jan 2025 10:15:00 +0000", "", "x")
        #expect(dated.comment.timestamp == Date(timeIntervalSince1970: 1_736_158_500))
        #expect(dated.comment.messages[0].sentAt == Date(timeIntervalSince1970: 1_736_158_500))
        let received = Date(timeIntervalSince1970: 1_700_000_000)
        let undated = Self.convert("Date: garbage", "", "x", metadata: EmailMetadata(receivedAt: received))
        #expect(undated.comment.timestamp == received)
        #expect(undated.comment.messages[0].sentAt == nil)
    }

    @Test func htmlOnlyBodyBecomesText() {
        let converted = Self.convert(
            "Content-Type: text/html; charset=iso-8859-1", "Content-Transfer-Encoding: quoted-printable", "",
            "<html><head><style>p{}</style></head><body><p>Caf=E9 &amp; tea</p><script>x()</script></body></html>"
        )
        #expect(converted.comment.messages[0].body.text == "Café & tea")
    }

    @Test func prefersPlainAlternative() {
        let converted = Self.convert(
            "Content-Type: multipart/alternative; boundary=a", "",
            "--a", "Content-Type: text/plain", "", "plain version", "--a", "Content-Type: text/html", "",
            "<p>html version</p>", "--a--"
        )
        #expect(converted.comment.messages[0].body.text == "plain version")
        #expect(converted.comment.attachments.isEmpty)
    }

    @Test func participantsSenderAndProperties() {
        let converted = Self.convert(
            "From: \"Doe, Jane\" <Jane@Example.COM>", "To: a@x.com, Team: b@x.com, c@x.com;", "Cc: d@y.com",
            "Subject: Hello", "Message-ID: <m1@example.com>", "", "Hello there, this is the body of the message."
        )
        let comment = converted.comment
        #expect(comment.messages[0].from == "Jane@Example.COM")
        #expect(comment.messages[0].to == ["a@x.com", "b@x.com", "c@x.com"])
        #expect(comment.messages[0].cc == ["d@y.com"])
        #expect(comment.userProperties["string:Sender"] == .string("Jane@Example.COM"))
        #expect(comment.userProperties["string:Sender Domain"] == .string("example.com"))
        #expect(comment.userProperties["string:Thread"] == .string(comment.id))
        #expect(comment.messages[0].language == "en")
        #expect(comment.userProperties["string:Folder"] == nil)
    }

    @Test func folderAndMailboxFromMetadata() {
        let converted = Self.convert("Subject: x", "", "y",
                                     metadata: EmailMetadata(folder: ["Inbox", "Projects"], mailbox: "ops@x.com"))
        #expect(converted.comment.userProperties["string:Folder"] == .string("Inbox/Projects"))
        #expect(converted.comment.userProperties["string:Mailbox"] == .string("ops@x.com"))
    }

    @Test func replyJoinsTheThreadOfItsRoot() {
        let root = Self.convert("Message-ID: <root@x>", "Subject: Plan", "", "first")
        let reply = Self.convert("Message-ID: <reply@x>", "In-Reply-To: <root@x>", "References: <root@x>",
                                 "Subject: RE: Plan", "", "second")
        #expect(root.comment.threadID == root.comment.id)
        #expect(reply.comment.threadID == root.comment.id)
    }

    @Test func threadFromSubjectWhenNothingElse() {
        #expect(ThreadIdentity.normalizedSubject("RE: Fwd: AW:  [ops] Re[2]: The  Plan") == "the plan")
        let first = Self.convert("Subject: Plan", "", "x")
        let second = Self.convert("Subject: Re: plan", "", "y")
        #expect(first.comment.threadID == second.comment.threadID)
    }

    @Test func attachmentsWithDecodedNamesSizesAndHashes() throws {
        let converted = Self.convert(
            "Content-Type: multipart/mixed; boundary=m", "",
            "--m", "Content-Type: text/plain", "", "see attached", "--m",
            "Content-Type: application/pdf", "Content-Disposition: attachment; filename*=utf-8''%E2%82%AC.pdf",
            "Content-Transfer-Encoding: base64", "", "JVBERi0=", "--m",
            "Content-Type: image/png", "Content-ID: <img1>", "Content-Transfer-Encoding: base64", "", "iVBORw==",
            "--m", "Content-Type: message/rfc822", "", "Subject: Forwarded one", "", "inner body", "--m--"
        )
        let attachments = converted.comment.attachments
        try #require(attachments.count == 3)
        #expect(attachments[0].name == "€.pdf")
        #expect(attachments[0].size == 5)
        #expect(attachments[0].contentType == "application/pdf")
        #expect(attachments[0].contentHash == ContentHash.sha256Hex(Array("%PDF-".utf8)))
        #expect(attachments[0].inline == false)
        #expect(attachments[1].name == "attachment-2.png")
        #expect(attachments[1].inline == true)
        #expect(attachments[2].name == "Forwarded one.eml")
        #expect(converted.attachmentContents[2] == Array("Subject: Forwarded one\r\n\r\ninner body".utf8))
        #expect(converted.comment.messages[0].body.text == "see attached")
    }

    @Test func encodesInTheAPIShape() throws {
        let converted = Self.convert("Message-ID: <a@b>", "Date: Mon, 6 Jan 2025 10:15:00 +0000", "Subject: s", "",
                                     "text")
        let json = try #require(String(data: try JSONCoding.encoder().encode(converted.comment), encoding: .utf8))
        #expect(json.contains(#""timestamp":"2025-01-06T10:15:00Z""#))
        #expect(json.contains(#""user_properties":{"#))
        #expect(json.contains(#""text_format":"plain""#))
        #expect(json.contains(#""sent_at":"2025-01-06T10:15:00Z""#))
        #expect(json.contains(#""subject":{"text":"s"}"#))
        let decoded = try JSONCoding.decoder().decode(Domain.Comment.self, from: Data(json.utf8))
        #expect(decoded == converted.comment)
    }
}

import Foundation
import Testing

@testable import EWSSimulator

@Suite("GetItem fills the message properties from the MIME")
struct GetItemFieldsTests {
    static let report = Array("""
        From: Bob Kelly <bob@contoso.com>\r
        Sender: Assistant <assistant@contoso.com>\r
        To: Alice Wilson <alice@contoso.com>, dan@example.com\r
        Cc: Carol Diaz <carol@contoso.com>\r
        Subject: =?utf-8?Q?Q1_report_=E2=80=93_final?=\r
        Date: Tue, 03 Mar 2026 14:29:00 +0000\r
        Message-ID: <q1@contoso.com>\r
        Importance: high\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="b1"\r
        \r
        --b1\r
        Content-Type: multipart/alternative; boundary="b2"\r
        \r
        --b2\r
        Content-Type: text/plain; charset=utf-8\r
        \r
        See the report.\r
        --b2\r
        Content-Type: text/html; charset=utf-8\r
        \r
        <p>See the <b>report</b>.</p>\r
        --b2--\r
        --b1\r
        Content-Type: application/pdf; name="q1.pdf"\r
        Content-Disposition: attachment; filename="q1.pdf"\r
        Content-Transfer-Encoding: base64\r
        \r
        JVBERi0xLjQKJSVFT0YK\r
        --b1--\r

        """.utf8)

    static let reply = Array("""
        From: Alice Wilson <alice@contoso.com>\r
        To: Bob Kelly <bob@contoso.com>\r
        Subject: RE: Q1 report\r
        Date: Wed, 04 Mar 2026 08:00:00 +0000\r
        Message-ID: <q1-re@contoso.com>\r
        In-Reply-To: <q1@contoso.com>\r
        References: <q1@contoso.com>\r
        \r
        Thanks!\r

        """.utf8)

    static let fields = [
        "item:Subject", "item:Body", "item:Attachments", "item:DateTimeReceived", "item:Size", "item:Categories",
        "item:Importance", "item:DateTimeSent", "item:DateTimeCreated", "item:HasAttachments", "item:ConversationId",
        "item:DisplayTo", "message:Sender", "message:ToRecipients", "message:CcRecipients",
        "message:ConversationIndex", "message:ConversationTopic", "message:From", "message:InternetMessageId",
        "message:IsRead", "message:References",
    ]

    @Test func everyDefaultFieldComesFromTheStoredMIME() async throws {
        try await Fixture.withSimulator { simulator, port in
            let received = Date(timeIntervalSince1970: 1_772_548_200)  // 2026-03-03T14:30:00Z
            let message = try simulator.addMessage(Self.report, mailbox: Fixture.alice, received: received)
            let reply = try simulator.addMessage(Self.reply, to: .sentItems, mailbox: Fixture.alice)
            let id = try #require(simulator.itemID(of: message))
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let (found, code) = try await soap.getItem(id, fields: Self.fields)
                #expect(code == "NoError")
                let item = try #require(found)
                #expect(item.child("Subject")?.text == "Q1 report – final")
                #expect(item.child("Body")?.attribute("BodyType") == "HTML")
                #expect(item.child("Body")?.text == "<p>See the <b>report</b>.</p>")
                #expect(item.child("DateTimeReceived")?.text == "2026-03-03T14:30:00Z")
                #expect(item.child("DateTimeSent")?.text == "2026-03-03T14:29:00Z")
                #expect(item.child("DateTimeCreated")?.text == "2026-03-03T14:30:00Z")
                #expect(item.child("Size")?.text == String(Self.report.count))
                #expect(item.child("Importance")?.text == "High")
                #expect(item.child("HasAttachments")?.text == "true")
                #expect(item.child("IsRead")?.text == "false")
                #expect(item.child("InternetMessageId")?.text == "<q1@contoso.com>")
                #expect(item.child("ConversationTopic")?.text == "Q1 report – final")
                #expect(item.child("DisplayTo")?.text == "Alice Wilson; dan@example.com")
                #expect(item.child("Sender")?.descendant("EmailAddress")?.text == "assistant@contoso.com")
                #expect(item.child("From")?.descendant("Name")?.text == "Bob Kelly")
                #expect(item.child("From")?.descendant("EmailAddress")?.text == "bob@contoso.com")
                #expect(item.child("From")?.descendant("RoutingType")?.text == "SMTP")
                #expect(item.child("ToRecipients")?.children.compactMap { $0.child("EmailAddress")?.text }
                    == ["alice@contoso.com", "dan@example.com"])
                #expect(item.child("CcRecipients")?.children.compactMap { $0.child("Name")?.text } == ["Carol Diaz"])
                let index = try #require(Data(base64Encoded: item.child("ConversationIndex")?.text ?? ""))
                #expect(index.count == 22)
                let attachment = try #require(item.child("Attachments")?.child("FileAttachment"))
                #expect(attachment.child("Name")?.text == "q1.pdf")
                #expect(attachment.child("ContentType")?.text == "application/pdf")
                #expect(attachment.child("Size")?.text == "15")

                // GetAttachment serves the decoded part.
                let attachmentID = try #require(attachment.child("AttachmentId")?.attribute("Id"))
                let served = try await soap.send("GetAttachment", "",
                                                 #"<m:AttachmentIds><t:AttachmentId Id="\#(attachmentID)"/></m:AttachmentIds>"#)
                #expect(served.codes == ["NoError"])
                let content = served.messages.first?.descendant("Content")?.text ?? ""
                #expect(Data(base64Encoded: content) == Data("%PDF-1.4\n%%EOF\n".utf8))

                // The reply shares the ConversationId, and its index is one reply longer.
                let replyID = try #require(simulator.itemID(of: reply))
                let (replyItem, _) = try await soap.getItem(replyID, fields: Self.fields, bodyType: "Text")
                #expect(replyItem?.child("ConversationId")?.attribute("Id")
                    == item.child("ConversationId")?.attribute("Id"))
                #expect(Data(base64Encoded: replyItem?.child("ConversationIndex")?.text ?? "")?.count == 27)
                #expect(replyItem?.child("Body")?.attribute("BodyType") == "Text")
                #expect(replyItem?.child("Body")?.text == "Thanks!\r\n")
                #expect(replyItem?.child("HasAttachments")?.text == "false")
                #expect(replyItem?.child("References")?.text == "<q1@contoso.com>")
                // Asked for Text, an HTML-only body comes back without its markup.
                let (textItem, _) = try await soap.getItem(id, fields: ["item:Body"], bodyType: "Text")
                #expect(textItem?.child("Body")?.text == "See the report.")
            }
        }
    }
}

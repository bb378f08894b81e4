import Foundation
import Synchronization
import Testing

@testable import EWSSimulator

/// exchangelib's item API against the simulator as against Exchange: filter, order_by, the default Message fields
/// of GetItem, save (UpdateItem), move, Message.save (CreateItem SaveOnly), send_and_save, delete, move_to_trash;
/// and an operation the simulator lacks fails once instead of being retried with every schema version.
@Suite(.enabled(if: ExchangelibPeer.python != nil || ProcessInfo.processInfo.environment["CI"] != nil,
                "exchangelib not installed: run scripts/test, which installs it"))
struct ExchangelibWritesTests {
    static let start = Date(timeIntervalSince1970: 1_772_445_600)  // 2026-03-02T10:00:00Z

    static let report = Array("""
        From: Bob Kelly <bob@contoso.com>\r
        To: Alice Wilson <alice@contoso.com>\r
        Cc: Carol Diaz <carol@contoso.com>\r
        Subject: Report with attachment\r
        Date: Tue, 03 Mar 2026 14:29:00 +0000\r
        Message-ID: <report@contoso.com>\r
        Importance: High\r
        MIME-Version: 1.0\r
        Content-Type: multipart/mixed; boundary="b1"\r
        \r
        --b1\r
        Content-Type: text/html; charset=utf-8\r
        \r
        <p>The report.</p>\r
        --b1\r
        Content-Type: application/pdf; name="report.pdf"\r
        Content-Disposition: attachment; filename="report.pdf"\r
        Content-Transfer-Encoding: base64\r
        \r
        JVBERi0xLjQKJSVFT0YK\r
        --b1--\r

        """.utf8)

    static let reply = Array("""
        From: Alice Wilson <alice@contoso.com>\r
        To: Bob Kelly <bob@contoso.com>\r
        Subject: RE: Report with attachment\r
        Date: Wed, 04 Mar 2026 08:00:00 +0000\r
        Message-ID: <report-re@contoso.com>\r
        In-Reply-To: <report@contoso.com>\r
        References: <report@contoso.com>\r
        \r
        Thanks!\r

        """.utf8)

    /// As alice with NTLM, and as the service account impersonating alice with Basic.
    @Test(arguments: [("ntlm", false), ("basic", true)])
    func exchangelibItemOperationsBehaveAsOnExchange(auth: String, impersonate: Bool) async throws {
        let python = try #require(ExchangelibPeer.python, "MAILSTREAM_EXCHANGELIB_PYTHON is not set")
        let simulator = EWSSimulator(configuration: EWSSimulatorConfiguration(
            authentication: [.ntlm, .basic],
            accounts: [.init(login: "alice", password: "Alice-Passw0rd!", smtpAddress: "alice@contoso.com"),
                       .init(login: "bob", password: "B0b-secret", smtpAddress: "bob@contoso.com"),
                       .init(login: "svc-sync", password: "svc-S3cret", canImpersonate: true)]
        ))
        for index in 0..<5 {
            try simulator.addMessage(ExchangelibTests.mime(index), mailbox: "alice@contoso.com",
                                     received: Self.start + Double(index) * 3600, isRead: index == 0)
        }
        let received = Date(timeIntervalSince1970: 1_772_548_200)  // 2026-03-03T14:30:00Z
        try simulator.addMessage(Self.report, mailbox: "alice@contoso.com", received: received)
        try simulator.addMessage(Self.reply, mailbox: "alice@contoso.com", received: received + 86_400, isRead: true)
        let port = try await simulator.start()
        defer { Task { await simulator.stop() } }

        let report = try await ExchangelibTests.run(python, [
            ExchangelibTests.script, "--endpoint", "http://127.0.0.1:\(port)/EWS/Exchange.asmx", "--auth", auth,
            "--user", impersonate ? "svc-sync" : "alice", "--password", impersonate ? "svc-S3cret" : "Alice-Passw0rd!",
            "--mailbox", "alice@contoso.com", "--scenario", "writes",
        ] + (impersonate ? ["--impersonate"] : []))
        #expect(report["filter_subject"] as? [String] == ["Report with attachment"])
        #expect(report["filter_contains"] as? [String] == ["Hello 0", "Hello 1", "Hello 2", "Hello 3", "Hello 4"])
        #expect(report["filter_unread"] as? Int == 5)
        #expect(report["order_desc"] as? [String]
            == ["RE: Report with attachment", "Report with attachment", "Hello 4"])
        #expect(report["order_asc"] as? [String] == ["Hello 0", "Hello 1"])
        #expect(report["order_subject_page"] as? [String] == ["Hello 1", "Hello 2"])

        let item = report["item"] as? [String: Any] ?? [:]
        #expect(item["subject"] as? String == "Report with attachment")
        #expect(item["body"] as? String == "<p>The report.</p>")
        #expect(item["body_type"] as? String == "HTMLBody")
        #expect(item["text_body"] as? String == "The report.")
        let bob = ["name": "Bob Kelly", "email": "bob@contoso.com", "routing_type": "SMTP"]
        #expect(item["sender"] as? [String: String] == bob)
        #expect(item["author"] as? [String: String] == bob)
        #expect(item["to"] as? [[String: String]]
            == [["name": "Alice Wilson", "email": "alice@contoso.com", "routing_type": "SMTP"]])
        #expect(item["cc"] as? [[String: String]]
            == [["name": "Carol Diaz", "email": "carol@contoso.com", "routing_type": "SMTP"]])
        #expect(item["datetime_sent"] as? String == "2026-03-03T14:29:00+00:00")
        #expect(item["datetime_created"] as? String == "2026-03-03T14:30:00+00:00")
        #expect(item["datetime_received"] as? String == "2026-03-03T14:30:00+00:00")
        let conversation = item["conversation_id"] as? String
        #expect(conversation?.isEmpty == false)
        #expect(item["reply_conversation_id"] as? String == conversation)
        #expect(item["conversation_index_len"] as? Int == 22)
        #expect(item["reply_conversation_index_len"] as? Int == 27)
        #expect(item["conversation_topic"] as? String == "Report with attachment")
        #expect(item["message_id"] as? String == "<report@contoso.com>")
        #expect(item["size"] as? Int == Self.report.count)
        #expect(item["has_attachments"] as? Bool == true)
        #expect(item["attachments"] as? [String] == ["report.pdf"])
        #expect(item["attachment_content"] as? String == "%PDF-1.4\n%%EOF\n")
        #expect(item["is_read"] as? Bool == false)
        #expect(item["importance"] as? String == "High")
        #expect(item["mime_len"] as? Int == Self.report.count)

        let updated = report["updated"] as? [String: Any] ?? [:]
        #expect(updated["is_read"] as? Bool == true)
        #expect(updated["categories"] as? [String] == ["Finance", "Q1"])
        #expect(updated["importance"] as? String == "Low")
        let moved = report["moved"] as? [String: Any] ?? [:]
        #expect(moved["new_id_differs"] as? Bool == true)
        #expect(moved["archive_count"] as? Int == 1)
        #expect(moved["inbox_has_it"] as? Int == 0)
        #expect(simulator.items(mailbox: "alice@contoso.com", in: simulator.folder("Inbox/Archive",
            mailbox: "alice@contoso.com")).map(\.subject) == ["Report with attachment"])

        let draft = report["draft"] as? [String: Any] ?? [:]
        #expect(draft["has_id"] as? Bool == true)
        #expect(draft["is_draft"] as? Bool == true)
        #expect(draft["body"] as? String == "Draft body")
        #expect(draft["to"] as? [String] == ["bob@contoso.com"])
        #expect(report["drafts_after_send"] as? Int == 0)
        #expect(report["sent_items"] as? [String] == ["Draft from exchangelib", "Sent by exchangelib"])
        let bobsInbox = simulator.items(mailbox: "bob@contoso.com", in: .inbox)
        #expect(Set(bobsInbox.compactMap(\.subject)) == ["Draft from exchangelib", "Sent by exchangelib"])
        #expect(bobsInbox.allSatisfy { !$0.isRead })
        // Sent as alice, whoever logged in: the impersonated mailbox is the sender.
        let sentFrom = simulator.state.withLock { state in
            state.store.mailbox("bob@contoso.com")?.items.values.map { $0.properties.from?.address }
        }
        #expect(sentFrom == ["alice@contoso.com", "alice@contoso.com"])
        // The draft arrives as edited after it was saved.
        let draftBody = simulator.state.withLock { state in
            state.store.mailbox("bob@contoso.com")?.items.values
                .first { $0.subject == "Draft from exchangelib" }?.properties.body().text
        }
        #expect(draftBody == "Draft body, edited")

        let deleted = report["deleted"] as? [String: Any] ?? [:]
        #expect(deleted["hello1"] as? Int == 0)
        #expect(deleted["trash"] as? [String] == ["Hello 2"])
        #expect(deleted["dumpster"] as? [String] == ["Hello 3"])
        // Of the seven messages: the report moved, Hello 1 deleted, Hello 2 in the trash, Hello 3 in the dumpster.
        #expect(deleted["inbox"] as? Int == 3)

        #expect(report["unsupported"] as? String == "ErrorSchemaValidation")
        // exchangelib names the body element GetUserOofSettingsRequest, as the schema does.
        #expect(simulator.receivedOperations.filter { $0 == "GetUserOofSettingsRequest" }.count == 1)
    }
}

import Foundation
import GraphSimulator
import Testing

/// A message's JSON, its MIME (`$value`), and its attachments (a file and an attached email).
@Suite struct MessageContentTests {
    static func seedFile(_ name: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return Array(try Data(contentsOf: root.appendingPathComponent("scripts/graph-sim/\(name)")))
    }

    @Test func messageJSONFollowsTheMIME() async throws {
        try await Fixture.withSimulator { simulator, session in
            let mime = try Self.seedFile("invoice-with-attachment.eml")
            let message = try simulator.deliver(mime, mailbox: Fixture.alice, received: Fixture.time(5), isRead: true)
            let id = try #require(simulator.restID(of: message))
            let response = try await session.get("/v1.0/users/\(Fixture.alice)/messages/\(id)")
            #expect(response.status == 200)
            let json = response.json
            #expect(json["subject"] as? String == "Invoice 2026-031")
            #expect(json["internetMessageId"] as? String == "<invoice-2026-031@fabrikam.example>")
            #expect(json["hasAttachments"] as? Bool == true)
            #expect(json["isRead"] as? Bool == true)
            #expect(json["receivedDateTime"] as? String == "2026-03-02T10:05:00Z")
            #expect(json["sentDateTime"] as? String == "2026-03-03T09:29:12Z")
            #expect((json["body"] as? [String: String])?["contentType"] == "html")
            #expect(json["bodyPreview"] as? String == "Please find invoice 2026-031 attached.")
            #expect(json["parentFolderId"] as? String == simulator.folderID(.inbox, mailbox: Fixture.alice))
            let from = (json["from"] as? [String: Any])?["emailAddress"] as? [String: String]
            #expect(from == ["name": "Billing", "address": "billing@fabrikam.example"])
            #expect((json["@odata.etag"] as? String)?.hasPrefix("W/\"CQAAABYAAA") == true)
            #expect(json["internetMessageHeaders"] == nil, "only when selected")
            let selected = try await session.get(
                "/v1.0/users/\(Fixture.alice)/messages/\(id)?$select=internetMessageHeaders")
            #expect((selected.json["internetMessageHeaders"] as? [[String: String]])?.first?["name"] == "From")
        }
    }

    @Test func valueIsTheMIMEAsDelivered() async throws {
        try await Fixture.withSimulator { simulator, session in
            let mime = try Self.seedFile("hello.eml")
            let message = try simulator.deliver(mime, mailbox: Fixture.alice)
            let id = try #require(simulator.restID(of: message))
            for path in [
                "/v1.0/users/\(Fixture.alice)/messages/\(id)/$value",
                "/v1.0/users/\(Fixture.alice)/mailFolders/inbox/messages/\(id)/$value",
            ] {
                let response = try await session.get(path)
                #expect(response.status == 200)
                #expect(response.header("Content-Type") == "text/plain")
                #expect(response.body == mime)
            }
            try simulator.delete(message)
            let gone = try await session.get("/v1.0/users/\(Fixture.alice)/messages/\(id)/$value")
            #expect(gone.status == 404)
            #expect(gone.errorCode == "ErrorItemNotFound")
            #expect(gone.errorMessage == "The specified object was not found in the store.")
        }
    }

    @Test func attachmentsFileAndItem() async throws {
        try await Fixture.withSimulator { simulator, session in
            let invoice = try simulator.deliver(
                try Self.seedFile("invoice-with-attachment.eml"), mailbox: Fixture.alice)
            let forwarded = try simulator.deliver(try Self.seedFile("forwarded-email.eml"), mailbox: Fixture.alice)
            let invoiceID = try #require(simulator.restID(of: invoice))
            let files = try await session.get("/v1.0/users/\(Fixture.alice)/messages/\(invoiceID)/attachments")
            let file = try #require(files.value.first)
            #expect(files.value.count == 1)
            #expect(file["@odata.type"] as? String == "#microsoft.graph.fileAttachment")
            #expect(file["name"] as? String == "invoice-2026-031.pdf")
            #expect(file["contentType"] as? String == "application/pdf")
            let bytes = try #require(Data(base64Encoded: file["contentBytes"] as? String ?? ""))
            #expect(bytes.starts(with: Array("%PDF-1.4".utf8)))
            #expect(file["size"] as? Int == bytes.count)
            let raw = try await session.get(
                "/v1.0/users/\(Fixture.alice)/messages/\(invoiceID)/attachments/"
                    + "\(file["id"] as? String ?? "")/$value")
            #expect(raw.body == Array(bytes))

            let forwardedID = try #require(simulator.restID(of: forwarded))
            let items = try await session.get("/v1.0/users/\(Fixture.alice)/messages/\(forwardedID)/attachments")
            let item = try #require(items.value.first)
            #expect(item["@odata.type"] as? String == "#microsoft.graph.itemAttachment")
            #expect(item["name"] as? String == "Original question.eml")
            let itemMIME = try await session.get(
                "/v1.0/users/\(Fixture.alice)/messages/\(forwardedID)/attachments/"
                    + "\(item["id"] as? String ?? "")/$value")
            #expect(itemMIME.text.contains("Message-ID: <original-9@tailspin.example>"))
            let message = try await session.get("/v1.0/users/\(Fixture.alice)/messages/\(forwardedID)")
            #expect(message.json["hasAttachments"] as? Bool == true)
            #expect(
                (message.json["body"] as? [String: String])?["content"]?.hasPrefix("See Dave's message below.") == true)
        }
    }

    @Test func folderMessageListsPageNewestFirst() async throws {
        try await Fixture.withSimulator { simulator, session in
            for index in 0..<4 {
                try simulator.deliver(Fixture.message(index), mailbox: Fixture.alice, received: Fixture.time(index))
            }
            let first = try await session.get(
                "/v1.0/users/\(Fixture.alice)/mailFolders/inbox/messages?$top=3&$select=subject")
            #expect(
                first.value.map { $0["subject"] as? String } == ["Test message 3", "Test message 2", "Test message 1"])
            let next = try #require(first.json["@odata.nextLink"] as? String)
            let second = try await session.get(next)
            #expect(second.value.map { $0["subject"] as? String } == ["Test message 0"])
            #expect(second.json["@odata.nextLink"] == nil)
        }
    }
}

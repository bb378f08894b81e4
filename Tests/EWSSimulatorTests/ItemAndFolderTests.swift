import EWS
import EWSSimulator
import Foundation
import Testing

@Suite("GetItem, GetFolder, FindFolder and GetAttachment")
struct ItemAndFolderTests {
    let builder = EWSRequestBuilder(version: .exchange2016)

    private func session(_ connection: TestHTTPConnection) -> TestEWSSession {
        TestEWSSession(connection: connection, credentials: .basic(user: "alice", password: Fixture.alicePassword))
    }

    @Test func getItemReturnsTheMIMEBytesAndMetadataInRequestOrder() async throws {
        try await Fixture.withSimulator { simulator, port in
            let received = Date(timeIntervalSince1970: 1_772_445_600)
            let mime = Fixture.message(7, body: "Grüße \u{1} & <tags>")
            let message = try simulator.addMessage(
                mime, mailbox: Fixture.alice, received: received,
                attachments: [(name: "a.txt", contentType: "text/plain", content: Array("hi".utf8))]
            )
            let other = try simulator.addMessage(Fixture.message(8), to: .sentItems, mailbox: Fixture.alice)
            let ids = [try #require(simulator.itemID(of: other)), try #require(simulator.itemID(of: message))]
            try await TestHTTPConnection.with(port: port) { connection in
                let answer = try await session(connection).send(try builder.getItems(ids.map { EWSItemID(id: $0) }))
                #expect(answer.status == 200)
                let messages = try #require(try EWSResponseParser.parseGetItem(answer.body).messages)
                #expect(messages.count == 2)
                #expect(messages.map { $0.item?.id.id } == ids)
                let item = try #require(messages[1].item)
                #expect(item.mimeContent == mime)
                #expect(item.internetMessageID == "<msg7@example.com>")
                #expect(item.dateTimeReceived == received)
                #expect(item.hasAttachments == true)
                #expect(item.size == mime.count)
                #expect(item.parentFolderID?.id == simulator.folderID(.inbox, mailbox: Fixture.alice))
                #expect(messages[0].item?.parentFolderID?.id == simulator.folderID(.sentItems, mailbox: Fixture.alice))
            }
        }
    }

    @Test(arguments: SimulatedItemFailure.allCases)
    func perItemFailuresLeaveTheRestOfTheBatch(failure: SimulatedItemFailure) async throws {
        try await Fixture.withSimulator { simulator, port in
            let good = try simulator.addMessage(Fixture.message(1), mailbox: Fixture.alice)
            let bad = try simulator.addMessage(Fixture.message(2), mailbox: Fixture.alice)
            try simulator.setItemFailure(failure, for: bad)
            let ids = [bad, good].compactMap { simulator.itemID(of: $0) }.map { EWSItemID(id: $0) }
            try await TestHTTPConnection.with(port: port) { connection in
                let answer = try await session(connection).send(try builder.getItems(ids))
                let messages = try #require(try EWSResponseParser.parseGetItem(answer.body).messages)
                #expect(messages.count == 2)
                #expect(messages[0].status.responseClass == .error)
                #expect(messages[0].status.responseCode.rawValue == failure.rawValue)
                #expect(messages[0].status.disposition == .itemLevel)
                #expect(messages[0].item == nil)
                #expect(messages[1].status.isSuccess)
                #expect(messages[1].item?.mimeContent == Fixture.message(1))
            }
        }
    }

    @Test func anUnknownOrMovedAwayIDIsItemNotFound() async throws {
        try await Fixture.withSimulator { simulator, port in
            let message = try simulator.addMessage(Fixture.message(1), mailbox: Fixture.alice)
            let oldID = try #require(simulator.itemID(of: message))
            try simulator.move(message, to: .deletedItems)
            try await TestHTTPConnection.with(port: port) { connection in
                let lowered = EWSItemID(id: try #require(simulator.itemID(of: message)).lowercased())
                let answer = try await session(connection).send(try builder.getItems([EWSItemID(id: oldID), lowered]))
                let messages = try #require(try EWSResponseParser.parseGetItem(answer.body).messages)
                #expect(messages.map(\.status.responseCode) == [.errorItemNotFound, .errorItemNotFound])
            }
        }
    }

    @Test func getFolderAndDeepFindFolder() async throws {
        try await Fixture.withSimulator { simulator, port in
            let projects = try simulator.createFolder(named: "Projects", in: .inbox, mailbox: Fixture.alice)
            let nested = try simulator.createFolder(named: "2026", in: .id(projects), mailbox: Fixture.alice)
            try simulator.addMessage(Fixture.message(1), to: .id(nested), mailbox: Fixture.alice)
            try await TestHTTPConnection.with(port: port) { connection in
                let get = try await session(connection).send(
                    try builder.getFolders([
                        .distinguished(.inbox), .id(EWSFolderID(id: nested)), .distinguished(.archivemsgfolderroot),
                    ]))
                let folders = try #require(try EWSResponseParser.parseGetFolder(get.body).messages)
                #expect(folders.count == 3)
                #expect(folders[0].folders.first?.displayName == "Inbox")
                #expect(folders[1].folders.first?.parentID?.id == projects)
                #expect(folders[1].folders.first?.folderClass == "IPF.Note")
                #expect(folders[2].status.responseCode == .errorFolderNotFound)

                let first = try await session(connection).send(try builder.findFolders(offset: 0, maxEntries: 3))
                let page = try #require(try EWSResponseParser.parseFindFolder(first.body).messages?.first)
                #expect(page.folders.count == 3)
                #expect(!page.includesLastItemInRange)
                #expect(page.nextOffset == 3)
                let total = try #require(page.totalItemsInView)
                let rest = try await session(connection).send(try builder.findFolders(offset: 3, maxEntries: 100))
                let last = try #require(try EWSResponseParser.parseFindFolder(rest.body).messages?.first)
                #expect(last.includesLastItemInRange)
                let all = page.folders + last.folders
                #expect(all.count == total)
                #expect(all.contains { $0.id.id == nested && $0.displayName == "2026" })
            }
        }
    }

    @Test func getAttachmentServesTheContent() async throws {
        try await Fixture.withSimulator { simulator, port in
            let content = Array("%PDF-1.4 not really".utf8)
            let message = try simulator.addMessage(
                Fixture.message(1), mailbox: Fixture.alice,
                attachments: [(name: "report.pdf", contentType: "application/pdf", content: content)]
            )
            try await TestHTTPConnection.with(port: port) { connection in
                let itemID = EWSItemID(id: try #require(simulator.itemID(of: message)))
                let request = try builder.getItems([itemID])
                // The wire builder asks for sync properties; the attachment list comes with item:Attachments.
                let withAttachments = String(decoding: request.body, as: UTF8.self).replacingOccurrences(
                    of: #"<t:FieldURI FieldURI="item:Size"/>"#,
                    with: #"<t:FieldURI FieldURI="item:Size"/><t:FieldURI FieldURI="item:Attachments"/>"#
                )
                let itemAnswer = try await session(connection).send(body: Array(withAttachments.utf8))
                let attachmentID = try #require(Self.attachmentID(in: itemAnswer.text))
                let answer = try await session(connection).send(try builder.getAttachments([attachmentID]))
                let attachments = try #require(try EWSResponseParser.parseGetAttachment(answer.body).messages)
                #expect(attachments.first?.attachments.first?.content == content)
                #expect(attachments.first?.attachments.first?.name == "report.pdf")
            }
        }
    }

    static func attachmentID(in xml: String) -> String? {
        guard let range = xml.range(of: #"<t:AttachmentId Id=""#) else { return nil }
        let rest = xml[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

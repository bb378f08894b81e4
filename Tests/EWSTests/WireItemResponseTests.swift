import Foundation
import Testing

@testable import EWS

@Suite("EWS item, folder and attachment responses")
struct WireItemResponseTests {
    @Test("a GetItem batch reports each item's outcome on its own")
    func getItemBatch() throws {
        let messages = try EWSResponseParser.parseGetItem(WireFixtures.getItemBatch().wireBytes).requireMessages()
        #expect(messages.count == 4)

        let first = messages[0]
        #expect(first.status.isSuccess)
        let item = try #require(first.item)
        #expect(item.itemType == "Message")
        #expect(item.id == EWSItemID(id: "AAMkAGI2TG93AAA=", changeKey: "CQAAABYAAAB"))
        #expect(item.mimeContent == WireFixtures.mimeMessage, "MIME bytes come back exactly")
        #expect(item.internetMessageID == "<m1@mail.example.com>")
        #expect(item.parentFolderID == EWSFolderID(id: "AAMkAGI2AAEMAAA=", changeKey: "AQAAAA=="))
        #expect(item.dateTimeReceived == Date(timeIntervalSince1970: 1_709_251_198))
        #expect(item.hasAttachments == true)
        #expect(item.size == 4213)
        #expect(item.subject == "Café menu", "the U+0001 reference is gone, U+00E9 stays")
        #expect(!item.description.contains("Caf"), "descriptions never show content")

        #expect(messages[1].status.responseClass == .warning)
        #expect(messages[1].status.responseCode == .errorMimeContentConversionFailed)
        #expect(messages[1].status.disposition == .itemLevel)
        #expect(messages[1].item?.size == 77)
        #expect(messages[1].item?.mimeContent == nil)

        #expect(messages[2].status.responseCode == .errorItemNotFound)
        #expect(messages[2].status.messageText == "The specified object was not found in the store.")
        #expect(messages[2].status.disposition == .itemLevel)
        #expect(messages[2].item == nil)

        #expect(messages[3].status.backOffMilliseconds == 2500)
        #expect(messages[3].status.disposition == .transient(backOffMilliseconds: 2500))
    }

    /// libxml2 under FoundationXML refuses text nodes over 10,000,000 bytes; MIME of 11 MB is 15 MB of base64.
    @Test("MIME content past libxml2's text node limit decodes exactly")
    func largeMime() throws {
        let mime = (0..<11_000_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
        let body = WireFixtures.getItemBatch(mime: mime).wireBytes
        let messages = try EWSResponseParser.parseGetItem(body).requireMessages()
        #expect(messages.first?.item?.mimeContent == mime)
        #expect(messages.first?.item?.subject == "Café menu")
    }

    @Test("MIME with character references in its base64 is decoded by the parser instead")
    func mimeWithReferences() throws {
        let mime = Array(WireFixtures.mimeMessage.prefix(100))
        let body = WireFixtures.getItemBatch(mime: mime).replacingOccurrences(of: "\r\n", with: "&#xD;&#xA;")
        #expect(ResponsePreprocessor.run(body.wireBytes).blobs.isEmpty)
        let messages = try EWSResponseParser.parseGetItem(body.wireBytes).requireMessages()
        #expect(messages.first?.item?.mimeContent == mime)
    }

    @Test("a blob marker sent by the server is refused")
    func forgedBlobMarker() {
        let forged = WireFixtures.getItemBatch()
            .replacingOccurrences(of: #"<t:MimeContent CharacterSet="UTF-8">"#, with: #"<t:MimeContent ewsBlob="0">"#)
        #expect(throws: EWSParseError.malformedXML) { try EWSResponseParser.parseGetItem(forged.wireBytes) }
        let dangling = WireFixtures.getItemBatch()
            .replacingOccurrences(
                of: #"<t:MimeContent CharacterSet="UTF-8">"#,
                with: #"<t:MimeContent ewsBlob="7"/><x>"#
            )
            .replacingOccurrences(of: "</t:MimeContent>", with: "</x>")
        #expect(throws: EWSParseError.invalidBase64) { try EWSResponseParser.parseGetItem(dangling.wireBytes) }
    }

    @Test func invalidBase64IsATypedError() {
        let body = WireFixtures.getItemBatch()
            .replacingOccurrences(of: "CharacterSet=\"UTF-8\">", with: "CharacterSet=\"UTF-8\">*")
        #expect(throws: EWSParseError.invalidBase64) { try EWSResponseParser.parseGetItem(body.wireBytes) }
    }

    @Test func getFolder() throws {
        let messages = try EWSResponseParser.parseGetFolder(WireFixtures.getFolder.wireBytes).requireMessages()
        #expect(messages.count == 2)
        #expect(messages[0].folders == [EWSFolder(
            kind: .folder,
            id: EWSFolderID(id: "AQApA=", changeKey: "AQAAAB"),
            parentID: EWSFolderID(id: "AQAoA=", changeKey: "AQAAAA"),
            displayName: "Inbox",
            folderClass: "IPF.Note"
        )])
        #expect(messages[1].status.responseCode == .errorInvalidIdMalformed)
        #expect(messages[1].status.messageXMLValues.isEmpty, "a FieldURI in MessageXml is not a value")
        #expect(messages[1].folders.isEmpty)
    }

    @Test func findFolderPage() throws {
        let messages = try EWSResponseParser.parseFindFolder(WireFixtures.findFolder.wireBytes).requireMessages()
        let page = try #require(messages.first)
        #expect(page.status.isSuccess)
        #expect(page.includesLastItemInRange == false)
        #expect(page.nextOffset == 3)
        #expect(page.totalItemsInView == 7)
        #expect(page.folders.map(\.id.id) == ["F1", "F2", "F3"])
        #expect(page.folders.map(\.kind) == [.folder, .calendarFolder, .folder])
        #expect(page.folders[2].parentID == EWSFolderID(id: "F1", changeKey: "C1"))
        #expect(page.folders[1].parentID == EWSFolderID(id: "TOP"))
        #expect(page.folders[2].folderClass == nil)
    }

    @Test func getAttachment() throws {
        let messages = try EWSResponseParser.parseGetAttachment(WireFixtures.getAttachment.wireBytes).requireMessages()
        #expect(messages.count == 3)
        #expect(messages[0].attachments == [EWSAttachment(
            kind: .file,
            id: "AAAtAEFkbWluaX1=",
            name: "report <final>.pdf",
            contentType: "application/pdf",
            content: [1, 2, 3, 4, 5]
        )])
        let forwarded = try #require(messages[1].attachments.first)
        #expect(forwarded.kind == .item)
        #expect(forwarded.name == "Forwarded")
        #expect(forwarded.content == Array("Subject: hi\r\n\r\nbody".utf8))
        #expect(messages[2].status.disposition == .itemLevel)
        #expect(messages[2].attachments.isEmpty)
    }
}

import Foundation
import Testing

@testable import EWSSimulator

@Suite("CreateItem and UpdateItem")
struct CreateUpdateItemTests {
    static func message(subject: String, to: [String], cc: [String] = [], body: String = "Hello there",
                        extra: String = "") -> String {
        let mailboxes = { (list: [String]) in
            list.map { "<t:Mailbox><t:EmailAddress>\($0)</t:EmailAddress></t:Mailbox>" }.joined()
        }
        return """
            <m:Items><t:Message><t:Subject>\(subject)</t:Subject><t:Body BodyType="Text">\(body)</t:Body>\(extra)
            <t:ToRecipients>\(mailboxes(to))</t:ToRecipients>\(cc.isEmpty ? "" : "<t:CcRecipients>\(mailboxes(cc))</t:CcRecipients>")
            </t:Message></m:Items>
            """
    }

    @Test func saveOnlyStoresADraftInDraftsAndReturnsItsID() async throws {
        try await Fixture.withSimulator { simulator, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let answer = try await soap.send("CreateItem", #"MessageDisposition="SaveOnly""#, Self.message(
                    subject: "Draft 1", to: [Fixture.bob], extra: "<t:Categories><t:String>Blue</t:String></t:Categories>"))
                #expect(answer.codes == ["NoError"])
                let id = try #require(answer.itemIDs.first ?? nil)
                #expect(simulator.items(mailbox: Fixture.alice, in: .distinguished("drafts")).map(\.id) == [id])
                #expect(simulator.items(mailbox: Fixture.bob).isEmpty)
                let (item, code) = try await soap.getItem(id, fields: [
                    "item:Subject", "item:Body", "item:IsDraft", "message:ToRecipients", "message:From",
                    "item:Categories", "message:IsRead",
                ])
                #expect(code == "NoError")
                #expect(item?.child("Subject")?.text == "Draft 1")
                #expect(item?.child("Body")?.text == "Hello there")
                #expect(item?.child("Body")?.attribute("BodyType") == "Text")
                #expect(item?.child("IsDraft")?.text == "true")
                #expect(item?.descendant("ToRecipients")?.descendant("EmailAddress")?.text == Fixture.bob)
                #expect(item?.child("From")?.descendant("EmailAddress")?.text == Fixture.alice)
                #expect(item?.child("Categories")?.children.map(\.text) == ["Blue"])
            }
        }
    }

    @Test func sendAndSaveCopyDeliversToEachKnownRecipientAndSavesInSentItems() async throws {
        try await Fixture.withSimulator { simulator, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let sent = try await soap.sync(SOAPExchange.distinguished("sentitems"), state: nil)
                let answer = try await soap.send("CreateItem", #"MessageDisposition="SendAndSaveCopy""#, Self.message(
                    subject: "Lunch?", to: [Fixture.bob, "someone@elsewhere.example"], cc: [Fixture.shared]))
                #expect(answer.codes == ["NoError"])
                #expect(answer.itemIDs == [nil])
                #expect(simulator.items(mailbox: Fixture.bob, in: .inbox).map(\.subject) == ["Lunch?"])
                #expect(simulator.items(mailbox: Fixture.shared, in: .inbox).map(\.subject) == ["Lunch?"])
                #expect(simulator.items(mailbox: Fixture.bob, in: .inbox).first?.isRead == false)
                let saved = simulator.items(mailbox: Fixture.alice, in: .sentItems)
                #expect(saved.map(\.subject) == ["Lunch?"])
                #expect(saved.first?.isRead == true)
                let after = try await soap.sync(SOAPExchange.distinguished("sentitems"), state: sent.state)
                #expect(after.changes.map(\.0) == ["Create"])
                // The recipients see the message alice sent, with the same Message-ID.
                #expect(simulator.items(mailbox: Fixture.bob).first?.internetMessageID == saved.first?.internetMessageID)
            }
        }
    }

    @Test func sendOnlySavesNothingAndSavedItemFolderIdIsHonoured() async throws {
        try await Fixture.withSimulator { simulator, port in
            let archive = try simulator.createFolder(named: "Archive", mailbox: Fixture.alice)
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let sendOnly = try await soap.send("CreateItem", #"MessageDisposition="SendOnly""#,
                                                   Self.message(subject: "One", to: [Fixture.bob]))
                #expect(sendOnly.codes == ["NoError"])
                #expect(simulator.items(mailbox: Fixture.alice).isEmpty)
                let saved = try await soap.send(
                    "CreateItem", #"MessageDisposition="SendAndSaveCopy""#,
                    "<m:SavedItemFolderId>\(SOAPExchange.folderID(archive))</m:SavedItemFolderId>"
                        + Self.message(subject: "Two", to: [Fixture.bob]))
                #expect(saved.codes == ["NoError"])
                #expect(simulator.items(mailbox: Fixture.alice).map(\.folder) == ["Archive"])
                #expect(Set(simulator.items(mailbox: Fixture.bob).compactMap(\.subject)) == ["One", "Two"])
                let nobody = try await soap.send("CreateItem", #"MessageDisposition="SendOnly""#,
                                                 "<m:Items><t:Message><t:Subject>x</t:Subject></t:Message></m:Items>")
                #expect(nobody.codes == ["ErrorInvalidRecipients"])
            }
        }
    }

    @Test func sendItemSendsASavedDraftAndKeepsACopyInSentItems() async throws {
        try await Fixture.withSimulator { simulator, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let created = try await soap.send("CreateItem", #"MessageDisposition="SaveOnly""#,
                                                  Self.message(subject: "Draft 2", to: [Fixture.bob]))
                let id = try #require(created.itemIDs.first ?? nil)
                let sent = try await soap.send("SendItem", #"SaveItemToFolder="true""#,
                                               #"<m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds>"#)
                #expect(sent.codes == ["NoError"])
                #expect(sent.messages.first?.name == "SendItemResponseMessage")
                #expect(simulator.items(mailbox: Fixture.alice, in: .distinguished("drafts")).isEmpty)
                #expect(simulator.items(mailbox: Fixture.alice, in: .sentItems).map(\.subject) == ["Draft 2"])
                #expect(simulator.items(mailbox: Fixture.bob, in: .inbox).map(\.subject) == ["Draft 2"])
                let again = try await soap.send("SendItem", #"SaveItemToFolder="false""#,
                                                #"<m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds>"#)
                #expect(again.codes == ["ErrorItemNotFound"])
            }
        }
    }

    @Test func updatingADraftChangesItsBodyAndRecipientsAndSendItemSendsThat() async throws {
        try await Fixture.withSimulator { simulator, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let created = try await soap.send("CreateItem", #"MessageDisposition="SaveOnly""#,
                                                  Self.message(subject: "Plan", to: [Fixture.bob], body: "First"))
                let id = try #require(created.itemIDs.first ?? nil)
                let updated = try await soap.send("UpdateItem", #"ConflictResolution="AlwaysOverwrite""#, """
                    <m:ItemChanges><t:ItemChange><t:ItemId Id="\(id)"/><t:Updates>
                    <t:SetItemField><t:FieldURI FieldURI="item:Body"/><t:Message>
                    <t:Body BodyType="HTML">&lt;p&gt;Second&lt;/p&gt;</t:Body></t:Message></t:SetItemField>
                    <t:SetItemField><t:FieldURI FieldURI="message:ToRecipients"/><t:Message><t:ToRecipients>
                    <t:Mailbox><t:EmailAddress>\(Fixture.shared)</t:EmailAddress></t:Mailbox></t:ToRecipients>
                    </t:Message></t:SetItemField>
                    </t:Updates></t:ItemChange></m:ItemChanges>
                    """)
                #expect(updated.codes == ["NoError"])
                let (draft, _) = try await soap.getItem(id, fields: ["item:Body", "message:ToRecipients"])
                #expect(draft?.child("Body")?.attribute("BodyType") == "HTML")
                #expect(draft?.child("Body")?.text == "<p>Second</p>")
                #expect(draft?.descendant("ToRecipients")?.descendant("EmailAddress")?.text == Fixture.shared)
                let sent = try await soap.send("SendItem", #"SaveItemToFolder="false""#,
                                               #"<m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds>"#)
                #expect(sent.codes == ["NoError"])
                #expect(simulator.items(mailbox: Fixture.bob).isEmpty)
                let delivered = try #require(simulator.items(mailbox: Fixture.shared).first)
                let (received, _) = try await SOAPExchange(connection: connection, user: "bob",
                                                           password: Fixture.bobPassword)
                    .getItem(delivered.id, fields: ["item:Body", "item:Subject"])
                #expect(received?.child("Body")?.text == "<p>Second</p>")
                #expect(received?.child("Subject")?.text == "Plan")
                #expect(simulator.items(mailbox: Fixture.alice).isEmpty)
            }
        }
    }

    @Test func updateItemSetsFieldsWithANewChangeKeyAndSyncReportsThem() async throws {
        try await Fixture.withSimulator { simulator, port in
            let message = try simulator.addMessage(Fixture.message(5), mailbox: Fixture.alice)
            let id = try #require(simulator.itemID(of: message))
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let (before, _) = try await soap.getItem(id, fields: ["item:Subject"])
                let changeKey = try #require(before?.child("ItemId")?.attribute("ChangeKey"))
                let inbox = try await soap.sync(SOAPExchange.distinguished("inbox"), state: nil)
                let read = try await soap.send(
                    "UpdateItem", #"MessageDisposition="SaveOnly" ConflictResolution="NeverOverwrite""#, """
                    <m:ItemChanges><t:ItemChange><t:ItemId Id="\(id)" ChangeKey="\(changeKey)"/><t:Updates>
                    <t:SetItemField><t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>1</t:IsRead>
                    </t:Message></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges>
                    """)
                #expect(read.codes == ["NoError"])
                #expect(read.messages.first?.child("ConflictResults")?.child("Count")?.text == "0")
                let newKey = try #require(read.items.first?.child("ItemId")?.attribute("ChangeKey"))
                #expect(newKey != changeKey)
                #expect(read.itemIDs == [id])
                let afterRead = try await soap.sync(SOAPExchange.distinguished("inbox"), state: inbox.state)
                #expect(afterRead.changes.map(\.0) == ["ReadFlagChange"])

                // The old ChangeKey: Exchange refuses it under NeverOverwrite, applies it under AutoResolve.
                let setFields = """
                    <m:ItemChanges><t:ItemChange><t:ItemId Id="\(id)" ChangeKey="\(changeKey)"/><t:Updates>
                    <t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:Message><t:Subject>Renamed</t:Subject>
                    </t:Message></t:SetItemField>
                    <t:SetItemField><t:FieldURI FieldURI="item:Categories"/><t:Message><t:Categories>
                    <t:String>Red</t:String><t:String>Travel</t:String></t:Categories></t:Message></t:SetItemField>
                    <t:SetItemField><t:FieldURI FieldURI="item:Flag"/><t:Message><t:Flag>
                    <t:FlagStatus>Flagged</t:FlagStatus></t:Flag></t:Message></t:SetItemField>
                    </t:Updates></t:ItemChange></m:ItemChanges>
                    """
                let conflict = try await soap.send(
                    "UpdateItem", #"MessageDisposition="SaveOnly" ConflictResolution="NeverOverwrite""#, setFields)
                #expect(conflict.codes == ["ErrorIrresolvableConflict"])
                #expect(simulator.items(mailbox: Fixture.alice).first?.subject == "Test message 5")
                let resolved = try await soap.send(
                    "UpdateItem", #"MessageDisposition="SaveOnly" ConflictResolution="AutoResolve""#, setFields)
                #expect(resolved.codes == ["NoError"])
                let afterUpdate = try await soap.sync(SOAPExchange.distinguished("inbox"), state: afterRead.state)
                #expect(afterUpdate.changes.map(\.0) == ["Update"])
                let (item, _) = try await soap.getItem(
                    id, fields: ["item:Subject", "item:Categories", "item:Flag", "message:IsRead"])
                #expect(item?.child("Subject")?.text == "Renamed")
                #expect(item?.child("Categories")?.children.map(\.text) == ["Red", "Travel"])
                #expect(item?.child("Flag")?.child("FlagStatus")?.text == "Flagged")
                #expect(item?.child("IsRead")?.text == "true")
                // xs:boolean also reads 0 (and 1, above), which exchangelib sends.
                let unread = try await soap.send("UpdateItem", #"ConflictResolution="AutoResolve""#, """
                    <m:ItemChanges><t:ItemChange><t:ItemId Id="\(id)"/><t:Updates><t:SetItemField>
                    <t:FieldURI FieldURI="message:IsRead"/><t:Message><t:IsRead>0</t:IsRead></t:Message>
                    </t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges>
                    """)
                #expect(unread.codes == ["NoError"])
                #expect(simulator.items(mailbox: Fixture.alice).first?.isRead == false)
                let missing = try await soap.send("UpdateItem", #"ConflictResolution="AutoResolve""#, """
                    <m:ItemChanges><t:ItemChange><t:ItemId Id="\(id.dropLast(8))AAAAAAA="/><t:Updates/>
                    </t:ItemChange></m:ItemChanges>
                    """)
                #expect(missing.codes == ["ErrorItemNotFound"])
            }
        }
    }
}

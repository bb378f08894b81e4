import Foundation
import Testing

@testable import EWSSimulator

@Suite("MoveItem, CopyItem and DeleteItem")
struct MoveCopyDeleteTests {
    @Test func moveItemGivesANewIDAndShowsInTheSyncOfBothFolders() async throws {
        try await Fixture.withSimulator { simulator, port in
            let message = try simulator.addMessage(Fixture.message(1), mailbox: Fixture.alice)
            let oldID = try #require(simulator.itemID(of: message))
            let archive = try simulator.createFolder(named: "Archive", mailbox: Fixture.alice)
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let inbox = try await soap.sync(SOAPExchange.distinguished("inbox"), state: nil)
                let target = try await soap.sync(SOAPExchange.folderID(archive), state: nil)
                let answer = try await soap.send("MoveItem", "", """
                    <m:ToFolderId>\(SOAPExchange.folderID(archive))</m:ToFolderId>
                    <m:ItemIds><t:ItemId Id="\(oldID)"/></m:ItemIds>
                    """)
                #expect(answer.status == 200)
                #expect(answer.codes == ["NoError"])
                #expect(answer.messages.first?.name == "MoveItemResponseMessage")
                let newID = try #require(answer.itemIDs.first ?? nil)
                #expect(newID != oldID)
                #expect(simulator.itemID(of: message) == newID)
                #expect(simulator.folderID(of: message) == archive)
                let inboxAfter = try await soap.sync(SOAPExchange.distinguished("inbox"), state: inbox.state)
                #expect(inboxAfter.changes.map(\.0) == ["Delete"])
                #expect(inboxAfter.changes.map(\.1) == [oldID])
                let targetAfter = try await soap.sync(SOAPExchange.folderID(archive), state: target.state)
                #expect(targetAfter.changes.map(\.0) == ["Create"])
                #expect(targetAfter.changes.map(\.1) == [newID])
                let (_, code) = try await soap.getItem(oldID, fields: ["item:Subject"])
                #expect(code == "ErrorItemNotFound")
            }
        }
    }

    @Test func copyItemLeavesTheOriginalAndAddsAnItemWithItsOwnID() async throws {
        try await Fixture.withSimulator { simulator, port in
            let message = try simulator.addMessage(Fixture.message(2), mailbox: Fixture.alice)
            let id = try #require(simulator.itemID(of: message))
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let inbox = try await soap.sync(SOAPExchange.distinguished("inbox"), state: nil)
                let deleted = try await soap.sync(SOAPExchange.distinguished("deleteditems"), state: nil)
                let answer = try await soap.send("CopyItem", "", """
                    <m:ToFolderId>\(SOAPExchange.distinguished("deleteditems"))</m:ToFolderId>
                    <m:ItemIds><t:ItemId Id="\(id)"/></m:ItemIds>
                    """)
                #expect(answer.codes == ["NoError"])
                #expect(answer.messages.first?.name == "CopyItemResponseMessage")
                let copyID = try #require(answer.itemIDs.first ?? nil)
                #expect(copyID != id)
                #expect(simulator.itemID(of: message) == id)
                let actual1 = try await soap.sync(SOAPExchange.distinguished("inbox"), state: inbox.state).changes.isEmpty
                #expect(actual1)
                let after = try await soap.sync(SOAPExchange.distinguished("deleteditems"), state: deleted.state)
                #expect(after.changes.map(\.0) == ["Create"])
                #expect(after.changes.map(\.1) == [copyID])
                let (copy, _) = try await soap.getItem(copyID, fields: ["item:Subject", "message:InternetMessageId"])
                #expect(copy?.child("Subject")?.text == "Test message 2")
                #expect(copy?.child("InternetMessageId")?.text == "<msg2@example.com>")
            }
        }
    }

    @Test func badIDsFailTheirOwnMessageOnlyAndAMissingTargetIsToFolderNotFound() async throws {
        try await Fixture.withSimulator { simulator, port in
            let message = try simulator.addMessage(Fixture.message(3), mailbox: Fixture.alice)
            let id = try #require(simulator.itemID(of: message))
            // An id of the right shape that names nothing: a real id with one byte changed.
            var bytes = [UInt8](try #require(Data(base64Encoded: id)))
            bytes[30] ^= 0xFF
            let unknown = Data(bytes).base64EncodedString()
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let answer = try await soap.send("MoveItem", "", """
                    <m:ToFolderId>\(SOAPExchange.distinguished("junkemail"))</m:ToFolderId>
                    <m:ItemIds><t:ItemId Id="not an id!"/><t:ItemId Id="\(unknown)"/><t:ItemId Id="\(id)"/></m:ItemIds>
                    """)
                #expect(answer.codes == ["ErrorInvalidIdMalformed", "ErrorItemNotFound", "NoError"])
                #expect(answer.messages.map { $0.attribute("ResponseClass") } == ["Error", "Error", "Success"])
                #expect(answer.messages[0].child("MessageText")?.text == "Id is malformed.")
                let noTarget = try await soap.send("MoveItem", "", """
                    <m:ToFolderId>\(SOAPExchange.folderID(unknown))</m:ToFolderId>
                    <m:ItemIds><t:ItemId Id="\(try #require(simulator.itemID(of: message)))"/></m:ItemIds>
                    """)
                #expect(noTarget.codes == ["ErrorToFolderNotFound"])
            }
        }
    }

    @Test func rightsApplyToTheItemsAndATargetInAnotherMailboxReturnsNoID() async throws {
        try await Fixture.withSimulator { simulator, port in
            let shared = try simulator.addMessage(Fixture.message(6), mailbox: Fixture.shared)
            let sharedID = try #require(simulator.itemID(of: shared))
            let alices = try simulator.addMessage(Fixture.message(7), mailbox: Fixture.alice)
            try await TestHTTPConnection.with(port: port) { connection in
                // bob is a delegate of the shared mailbox: he may copy from it into his own Inbox.
                let bob = SOAPExchange(connection: connection, user: "bob", password: Fixture.bobPassword)
                let copied = try await bob.send("CopyItem", "", """
                    <m:ToFolderId>\(SOAPExchange.distinguished("inbox"))</m:ToFolderId>
                    <m:ItemIds><t:ItemId Id="\(sharedID)"/></m:ItemIds>
                    """)
                #expect(copied.codes == ["NoError"])
                #expect(copied.itemIDs == [nil])
                #expect(simulator.items(mailbox: Fixture.bob).map(\.subject) == ["Test message 6"])
                #expect(simulator.items(mailbox: Fixture.shared).map(\.subject) == ["Test message 6"])
                // alice's items are not his to move or delete.
                let alicesID = try #require(simulator.itemID(of: alices))
                let moved = try await bob.send("MoveItem", "", """
                    <m:ToFolderId>\(SOAPExchange.distinguished("inbox"))</m:ToFolderId>
                    <m:ItemIds><t:ItemId Id="\(alicesID)"/></m:ItemIds>
                    """)
                #expect(moved.codes == ["ErrorAccessDenied"])
                let deleted = try await bob.send("DeleteItem", #"DeleteType="HardDelete""#,
                                                 #"<m:ItemIds><t:ItemId Id="\#(alicesID)"/></m:ItemIds>"#)
                #expect(deleted.codes == ["ErrorAccessDenied"])
                #expect(simulator.itemID(of: alices) == alicesID)
            }
        }
    }

    @Test(arguments: ["HardDelete", "SoftDelete", "MoveToDeletedItems"])
    func deleteItemIsADeleteInTheFolderSync(deleteType: String) async throws {
        try await Fixture.withSimulator { simulator, port in
            let message = try simulator.addMessage(Fixture.message(4), mailbox: Fixture.alice)
            let id = try #require(simulator.itemID(of: message))
            try await TestHTTPConnection.with(port: port) { connection in
                let soap = SOAPExchange(connection: connection)
                let inbox = try await soap.sync(SOAPExchange.distinguished("inbox"), state: nil)
                let answer = try await soap.send("DeleteItem", #"DeleteType="\#(deleteType)""#,
                                                 #"<m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds>"#)
                #expect(answer.codes == ["NoError"])
                #expect(answer.messages.first?.name == "DeleteItemResponseMessage")
                let after = try await soap.sync(SOAPExchange.distinguished("inbox"), state: inbox.state)
                #expect(after.changes.map(\.0) == ["Delete"])
                #expect(after.changes.map(\.1) == [id])
                let trash = simulator.items(mailbox: Fixture.alice, in: .deletedItems)
                if deleteType == "MoveToDeletedItems" {
                    #expect(trash.count == 1)
                    #expect(trash.first?.subject == "Test message 4")
                    #expect(trash.first?.id != id)
                } else {
                    #expect(trash.isEmpty)
                }
                // SoftDelete keeps the item in the dumpster, HardDelete keeps nothing.
                let dumpster = simulator.items(mailbox: Fixture.alice, in: .distinguished("recoverableitemsdeletions"))
                #expect(dumpster.map(\.subject) == (deleteType == "SoftDelete" ? ["Test message 4"] : []))
                let again = try await soap.send("DeleteItem", #"DeleteType="HardDelete""#,
                                                #"<m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds>"#)
                #expect(again.codes == ["ErrorItemNotFound"])
            }
        }
    }

    @Test func anOperationTheSimulatorDoesNotKnowIsASchemaValidationFaultNamingIt() async throws {
        try await Fixture.withSimulator { _, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let answer = try await SOAPExchange(connection: connection).send("GetUserOofSettings", "", "")
                #expect(answer.status == 500)
                let fault = try #require(answer.root.child("Body")?.child("Fault"))
                #expect(fault.child("faultcode")?.trimmedText == "a:ErrorSchemaValidation")
                #expect(fault.child("detail")?.child("ResponseCode")?.trimmedText == "ErrorSchemaValidation")
                #expect(fault.descendant("Violation")?.text.contains("GetUserOofSettings") == true)
            }
        }
    }
}

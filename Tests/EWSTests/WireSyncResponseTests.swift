import Foundation
import Testing

@testable import EWS

@Suite("EWS sync responses")
struct WireSyncResponseTests {
    @Test func folderHierarchyPage() throws {
        let messages = try EWSResponseParser.parseSyncFolderHierarchy(WireFixtures.syncFolderHierarchy.wireBytes)
            .requireMessages()
        let page = try #require(messages.first)
        #expect(messages.count == 1)
        #expect(page.status.isSuccess && page.status.disposition == .success)
        #expect(page.syncState == "H4sIAAAAAAAEAO29B2AcSZYlJi9tynt/SvVK1+B0ZbNa")
        #expect(page.includesLastFolderInRange == false)
        #expect(page.changes.count == 7, "EffectiveRights/Delete must not count as a change")

        guard case .update(let updated) = page.changes[0] else { Issue.record("expected update"); return }
        #expect(updated == EWSFolder(
            kind: .folder,
            id: EWSFolderID(id: "AAMkAGRlYmQ1=", changeKey: "AQAAABYAAAB2"),
            parentID: EWSFolderID(id: "AQMkAGRlYmQ1AAA=", changeKey: "AQAAAA=="),
            displayName: "Project & Budget",
            folderClass: "IPF.Note",
            totalCount: 3,
            unreadCount: 0
        ))
        guard case .create(let created) = page.changes[1] else { Issue.record("expected create"); return }
        #expect(created.displayName == "Invoices 2024", "references to U+0001 are removed")
        #expect(created.parentID?.id == "AAMkAGRlYmQ1=")

        let kinds = page.changes.compactMap { change -> EWSFolderKind? in
            switch change {
            case .create(let folder), .update(let folder): folder.kind
            case .delete: nil
            }
        }
        #expect(kinds == [.folder, .folder, .calendarFolder, .contactsFolder, .searchFolder, .tasksFolder])
        #expect(page.changes.last == .delete(EWSFolderID(id: "AAMkAD/AAA=", changeKey: "AQAAAA==")))
        #expect(page.changes[5].folderID.id == "TSK=")
    }

    @Test func folderHierarchyInvalidSyncState() throws {
        let messages = try EWSResponseParser.parseSyncFolderHierarchy(
            WireFixtures.syncFolderHierarchyInvalidState.wireBytes
        ).requireMessages()
        let page = try #require(messages.first)
        #expect(page.status.responseClass == .error)
        #expect(page.status.responseCode == .errorInvalidSyncStateData)
        #expect(page.status.messageText == "Synchronization state data is corrupted or otherwise invalid.")
        #expect(page.status.disposition == .invalidSyncState)
        #expect(page.syncState == "")
        #expect(page.changes.isEmpty)
    }

    @Test func itemChangesPage() throws {
        let page = try #require(
            try EWSResponseParser.parseSyncFolderItems(WireFixtures.syncFolderItems.wireBytes).requireMessages().first
        )
        #expect(page.status.isSuccess)
        #expect(page.syncState == "H4sIAAAAAAAEAO29B2AcSZY==")
        #expect(page.includesLastItemInRange == false)
        #expect(page.changes == [
            .update(EWSChangedItem(id: EWSItemID(id: "q04QAAAA==", changeKey: "CQAAABYAAADZ"), itemType: "Message")),
            .create(EWSChangedItem(id: EWSItemID(id: "AAMkADBh1==", changeKey: "CQAAABYAAAB1"), itemType: "Message")),
            .create(
                EWSChangedItem(id: EWSItemID(id: "AQApAHRwA==", changeKey: "CwAAABYA"), itemType: "MeetingRequest")
            ),
            .readFlagChange(EWSItemID(id: " q07AAAAA==", changeKey: "CQAAAA=="), isRead: true),
            .readFlagChange(EWSItemID(id: "q08AAAAA==", changeKey: "CQAAAB=="), isRead: false),
            .delete(EWSItemID(id: " q1AwAAAA==", changeKey: "CQAAAA==")),
        ])
    }

    @Test func itemChangesInTheDefaultNamespace() throws {
        let page = try #require(
            try EWSResponseParser.parseSyncFolderItems(WireFixtures.syncFolderItemsDefaultNamespace.wireBytes)
                .requireMessages().first
        )
        #expect(page.includesLastItemInRange)
        let item = EWSChangedItem(id: EWSItemID(id: "ITEM1", changeKey: "CK"), itemType: "Item")
        #expect(page.changes == [.create(item)])
    }

    @Test("a throttled sync page reports the inner code and its back-off")
    func throttledPage() throws {
        let page = try #require(
            try EWSResponseParser.parseSyncFolderItems(WireFixtures.syncFolderItemsThrottled.wireBytes)
                .requireMessages().first
        )
        #expect(page.status.responseCode == .errorInternalServerError)
        #expect(page.status.innerResponseCode == .errorServerBusy)
        #expect(page.status.backOffMilliseconds == 30_000)
        #expect(page.status.messageXMLValues["InnerErrorDescriptiveLinkKey"] == "0")
        #expect(page.status.disposition == .transient(backOffMilliseconds: 30_000))
        #expect(page.includesLastItemInRange, "an error page has nothing more to fetch")
    }

    @Test("a successful page must say whether it is the last")
    func missingIncludesLast() {
        let body = WireFixtures.syncFolderItemsDefaultNamespace
            .replacingOccurrences(of: "<IncludesLastItemInRange>true</IncludesLastItemInRange>", with: "")
        #expect(throws: EWSParseError.missingElement) { try EWSResponseParser.parseSyncFolderItems(body.wireBytes) }
        let garbled = WireFixtures.syncFolderItemsDefaultNamespace
            .replacingOccurrences(of: ">true</IncludesLastItemInRange>", with: ">maybe</IncludesLastItemInRange>")
        #expect(throws: EWSParseError.invalidValue) { try EWSResponseParser.parseSyncFolderItems(garbled.wireBytes) }
    }

    @Test("the wrong operation's response is refused")
    func wrongOperation() {
        #expect(throws: EWSParseError.unexpectedResponse) {
            try EWSResponseParser.parseSyncFolderHierarchy(WireFixtures.syncFolderItems.wireBytes)
        }
        #expect(throws: EWSParseError.unexpectedResponse) {
            try EWSResponseParser.parseGetItem(WireFixtures.getFolder.wireBytes)
        }
    }
}

import EWS
import EWSSimulator
import Testing

@Suite("SyncFolderHierarchy and SyncFolderItems: real sync states, paging, moves")
struct SyncTests {
    let builder = EWSRequestBuilder(version: .exchange2016)

    private func session(_ connection: TestHTTPConnection) -> TestEWSSession {
        TestEWSSession(connection: connection, credentials: .basic(user: "alice", password: Fixture.alicePassword))
    }

    private func syncItems(
        _ session: TestEWSSession,
        folder: EWSFolderReference,
        state: String?,
        max: Int = 512
    ) async throws -> EWSSyncFolderItemsResponse {
        let answer = try await session.send(
            try builder.syncFolderItems(folder: folder, syncState: state, maxChangesReturned: max))
        #expect(answer.status == 200)
        let messages = try #require(try EWSResponseParser.parseSyncFolderItems(answer.body).messages)
        return try #require(messages.first)
    }

    @Test func hierarchyListsTheMailFoldersAndLaterChanges() async throws {
        try await Fixture.withSimulator { simulator, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let answer = try await session(connection).send(builder.syncFolderHierarchy(syncState: nil))
                let page = try #require(try EWSResponseParser.parseSyncFolderHierarchy(answer.body).messages?.first)
                #expect(page.status.isSuccess)
                #expect(page.includesLastFolderInRange)
                let folders = page.changes.compactMap { change -> EWSFolder? in
                    if case .create(let folder) = change { return folder }
                    return nil
                }
                let names = Set(folders.compactMap(\.displayName))
                #expect(names.isSuperset(of: ["Inbox", "Sent Items", "Deleted Items"]))
                let inbox = try #require(folders.first { $0.displayName == "Inbox" })
                #expect(inbox.folderClass == "IPF.Note")
                #expect(inbox.id.id == simulator.folderID(.inbox, mailbox: Fixture.alice))
                #expect(inbox.parentID?.id == simulator.folderID(.msgFolderRoot, mailbox: Fixture.alice))
                #expect(folders.contains { $0.kind == .calendarFolder })

                // Incremental: a new folder under Inbox, a rename, then a deletion.
                let projects = try simulator.createFolder(named: "Projects", in: .inbox, mailbox: Fixture.alice)
                try simulator.renameFolder(.sentItems, mailbox: Fixture.alice, to: "Sent")
                let next = try await session(connection).send(builder.syncFolderHierarchy(syncState: page.syncState))
                let second = try #require(try EWSResponseParser.parseSyncFolderHierarchy(next.body).messages?.first)
                #expect(second.changes.count == 2)
                #expect(
                    second.changes.contains { change in
                        if case .create(let folder) = change {
                            return folder.id.id == projects && folder.parentID?.id == inbox.id.id
                                && folder.displayName == "Projects"
                        }
                        return false
                    })
                #expect(
                    second.changes.contains { if case .update(let f) = $0 { f.displayName == "Sent" } else { false } })

                try simulator.deleteFolder(.id(projects), mailbox: Fixture.alice)
                let third = try await session(connection).send(builder.syncFolderHierarchy(syncState: second.syncState))
                let deleted = try #require(try EWSResponseParser.parseSyncFolderHierarchy(third.body).messages?.first)
                #expect(deleted.changes == [.delete(EWSFolderID(id: projects))])
            }
        }
    }

    @Test func itemsPageThroughThirtyMessagesTenAtATime() async throws {
        try await Fixture.withSimulator { simulator, port in
            var expected: Set<String> = []
            for index in 0..<30 {
                let message = try simulator.addMessage(Fixture.message(index), mailbox: Fixture.alice)
                expected.insert(try #require(simulator.itemID(of: message)))
            }
            try await TestHTTPConnection.with(port: port) { connection in
                var state: String?
                var seen: [String] = []
                var pages = 0
                while true {
                    let page = try await syncItems(
                        session(connection), folder: .distinguished(.inbox), state: state, max: 10)
                    #expect(page.status.isSuccess)
                    #expect(page.changes.count <= 10)
                    for change in page.changes {
                        guard case .create(let item) = change else {
                            Issue.record("expected only creates, got \(change)")
                            continue
                        }
                        #expect(item.itemType == "Message")
                        seen.append(item.id.id)
                    }
                    state = page.syncState
                    pages += 1
                    if page.includesLastItemInRange { break }
                    #expect(pages < 10)
                }
                #expect(pages == 3)
                #expect(seen.count == 30)
                #expect(Set(seen) == expected)

                let after = try await syncItems(
                    session(connection), folder: .distinguished(.inbox), state: state, max: 10)
                #expect(after.changes.isEmpty)
                #expect(after.includesLastItemInRange)
            }
        }
    }

    @Test func aMoveIsADeleteInOneFolderAndACreateWithANewIDInTheOther() async throws {
        try await Fixture.withSimulator { simulator, port in
            let message = try simulator.addMessage(Fixture.message(1), mailbox: Fixture.alice)
            let oldID = try #require(simulator.itemID(of: message))
            let archive = try simulator.createFolder(named: "Archive", mailbox: Fixture.alice)
            try await TestHTTPConnection.with(port: port) { connection in
                let inbox = try await syncItems(session(connection), folder: .distinguished(.inbox), state: nil)
                let target = try await syncItems(session(connection), folder: .id(EWSFolderID(id: archive)), state: nil)
                #expect(inbox.changes.map(\.itemID.id) == [oldID])
                #expect(target.changes.isEmpty)

                try simulator.move(message, to: .id(archive))
                let newID = try #require(simulator.itemID(of: message))
                #expect(newID != oldID)
                #expect(simulator.folderID(of: message) == archive)

                let inboxAfter = try await syncItems(
                    session(connection), folder: .distinguished(.inbox), state: inbox.syncState)
                #expect(inboxAfter.changes == [.delete(EWSItemID(id: oldID))])
                let targetAfter = try await syncItems(
                    session(connection), folder: .id(EWSFolderID(id: archive)), state: target.syncState
                )
                #expect(targetAfter.changes.count == 1)
                guard case .create(let created) = targetAfter.changes.first else {
                    Issue.record("expected a create")
                    return
                }
                #expect(created.id.id == newID)
            }
        }
    }

    @Test func readFlagUpdateAndDeleteAreReported() async throws {
        try await Fixture.withSimulator { simulator, port in
            let first = try simulator.addMessage(Fixture.message(1), mailbox: Fixture.alice)
            let second = try simulator.addMessage(Fixture.message(2), mailbox: Fixture.alice)
            let third = try simulator.addMessage(Fixture.message(3), mailbox: Fixture.alice)
            try await TestHTTPConnection.with(port: port) { connection in
                let initial = try await syncItems(session(connection), folder: .distinguished(.inbox), state: nil)
                #expect(initial.changes.count == 3)
                let thirdID = try #require(simulator.itemID(of: third))
                // Newest first, as Exchange 2010 SP2 and later list them.
                #expect(initial.changes.first?.itemID.id == thirdID)

                try simulator.markRead(first)
                try simulator.touch(second)
                try simulator.delete(third)
                let page = try await syncItems(
                    session(connection), folder: .distinguished(.inbox), state: initial.syncState)
                let firstID = try #require(simulator.itemID(of: first))
                let secondID = try #require(simulator.itemID(of: second))
                #expect(page.changes.count == 3)
                #expect(
                    page.changes.contains { change in
                        if case .readFlagChange(let id, let isRead) = change {
                            id.id == firstID && isRead
                        } else {
                            false
                        }
                    })
                #expect(page.changes.contains { if case .update(let i) = $0 { i.id.id == secondID } else { false } })
                #expect(page.changes.contains(.delete(EWSItemID(id: thirdID))))
            }
        }
    }

    @Test func foreignOrEditedStatesAndDeletedFoldersAreRefused() async throws {
        try await Fixture.withSimulator { simulator, port in
            let projects = try simulator.createFolder(named: "Projects", mailbox: Fixture.alice)
            try await TestHTTPConnection.with(port: port) { connection in
                let inbox = try await syncItems(session(connection), folder: .distinguished(.inbox), state: nil)
                let state = try #require(inbox.syncState)

                let foreign = try await syncItems(
                    session(connection), folder: .id(EWSFolderID(id: projects)), state: state)
                #expect(foreign.status.responseCode == .errorInvalidSyncStateData)
                #expect(foreign.status.disposition == .invalidSyncState)

                var edited = Array(state)
                edited[edited.count / 2] = edited[edited.count / 2] == "A" ? "B" : "A"
                let garbled = try await syncItems(
                    session(connection), folder: .distinguished(.inbox), state: String(edited))
                #expect(garbled.status.responseCode == .errorInvalidSyncStateData)

                try simulator.deleteFolder(.id(projects), mailbox: Fixture.alice)
                let gone = try await syncItems(session(connection), folder: .id(EWSFolderID(id: projects)), state: nil)
                #expect(gone.status.responseCode == .errorSyncFolderNotFound)
            }
        }
    }
}

import Foundation
import GraphSimulator
import Testing

/// `messages/delta` as Graph does it: an initial round (with a start time, paged by `odata.maxpagesize`, `$select`
/// kept in the tokens), then only changes: new mail, read flags, deletions, moves both ways, with default ids
/// (new id after a move) and immutable ids (the same id), and 410 for an invalidated token.
@Suite struct MessageDeltaTests {
    static let immutable = [("Prefer", "IdType=\"ImmutableId\""), ("Prefer", "odata.maxpagesize=3")]

    func inboxDelta(_ query: String = "") -> String {
        let user = Fixture.alice.replacingOccurrences(of: "@", with: "%40")
        return "/v1.0/users/\(user)/mailFolders/inbox/messages/delta()\(query)"
    }

    @Test func initialRoundFromAStartTimePagesToADeltaLink() async throws {
        try await Fixture.withSimulator { simulator, session in
            for index in 0..<10 {
                try simulator.deliver(Fixture.message(index), mailbox: Fixture.alice, received: Fixture.time(index))
            }
            let start = "$select=subject,isRead,receivedDateTime&$filter=receivedDateTime+ge+2026-03-02T10:03:00Z"
            let first = try await session.get(inboxDelta("?\(start)"), headers: [("Prefer", "odata.maxpagesize=2")])
            #expect(first.status == 200)
            #expect(first.header("Preference-Applied") == "odata.maxpagesize=2")
            #expect(
                first.json["@odata.context"] as? String
                    == "http://127.0.0.1:\(session.port)/v1.0/$metadata#Collection(message)")
            let next = try #require(first.json["@odata.nextLink"] as? String)
            #expect(next.contains("/mailFolders('inbox')/messages/delta?$skiptoken="))
            let item = try #require(first.value.first)
            #expect(Set(item.keys) == ["@odata.type", "@odata.etag", "subject", "isRead", "receivedDateTime", "id"])
            #expect(item["@odata.type"] as? String == "#microsoft.graph.message")
            #expect(item["receivedDateTime"] as? String == "2026-03-02T10:03:00Z")

            let round = try await session.deltaRound(
                inboxDelta("?\(start)"), headers: [("Prefer", "odata.maxpagesize=2")])
            #expect(round.pages == 4)
            #expect(round.items.compactMap { $0["subject"] as? String } == (3..<10).map { "Test message \($0)" })
            #expect(round.items.allSatisfy { $0["bodyPreview"] == nil }, "$select travels in the tokens")
            #expect(round.deltaLink.contains("/messages/delta?$deltatoken="))
            let quiet = try await session.get(round.deltaLink)
            #expect(quiet.value.isEmpty)
            #expect(quiet.json["@odata.deltaLink"] != nil)
        }
    }

    @Test func laterRoundsReportOnlyChanges() async throws {
        try await Fixture.withSimulator { simulator, session in
            let messages = try (0..<5).map { try simulator.deliver(Fixture.message($0), mailbox: Fixture.alice) }
            let initial = try await session.deltaRound(inboxDelta())
            #expect(initial.items.count == 5)

            let fresh = try simulator.deliver(Fixture.message(5), mailbox: Fixture.alice)
            try simulator.markRead(messages[1])
            try simulator.delete(messages[2])
            let changes = try await session.deltaRound(initial.deltaLink)
            #expect(changes.items.count == 3)
            let byID = Dictionary(uniqueKeysWithValues: changes.items.map { ($0["id"] as? String ?? "", $0) })
            #expect(byID[try #require(simulator.restID(of: fresh))]?["subject"] as? String == "Test message 5")
            #expect(byID[try #require(simulator.restID(of: messages[1]))]?["isRead"] as? Bool == true)
            let removed = initial.items.first { $0["subject"] as? String == "Test message 2" }?["id"] as? String
            #expect((byID[try #require(removed)]?["@removed"] as? [String: String]) == ["reason": "deleted"])
            let again = try await session.deltaRound(changes.deltaLink)
            #expect(again.items.isEmpty)
        }
    }

    @Test func changeTypeKeepsOneKindOfChange() async throws {
        try await Fixture.withSimulator { simulator, session in
            let messages = try (0..<3).map { try simulator.deliver(Fixture.message($0), mailbox: Fixture.alice) }
            var links: [String: String] = [:]
            for kind in ["created", "updated", "deleted"] {
                links[kind] = try await session.deltaRound(inboxDelta("?changeType=\(kind)")).deltaLink
            }
            let fresh = try simulator.deliver(Fixture.message(3), mailbox: Fixture.alice)
            try simulator.markRead(messages[0])
            try simulator.delete(messages[1])
            let created = try await session.deltaRound(try #require(links["created"]))
            #expect(created.items.map { $0["id"] as? String } == [simulator.restID(of: fresh)])
            let updated = try await session.deltaRound(try #require(links["updated"]))
            #expect(updated.items.map { $0["id"] as? String } == [simulator.restID(of: messages[0])])
            let deleted = try await session.deltaRound(try #require(links["deleted"]))
            #expect(deleted.items.count == 1)
            #expect(deleted.items.first?["@removed"] != nil)
        }
    }

    @Test func movesWithDefaultIDs() async throws {
        try await Fixture.withSimulator { simulator, session in
            let message = try simulator.deliver(Fixture.message(1), mailbox: Fixture.alice)
            let inbox = try await session.deltaRound(inboxDelta())
            let archivePath = "/v1.0/users/\(Fixture.alice)/mailFolders/archive/messages/delta"
            let archive = try await session.deltaRound(archivePath)
            let oldID = try #require(inbox.items.first?["id"] as? String)

            try simulator.move(message, to: .archive)
            let newID = try #require(simulator.restID(of: message))
            #expect(newID != oldID, "a move gives a new default id")
            let source = try await session.deltaRound(inbox.deltaLink)
            #expect(source.items.map { $0["id"] as? String } == [oldID])
            #expect((source.items.first?["@removed"] as? [String: String])?["reason"] == "deleted")
            let target = try await session.deltaRound(archive.deltaLink)
            #expect(target.items.map { $0["id"] as? String } == [newID])
            #expect(
                target.items.first?["parentFolderId"] as? String == simulator.folderID(.archive, mailbox: Fixture.alice)
            )
            let stale = try await session.get("/v1.0/users/\(Fixture.alice)/messages/\(oldID)")
            #expect(stale.status == 404)
            #expect(stale.errorCode == "ErrorItemNotFound")

            // And back: the inbox sees it arrive under yet another id, the archive sees it leave.
            try simulator.move(message, to: .inbox)
            let back = try await session.deltaRound(source.deltaLink)
            #expect(back.items.map { $0["id"] as? String } == [simulator.restID(of: message)])
            let left = try await session.deltaRound(target.deltaLink)
            #expect(left.items.map { $0["id"] as? String } == [newID])
        }
    }

    @Test func movesWithImmutableIDsKeepTheID() async throws {
        try await Fixture.withSimulator({ $0.moveRemovalReason = .changed }) { simulator, session in
            let message = try simulator.deliver(Fixture.message(1), mailbox: Fixture.alice)
            let inbox = try await session.deltaRound(inboxDelta(), headers: Self.immutable)
            let archivePath = "/v1.0/users/\(Fixture.alice)/mailFolders/archive/messages/delta"
            let archive = try await session.deltaRound(archivePath, headers: Self.immutable)
            #expect(inbox.items.first?["id"] as? String == message.immutableID)

            try simulator.move(message, to: .archive)
            let source = try await session.deltaRound(inbox.deltaLink, headers: Self.immutable)
            #expect(source.items.map { $0["id"] as? String } == [message.immutableID])
            #expect((source.items.first?["@removed"] as? [String: String])?["reason"] == "changed")
            let target = try await session.deltaRound(archive.deltaLink, headers: Self.immutable)
            #expect(target.items.map { $0["id"] as? String } == [message.immutableID])
            let fetched = try await session.get(
                "/v1.0/users/\(Fixture.alice)/messages/\(message.immutableID)",
                headers: Self.immutable)
            #expect(fetched.status == 200)
            #expect(fetched.json["id"] as? String == message.immutableID)
            #expect(fetched.header("Preference-Applied") == "IdType=\"ImmutableId\"")

            try simulator.move(message, to: .inbox)
            let back = try await session.deltaRound(source.deltaLink, headers: Self.immutable)
            #expect(back.items.map { $0["id"] as? String } == [message.immutableID])
            #expect(back.items.first?["@removed"] == nil)
        }
    }

    @Test func nestedFoldersEachHaveTheirOwnDelta() async throws {
        try await Fixture.withSimulator { simulator, session in
            let projects = try simulator.createFolder(named: "Projects", in: .inbox, mailbox: Fixture.alice)
            try simulator.deliver(Fixture.message(1), mailbox: Fixture.alice, received: Fixture.time(0))
            try simulator.deliver(
                Fixture.message(2), to: .id(projects), mailbox: Fixture.alice, received: Fixture.time(60))
            try simulator.deliver(
                Fixture.message(3), to: .id(projects), mailbox: Fixture.alice, received: Fixture.time(-60))
            let round = try await session.deltaRound(
                "/v1.0/users/\(Fixture.alice)/mailFolders/\(projects)/messages/delta"
                    + "?$filter=receivedDateTime+gt+2026-03-02T10:00:00Z")
            #expect(round.items.compactMap { $0["subject"] as? String } == ["Test message 2"])
            let inbox = try await session.deltaRound(inboxDelta())
            #expect(inbox.items.compactMap { $0["subject"] as? String } == ["Test message 1"])
        }
    }

    @Test(arguments: [false, true])
    func anInvalidatedTokenAnswers410(wholeMailbox: Bool) async throws {
        try await Fixture.withSimulator { simulator, session in
            try simulator.deliver(Fixture.message(1), mailbox: Fixture.alice)
            try simulator.deliver(Fixture.message(2), mailbox: Fixture.alice)
            let first = try await session.get(inboxDelta(), headers: [("Prefer", "odata.maxpagesize=1")])
            let skipLink = try #require(first.json["@odata.nextLink"] as? String)
            let round = try await session.deltaRound(inboxDelta())
            try simulator.invalidateDeltaTokens(mailbox: Fixture.alice, folder: wholeMailbox ? nil : .inbox)
            for link in [round.deltaLink, skipLink] {
                let gone = try await session.get(link)
                #expect(gone.status == 410)
                #expect(gone.errorCode == "SyncStateNotFound")
                #expect(gone.json["error"].flatMap { ($0 as? [String: Any])?["innerError"] } != nil)
            }
            let restart = try await session.deltaRound(inboxDelta())
            #expect(restart.items.count == 2, "a full resync works")
            let forged = try await session.get(inboxDelta("?$deltatoken=bm90LWEtdG9rZW4"))
            #expect(forged.status == 410)
            #expect(forged.errorCode == "SyncStateInvalid")
        }
    }

    @Test func deltaRefusesWhatGraphRefuses() async throws {
        try await Fixture.withSimulator { _, session in
            let search = try await session.get(inboxDelta("?$search=hello"))
            #expect(search.status == 400)
            let filter = try await session.get(inboxDelta("?$filter=subject+eq+'x'"))
            #expect(filter.status == 400)
            #expect(filter.errorCode == "ErrorInvalidUrlQueryFilter")
            let select = try await session.get(inboxDelta("?$select=subject,colour"))
            #expect(select.errorCode == "RequestBroker--ParseUri")
        }
    }
}

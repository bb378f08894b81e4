import Foundation
import GraphSimulator
import Testing

/// `mailFolders`, `childFolders`, single folders by well-known name, and `mailFolders/delta` over nested folders.
@Suite struct FolderTests {
    @Test func topLevelFoldersPageWithSkip() async throws {
        try await Fixture.withSimulator { _, session in
            let first = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders?$top=3")
            #expect(first.status == 200)
            #expect(
                first.json["@odata.context"] as? String
                    == "http://127.0.0.1:\(session.port)/v1.0/$metadata#users('alice%40contoso.com')/mailFolders")
            #expect(
                first.value.map { $0["displayName"] as? String } == [
                    "Archive", "Conversation History", "Deleted Items",
                ])
            let next = try #require(first.json["@odata.nextLink"] as? String)
            #expect(next.hasSuffix("/v1.0/users/\(Fixture.alice)/mailFolders?%24top=3&%24skip=3"))
            var names = first.value.compactMap { $0["displayName"] as? String }
            var link: String? = next
            while let url = link {
                let page = try await session.get(url)
                names += page.value.compactMap { $0["displayName"] as? String }
                link = page.json["@odata.nextLink"] as? String
            }
            #expect(
                names == [
                    "Archive", "Conversation History", "Deleted Items", "Drafts", "Inbox", "Junk Email",
                    "Outbox", "Sent Items",
                ])
            let folder = first.value[0]
            #expect(
                Set(folder.keys) == [
                    "id", "displayName", "parentFolderId", "childFolderCount", "unreadItemCount",
                    "totalItemCount", "isHidden",
                ])
        }
    }

    @Test(arguments: [
        ("inbox", "Inbox"), ("sentitems", "Sent Items"), ("deleteditems", "Deleted Items"),
        ("archive", "Archive"), ("junkemail", "Junk Email"), ("drafts", "Drafts"), ("Inbox", "Inbox"),
    ])
    func wellKnownNamesAreIDs(name: String, displayName: String) async throws {
        try await Fixture.withSimulator { simulator, session in
            let response = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders/\(name)")
            #expect(response.status == 200)
            #expect(response.json["displayName"] as? String == displayName)
            #expect(
                response.json["id"] as? String
                    == simulator.folderID(.wellKnown(name.lowercased()), mailbox: Fixture.alice))
            let quoted = try await session.get("/v1.0/users('\(Fixture.alice)')/mailFolders('\(name)')")
            #expect(quoted.json["id"] as? String == response.json["id"] as? String)
        }
    }

    @Test func theUserMayBePercentEncodedOrAnObjectID() async throws {
        try await Fixture.withSimulator { simulator, session in
            let userID = try #require(simulator.userID(of: Fixture.alice))
            for user in ["alice%40contoso.com", "ALICE@contoso.com", userID] {
                let response = try await session.get("/v1.0/users/\(user)/mailFolders/inbox")
                #expect(response.status == 200, "\(user): \(response.text)")
            }
        }
    }

    @Test func childFoldersAndCounts() async throws {
        try await Fixture.withSimulator { simulator, session in
            let projects = try simulator.createFolder(named: "Projects", in: .inbox, mailbox: Fixture.alice)
            try simulator.createFolder(named: "2026", in: .id(projects), mailbox: Fixture.alice)
            try simulator.deliver(Fixture.message(1), to: .path(["Inbox", "Projects"]), mailbox: Fixture.alice)
            let inbox = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders/inbox")
            #expect(inbox.json["childFolderCount"] as? Int == 1)
            let children = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders/inbox/childFolders")
            #expect(children.value.map { $0["displayName"] as? String } == ["Projects"])
            #expect(children.value.first?["totalItemCount"] as? Int == 1)
            #expect(children.value.first?["unreadItemCount"] as? Int == 1)
            let nested = try await session.get(
                "/v1.0/users/\(Fixture.alice)/mailFolders/inbox/childFolders/\(projects)/childFolders")
            #expect(nested.value.map { $0["displayName"] as? String } == ["2026"])
        }
    }

    @Test func folderDeltaListsNestedFoldersWithParents() async throws {
        try await Fixture.withSimulator { simulator, session in
            let projects = try simulator.createFolder(named: "Projects", in: .inbox, mailbox: Fixture.alice)
            let year = try simulator.createFolder(named: "2026", in: .id(projects), mailbox: Fixture.alice)
            let round = try await session.deltaRound(
                "/v1.0/users/\(Fixture.alice)/mailFolders/delta()",
                headers: [("Prefer", "odata.maxpagesize=4")])
            #expect(round.pages == 3)
            let byID = Dictionary(uniqueKeysWithValues: round.items.map { ($0["id"] as? String ?? "", $0) })
            let inboxID = try #require(simulator.folderID(.inbox, mailbox: Fixture.alice))
            #expect(byID[projects]?["parentFolderId"] as? String == inboxID)
            #expect(byID[year]?["parentFolderId"] as? String == projects)
            #expect(byID[inboxID]?["parentFolderId"] as? String == simulator.folderID(.top, mailbox: Fixture.alice))
            #expect(
                round.items.contains {
                    $0["displayName"] as? String == "Sync Issues" && $0["isHidden"] as? Bool == true
                })

            let quiet = try await session.deltaRound(round.deltaLink)
            #expect(quiet.items.isEmpty)
            let added = try simulator.createFolder(named: "Receipts", mailbox: Fixture.alice)
            let next = try await session.deltaRound(quiet.deltaLink)
            #expect(next.items.map { $0["id"] as? String } == [added])
        }
    }

    @Test func queryOptionsGraphRefuses() async throws {
        try await Fixture.withSimulator { _, session in
            let unknownProperty = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders?$select=colour")
            #expect(unknownProperty.status == 400)
            #expect(unknownProperty.errorCode == "RequestBroker--ParseUri")
            let unknownOption = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders?$levels=2")
            #expect(unknownOption.status == 400)
            let custom = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders?whatever=1")
            #expect(custom.status == 200, "custom options are ignored")
            let me = try await session.get("/v1.0/me/mailFolders")
            #expect(me.status == 400)
            let nonsense = try await session.get("/v1.0/users/\(Fixture.alice)/calendars")
            #expect(nonsense.status == 400)
            #expect(nonsense.errorCode == "BadRequest")
        }
    }
}

import Domain
import Foundation
import GraphSimulator
import MicrosoftGraph
import SQLiteStore
import Store
import Sync
import Testing

/// The engine over Microsoft Graph against the simulator (issue 18, "Done means"): initial sync across nested
/// folders with a start time, new mail, moves both ways, one message in two mailboxes, resyncs and re-enabling.
@Suite struct GraphSyncTests {
    static let alice = GraphWorld.alice

    @Test func initialSyncAcrossNestedFoldersWithAStartTimeThenNewMail() async throws {
        let world = try await GraphWorld()
        let start = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01
        try await world.addIntegration(startTimestamp: start)
        let projects = try world.simulator.createFolder(named: "Projects", in: .inbox, mailbox: Self.alice)
        let deep = try world.simulator.createFolder(named: "2026", in: .id(projects), mailbox: Self.alice)
        let recent = Date(timeIntervalSince1970: 1_736_158_500)
        for index in 0..<25 {
            try world.simulator.deliver(GraphWorld.mail("i\(index)@x"), mailbox: Self.alice, received: recent)
        }
        try world.simulator.deliver(GraphWorld.mail("p@x"), to: .id(projects), mailbox: Self.alice, received: recent)
        try world.simulator.deliver(GraphWorld.mail("deep@x"), to: .id(deep), mailbox: Self.alice, received: recent)
        try world.simulator.deliver(GraphWorld.mail("old@x", date: "Mon, 2 Dec 2024 10:00:00 +0000"),
                                    to: .id(deep), mailbox: Self.alice,
                                    received: Date(timeIntervalSince1970: 1_733_133_600))
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(outcome.report?.result.created == 27)
        #expect(try await world.folder(of: "deep@x") == "Inbox/Projects/2026")
        #expect(try await world.folder(of: "p@x") == "Inbox/Projects")
        #expect(try await world.folder(of: "i0@x") == "Inbox")
        #expect(try await world.comment("old@x") == nil)
        // The start time went to Graph as a filter: the old message was never downloaded.
        #expect(world.mimeDownloads == 27)
        let deltas = world.simulator.receivedRequests.filter { $0.endpoint == .messageDelta }.map(\.target)
        #expect(deltas.contains { $0.contains("receivedDateTime%20ge%202025-01-01T00:00:00Z") }, "\(deltas)")

        // Nothing new: the delta links say so without downloading anything.
        let again = try #require(try await world.engine.syncOnce().first)
        #expect(again.report?.result == SyncBatchResult())
        #expect(world.mimeDownloads == 27)

        try world.simulator.deliver(GraphWorld.mail("new@x"), to: .id(deep), mailbox: Self.alice)
        let next = try #require(try await world.engine.syncOnce().first)
        #expect(next.report?.result.created == 1)
        #expect(next.report?.result.unchanged == 0)
        #expect(world.mimeDownloads == 28)
        #expect(try await world.folder(of: "new@x") == "Inbox/Projects/2026")
        await world.stop()
    }

    /// A move keeps the message's immutable id: one comment, whose folder follows the message, whichever folder
    /// the engine syncs first ("Archive" before "Inbox", "Zeta" after).
    @Test(arguments: ["Archive", "Zeta"])
    func movesBothWaysKeepOneComment(target: String) async throws {
        let world = try await GraphWorld()
        try await world.addIntegration()
        let folder: GraphFolderReference = target == "Archive" ? .archive
            : .id(try world.simulator.createFolder(named: target, mailbox: Self.alice))
        let message = try world.simulator.deliver(GraphWorld.mail("mv@x"), mailbox: Self.alice)
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        let before = try #require(try await world.comment("mv@x"))
        try world.simulator.move(message, to: folder)
        let moved = try #require(try await world.engine.syncOnce().first)
        #expect(moved.failure == nil)
        #expect(moved.report?.result.created == 0)
        #expect(try await world.comments().count == 1)
        #expect(try await world.folder(of: "mv@x") == target)
        try world.simulator.move(message, to: .inbox)
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        let comments = try await world.comments()
        #expect(comments.count == 1)
        #expect(comments.first?.comment.userProperties["string:Folder"] == .string("Inbox"))
        #expect(comments.first?.comment.messages == before.messages)
        await world.stop()
    }

    @Test func theSameMessageInTwoMailboxesIsOneComment() async throws {
        let world = try await GraphWorld()
        try await world.addIntegration(mailboxes: [Self.alice, GraphWorld.bob])
        try world.simulator.deliver(GraphWorld.mail("both@x"), mailbox: Self.alice)
        try world.simulator.deliver(GraphWorld.mail("both@x"), to: .archive, mailbox: GraphWorld.bob)
        let outcomes = try await world.engine.syncOnce()
        #expect(outcomes.count == 2)
        #expect(outcomes.allSatisfy { $0.failure == nil })
        #expect(try await world.comments().count == 1)
        await world.stop()
    }

    /// A delta token Graph no longer knows (410 SyncStateNotFound after invalidation, or resyncRequired): the folder
    /// starts over, nothing is stored twice, and mail that came meanwhile arrives.
    @Test(arguments: [0, 1, 2])
    func anInvalidatedDeltaTokenResyncsWithoutDuplicates(way: Int) async throws {
        let world = try await GraphWorld()
        try await world.addIntegration()
        for index in 0..<4 { try world.simulator.deliver(GraphWorld.mail("s\(index)@x"), mailbox: Self.alice) }
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        try world.simulator.deliver(GraphWorld.mail("s-new@x"), mailbox: Self.alice)
        switch way {
        case 0: try world.simulator.invalidateDeltaTokens(mailbox: Self.alice, folder: .inbox)
        case 1: world.simulator.failNext(.messageDelta, with: .syncStateNotFound)
        default: world.simulator.failNext(.messageDelta, with: .resyncRequired)
        }
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(outcome.report?.result.created == 1)
        let ids = try await world.comments().map(\.comment.id)
        #expect(ids.count == 5)
        #expect(Set(ids).count == 5)
        await world.stop()
    }

    /// A next link saved as a cursor mid-round and followed after Exchange dropped its sync state: the `$skiptoken`
    /// gets 400 with a sync-state answer, which is an invalid cursor like 410, not an outage. The folder starts
    /// over, nothing is stored twice, and mail that came meanwhile arrives.
    @Test(arguments: StaleSkipTokenAnswer.allCases)
    func aStaleSkipTokenResyncsWithoutDuplicates(answer: StaleSkipTokenAnswer) async throws {
        let world = try await GraphWorld(retryBudget: .zero) { $0.maximumPageSize = 2 }
        let integration = try await world.addIntegration { $0.folderAllowlist = [["Inbox"]] }
        for index in 0..<5 { try world.simulator.deliver(GraphWorld.mail("p\(index)@x"), mailbox: Self.alice) }
        // The first pass stops after one page: the second page's request meets a gateway timeout.
        world.simulator.failNext(.messageDelta, with: .gatewayTimeout, after: 1)
        #expect(try await world.engine.syncOnce().first?.failure != nil)
        let saved = try await world.store.folderCursor(mailboxID: integration.mailboxes[0].id, folder: "Inbox")
        #expect(saved?.contains("$skiptoken=") == true, "\(saved ?? "none")")
        #expect(try await world.comments().count == 2)

        try world.simulator.invalidateDeltaTokens(mailbox: Self.alice, folder: .inbox, skipTokenAnswer: answer)
        try world.simulator.deliver(GraphWorld.mail("p-new@x"), mailbox: Self.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(outcome.report?.result.created == 4)
        let stale = world.simulator.receivedRequests.filter { $0.endpoint == .messageDelta && $0.status == 400 }
        #expect(stale.count == 1)
        let ids = try await world.comments().map(\.comment.id)
        #expect(ids.count == 6)
        #expect(Set(ids).count == 6)
        await world.stop()
    }

    /// Re-enabling goes on from the saved delta links: only what came meanwhile is downloaded.
    @Test func reEnablingResumesFromTheDeltaLink() async throws {
        let world = try await GraphWorld()
        try await world.addIntegration()
        for index in 0..<3 { try world.simulator.deliver(GraphWorld.mail("r\(index)@x"), mailbox: Self.alice) }
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        try await world.store.setIntegrationEnabled(id: "graph", enabled: false, reason: .user)
        try world.simulator.deliver(GraphWorld.mail("r-later@x"), mailbox: Self.alice)
        #expect(try await world.engine.syncOnce().isEmpty)
        try await world.store.setIntegrationEnabled(id: "graph", enabled: true, reason: nil)
        let downloadsBefore = world.mimeDownloads
        let requestsBefore = world.simulator.receivedRequests.count
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.report?.result.created == 1)
        #expect(outcome.report?.result.unchanged == 0)
        #expect(world.mimeDownloads == downloadsBefore + 1)
        let deltas = world.simulator.receivedRequests.dropFirst(requestsBefore).filter { $0.endpoint == .messageDelta }
        #expect(!deltas.isEmpty)
        #expect(deltas.allSatisfy { $0.target.contains("$deltatoken=") || $0.target.contains("%24deltatoken=") },
                "\(deltas.map(\.target))")
        #expect(try await world.comments().count == 4)
        await world.stop()
    }
}

import Domain
import Foundation
import SQLiteStore
import Store
import Synchronization
import Testing
@testable import Sync

/// Sources hand the engine one page at a time within its pass: the read is part of the pass, so no read goes on
/// after the pass has ended.
@Suite struct PageHandOverTests {
    /// A folder that never ends: each page one new email, 50 ms apart; counts the pages handed over and notes
    /// when the read has returned.
    final class EndlessSource: MailSource {
        let handedOver = Atomic(0)
        let readEnded = Atomic(false)

        func folders() async throws -> [MailFolder] { [MailFolder(path: ["INBOX"], serverID: "INBOX")] }

        func changes(in folder: MailFolder, since cursor: String?, startTimestamp: Date?,
                     pages: @Sendable (FolderChangePage) async throws -> Void) async throws {
            defer { readEnded.store(true, ordering: .sequentiallyConsistent) }
            var uid = Int(cursor ?? "") ?? 0
            while true {
                uid += 1
                let raw = Array(SyncEngineTests.mail("endless\(uid)@x").utf8)
                try await pages(FolderChangePage(changes: [.upsert(serverID: "\(uid)", raw: raw, receivedAt: nil)],
                                                 cursor: "\(uid)"))
                handedOver.add(1, ordering: .sequentiallyConsistent)
                // The next page downloads: a read that outlived its pass would still be here.
                try await Task.sleep(for: .milliseconds(50))
            }
        }

        func waitForChanges(in folders: [MailFolder], timeout: Duration) async throws {}
        func close() async {}
    }

    @Test func aCancelledPassHasEndedItsReadWhenItReturns() async throws {
        let world = try await SyncEngineTests.World()
        defer { world.cleanup() }
        let integration = try #require(try await world.store.integrations().first)
        let synchronizer = try await world.engine.synchronizer(integration: integration,
                                                               mailbox: integration.mailboxes[0])
        let source = EndlessSource()
        let pass = Task { try await synchronizer.syncOnce(using: source) }
        #expect(try await PageHandOffTests.eventually { source.handedOver.load(ordering: .sequentiallyConsistent) >= 5 })
        pass.cancel()
        _ = await pass.result
        let readEnded = source.readEnded.load(ordering: .sequentiallyConsistent)
        #expect(readEnded, "the read outlived its pass")
        // What was written is whole pages, each with its cursor.
        let cursor = try await world.store.folderCursor(mailboxID: "mb0", folder: "INBOX")
        let comments = try await world.comments()
        #expect(cursor.flatMap { Int($0) } == comments.count)
    }
}

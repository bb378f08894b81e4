@testable import IMAP
import Testing

/// The folder cursor's `\Seen` set (kept for servers without CONDSTORE) and the read-state changes found by comparing
/// it with the server's answer.
struct FolderCursorTests {
    @Test func seenSetRoundTripsAndOlderCursorsHaveNone() throws {
        let cursor = IMAPFolderCursor(uidValidity: 7, lastUID: 40, known: "1:40", highestModSeq: nil, uidNext: 41,
                                      seen: IMAPFolderCursor.format([1, 2, 3, 10, 40]))
        #expect(cursor.seen == "1:3,10,40")
        let read = try #require(IMAPFolderCursor(cursor.text))
        #expect(read == cursor)
        #expect(read.seenUIDs == [1, 2, 3, 10, 40])

        let empty = IMAPFolderCursor(uidValidity: 7, lastUID: 40, known: "1:40", highestModSeq: nil, seen: "")
        #expect(IMAPFolderCursor(empty.text)?.seenUIDs == [])

        // A cursor written before read states were compared, or by a CONDSTORE server, has no "s".
        let older = try #require(IMAPFolderCursor(#"{"v":7,"u":40,"k":"1:40"}"#))
        #expect(older.seen == nil)
        #expect(older.seenUIDs == nil)
        #expect(!IMAPFolderCursor(uidValidity: 7, lastUID: 40, known: "1:40", highestModSeq: 9).text.contains("\"s\""))
    }

    @Test func readStateChangesAreTheFlippedKnownUIDsInOrder() {
        let changes = IMAPFolderCursor.readStateChanges(known: [1, 2, 3, 4, 5], before: [1, 2, 9], now: [2, 3, 5])
        #expect(changes.map(\.0) == [1, 3, 5])
        #expect(changes.map(\.1) == [false, true, true])
        #expect(IMAPFolderCursor.readStateChanges(known: [1, 2], before: [2], now: [2]).isEmpty)
        #expect(IMAPFolderCursor.readStateChanges(known: [], before: [1], now: []).isEmpty)
    }

    @Test func withoutASavedSetEveryKnownStateIsReported() {
        let changes = IMAPFolderCursor.readStateChanges(known: [4, 1, 3], before: nil, now: [3])
        #expect(changes.map(\.0) == [1, 3, 4])
        #expect(changes.map(\.1) == [false, true, false])
    }

    @Test func listedStatusSkipsOnlyAFolderWithNothingNew() {
        func status(messages: UInt32? = 40, uidNext: UInt32? = 41, uidValidity: UInt32? = 7,
                    modSeq: UInt64? = 9) -> MailboxStatus {
            var status = MailboxStatus(mailbox: "Archive")
            status.messages = messages
            status.uidNext = uidNext
            status.uidValidity = uidValidity
            status.highestModSeq = modSeq
            return status
        }
        let cursor = IMAPFolderCursor(uidValidity: 7, lastUID: 40, known: "1:40", highestModSeq: 9, uidNext: 41)
        #expect(IMAPPassPlanner.isUnchanged(status(), since: cursor))
        for known in ["", "5", "1:40", "1:3,7,9:12,40", "3:1,2"] {
            let other = IMAPFolderCursor(uidValidity: 7, lastUID: 40, known: known, highestModSeq: 9)
            #expect(other.knownCount == other.knownUIDs.count, "\(known)")
        }
        // Each sign of a change: new mail, an expunge, a flag change, a recreated folder.
        #expect(!IMAPPassPlanner.isUnchanged(status(messages: 41, uidNext: 42), since: cursor))
        #expect(!IMAPPassPlanner.isUnchanged(status(messages: 39), since: cursor))
        #expect(!IMAPPassPlanner.isUnchanged(status(modSeq: 10), since: cursor))
        #expect(!IMAPPassPlanner.isUnchanged(status(uidValidity: 8), since: cursor))
        // Without mod-sequences a flag change shows nowhere: the folder is opened.
        #expect(!IMAPPassPlanner.isUnchanged(status(modSeq: nil), since: cursor))
        let withoutModSeq = IMAPFolderCursor(uidValidity: 7, lastUID: 40, known: "1:40", highestModSeq: nil,
                                             uidNext: 41, seen: "1:3")
        #expect(!IMAPPassPlanner.isUnchanged(status(modSeq: nil), since: withoutModSeq))
        // An answer missing an item proves nothing.
        #expect(!IMAPPassPlanner.isUnchanged(status(messages: nil), since: cursor))
        #expect(!IMAPPassPlanner.isUnchanged(status(uidNext: nil), since: cursor))
        #expect(!IMAPPassPlanner.isUnchanged(status(uidValidity: nil), since: cursor))
        // A cursor saved before UIDNEXT was kept.
        let older = IMAPFolderCursor(uidValidity: 7, lastUID: 40, known: "1:40", highestModSeq: 9)
        #expect(!IMAPPassPlanner.isUnchanged(status(), since: older))
        // Never synced: skipped only while empty.
        #expect(IMAPPassPlanner.isUnchanged(status(messages: 0, uidNext: 1), since: nil))
        #expect(!IMAPPassPlanner.isUnchanged(status(messages: 1, uidNext: 2), since: nil))
    }
}

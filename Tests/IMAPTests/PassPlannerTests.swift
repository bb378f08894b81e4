@testable import IMAP
import Testing

/// The per-pass decisions of `IMAPPassPlanner`, without a server: which folders are opened, with QRESYNC or
/// without, how their UIDs are listed, how read states are learnt, and when a folder starts over.
struct PassPlannerTests {
    /// A saved cursor: UIDVALIDITY 7, UIDs 1 to 40 known, UIDNEXT 41.
    static func cursor(modSeq: UInt64? = 9, lastUID: UInt32 = 40, uidNext: UInt32? = 41,
                       seen: String? = nil) -> IMAPFolderCursor {
        IMAPFolderCursor(uidValidity: 7, lastUID: lastUID, known: "1:\(lastUID)", highestModSeq: modSeq,
                         uidNext: uidNext, seen: seen)
    }

    static func status(messages: UInt32 = 40, uidNext: UInt32 = 41, modSeq: UInt64? = 9) -> MailboxStatus {
        var status = MailboxStatus(mailbox: "Archive")
        status.messages = messages
        status.uidNext = uidNext
        status.uidValidity = 7
        status.highestModSeq = modSeq
        return status
    }

    static func opened(uidValidity: UInt32 = 7, exists: UInt32 = 40, modSeq: UInt64? = 9, uidNext: UInt32? = 41,
                       vanished: [UInt32] = []) -> IMAPClient.Selected {
        IMAPClient.Selected(name: "Archive", uidValidity: uidValidity, exists: exists, highestModSeq: modSeq,
                            uidNext: uidNext, vanished: vanished)
    }

    static let qresync = IMAPPassPlanner(condStore: true, qResync: true)
    static let condstore = IMAPPassPlanner(condStore: true, qResync: false)
    static let plain = IMAPPassPlanner(condStore: false, qResync: false)
    static let resync = QResyncParameters(uidValidity: 7, modSeq: 9)

    struct OpeningCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var planner: IMAPPassPlanner
        var listed: MailboxStatus?
        var cursor: IMAPFolderCursor?
        var expected: IMAPPassPlanner.Opening
    }

    static let openings: [OpeningCase] = [
        .init(testDescription: "first sync, no LIST-STATUS", planner: qresync, listed: nil, cursor: nil,
              expected: .examine(resync: nil)),
        .init(testDescription: "QRESYNC with a saved HIGHESTMODSEQ", planner: qresync, listed: nil,
              cursor: cursor(), expected: .examine(resync: resync)),
        .init(testDescription: "CONDSTORE without QRESYNC enabled", planner: condstore, listed: nil,
              cursor: cursor(), expected: .examine(resync: nil)),
        .init(testDescription: "QRESYNC, cursor saved without a modseq", planner: qresync, listed: nil,
              cursor: cursor(modSeq: nil), expected: .examine(resync: nil)),
        .init(testDescription: "LIST-STATUS unchanged", planner: qresync, listed: status(), cursor: cursor(),
              expected: .skip(status())),
        .init(testDescription: "LIST-STATUS with a new message", planner: qresync,
              listed: status(messages: 41, uidNext: 42, modSeq: 10), cursor: cursor(),
              expected: .examine(resync: resync)),
        .init(testDescription: "LIST-STATUS with a flag change", planner: qresync, listed: status(modSeq: 10),
              cursor: cursor(), expected: .examine(resync: resync)),
        .init(testDescription: "LIST-STATUS of an empty folder never synced", planner: qresync,
              listed: status(messages: 0, uidNext: 1), cursor: nil, expected: .skip(status(messages: 0, uidNext: 1))),
        .init(testDescription: "LIST-STATUS without mod-sequences", planner: plain, listed: status(modSeq: nil),
              cursor: cursor(modSeq: nil), expected: .examine(resync: nil)),
    ]

    @Test(arguments: openings) func opening(_ row: OpeningCase) {
        #expect(row.planner.opening(listed: row.listed, cursor: row.cursor) == row.expected)
    }

    struct PlanCase: Sendable, CustomTestStringConvertible {
        var testDescription: String
        var planner: IMAPPassPlanner
        var resync: QResyncParameters?
        var opened: IMAPClient.Selected
        var cursor: IMAPFolderCursor?
        var expected: IMAPPassPlanner.FolderPlan
    }

    static func makePlan(_ base: IMAPFolderCursor?, resets: Bool = false, _ listing: IMAPPassPlanner.Listing,
                     tracksSeen: Bool = false) -> IMAPPassPlanner.FolderPlan {
        IMAPPassPlanner.FolderPlan(base: base, resets: resets, listing: listing, tracksSeen: tracksSeen)
    }

    static let plans: [PlanCase] = [
        .init(testDescription: "first sync lists every UID", planner: qresync, resync: nil, opened: opened(),
              cursor: nil, expected: makePlan(nil, .everyUID)),
        .init(testDescription: "a new UIDVALIDITY resets the folder", planner: qresync, resync: resync,
              opened: opened(uidValidity: 8), cursor: cursor(), expected: makePlan(nil, resets: true, .everyUID)),
        .init(testDescription: "a new UIDVALIDITY resets without QRESYNC", planner: plain, resync: nil,
              opened: opened(uidValidity: 8, modSeq: nil), cursor: cursor(modSeq: nil),
              expected: makePlan(nil, resets: true, .everyUID, tracksSeen: true)),
        .init(testDescription: "QRESYNC, same HIGHESTMODSEQ and count", planner: qresync, resync: resync,
              opened: opened(), cursor: cursor(), expected: makePlan(cursor(), .unchanged)),
        .init(testDescription: "QRESYNC, same HIGHESTMODSEQ, count differs", planner: qresync, resync: resync,
              opened: opened(exists: 39), cursor: cursor(), expected: makePlan(cursor(), .everyUID)),
        .init(testDescription: "QRESYNC, modseq moved, UIDNEXT moved", planner: qresync, resync: resync,
              opened: opened(exists: 41, modSeq: 12, uidNext: 43, vanished: [3]), cursor: cursor(),
              expected: makePlan(cursor(), .vanished(searchFrom: 41))),
        .init(testDescription: "QRESYNC, modseq moved, nothing appended", planner: qresync, resync: resync,
              opened: opened(exists: 39, modSeq: 12, vanished: [3]), cursor: cursor(),
              expected: makePlan(cursor(), .vanished(searchFrom: nil))),
        .init(testDescription: "QRESYNC, no UIDNEXT given", planner: qresync, resync: resync,
              opened: opened(modSeq: 12, uidNext: nil), cursor: cursor(),
              expected: makePlan(cursor(), .vanished(searchFrom: 41))),
        .init(testDescription: "CONDSTORE without QRESYNC, same UIDNEXT and count", planner: condstore,
              resync: nil, opened: opened(modSeq: 12), cursor: cursor(), expected: makePlan(cursor(), .unchanged)),
        .init(testDescription: "plain, same UIDNEXT and count", planner: plain, resync: nil,
              opened: opened(modSeq: nil), cursor: cursor(modSeq: nil),
              expected: makePlan(cursor(modSeq: nil), .unchanged, tracksSeen: true)),
        .init(testDescription: "plain, UIDNEXT moved", planner: plain, resync: nil,
              opened: opened(exists: 41, modSeq: nil, uidNext: 42), cursor: cursor(modSeq: nil),
              expected: makePlan(cursor(modSeq: nil), .everyUID, tracksSeen: true)),
        .init(testDescription: "plain, same UIDNEXT, a message expunged", planner: plain, resync: nil,
              opened: opened(exists: 39, modSeq: nil), cursor: cursor(modSeq: nil),
              expected: makePlan(cursor(modSeq: nil), .everyUID, tracksSeen: true)),
        .init(testDescription: "plain, no UIDNEXT given", planner: plain, resync: nil,
              opened: opened(modSeq: nil, uidNext: nil), cursor: cursor(modSeq: nil),
              expected: makePlan(cursor(modSeq: nil), .everyUID, tracksSeen: true)),
        .init(testDescription: "CONDSTORE server, folder without mod-sequences (NOMODSEQ)", planner: condstore,
              resync: nil, opened: opened(modSeq: nil), cursor: cursor(modSeq: nil),
              expected: makePlan(cursor(modSeq: nil), .unchanged, tracksSeen: true)),
    ]

    @Test(arguments: plans) func folderPlan(_ row: PlanCase) {
        #expect(row.planner.plan(opened: row.opened, resync: row.resync, cursor: row.cursor) == row.expected)
    }

    @Test func readStatesByModSeqOrBySeenSets() {
        let known = Set<UInt32>(1...40)
        let moved = Self.opened(modSeq: 12)
        // CONDSTORE: only when HIGHESTMODSEQ moved, from the saved one.
        #expect(Self.qresync.readStates(opened: moved, plan: Self.makePlan(Self.cursor(), .everyUID), known: known)
            == .changedSince(9))
        #expect(Self.qresync.readStates(opened: Self.opened(), plan: Self.makePlan(Self.cursor(), .unchanged),
                                        known: known) == .none)
        #expect(Self.qresync.readStates(opened: moved, plan: Self.makePlan(Self.cursor(modSeq: nil), .everyUID),
                                        known: known) == .none)
        // A first sync or a reset: new messages bring their states.
        #expect(Self.qresync.readStates(opened: moved, plan: Self.makePlan(nil, .everyUID), known: []) == .none)
        #expect(Self.plain.readStates(opened: moved, plan: Self.makePlan(nil, .everyUID, tracksSeen: true),
                                      known: []) == .none)
        // Without mod-sequences: every pass compares, asking for the side the saved set says is smaller.
        let plain = Self.opened(modSeq: nil)
        func seenSearch(_ seen: String?, known: Set<UInt32> = known) -> IMAPPassPlanner.ReadStates {
            Self.plain.readStates(opened: plain, plan: Self.makePlan(Self.cursor(modSeq: nil, seen: seen), .unchanged,
                                                                 tracksSeen: true), known: known)
        }
        #expect(seenSearch(nil) == .search(seen: true))
        #expect(seenSearch("1:20") == .search(seen: true))
        #expect(seenSearch("1:21") == .search(seen: false))
        #expect(seenSearch("1:5", known: []) == .none)
    }

    @Test func vanishedAndNewUIDsAreCheckedAgainstTheCount() throws {
        let known = Set<UInt32>(1...40)
        // UID 3 expunged, 41 and 42 appended before EXAMINE, 43 after it (at or above its UIDNEXT).
        let opened = Self.opened(exists: 41, modSeq: 12, uidNext: 43, vanished: [3, 99])
        let quick = try #require(IMAPPassPlanner.resynchronized(known: known, opened: opened, found: [41, 43, 42]))
        #expect(quick.removed == [3])
        #expect(quick.kept == known.subtracting([3]))
        #expect(quick.wanted == [41, 42, 43])
        // A count that disagrees (an expunge VANISHED did not name) leaves it to a full listing.
        #expect(IMAPPassPlanner.resynchronized(known: known, opened: Self.opened(exists: 40, modSeq: 12,
            uidNext: 43, vanished: [3]), found: [41, 42]) == nil)
    }

    @Test func everyUIDListingFindsRemovedAndNew() {
        let listed = IMAPPassPlanner.listed(known: [1, 2, 3, 4], present: [6, 2, 4, 5])
        #expect(listed.removed == [1, 3])
        #expect(listed.kept == [2, 4])
        #expect(listed.wanted == [5, 6])
        #expect(IMAPPassPlanner.listed(known: [1, 2], present: []) == ReconciledUIDs(removed: [1, 2], kept: [],
                                                                                       wanted: []))
    }

    @Test func listedStatusesAreTakenOnceAndExpire() {
        let start = ContinuousClock.now
        var listed = ListedStatuses(["Archive": Self.status(), "INBOX": Self.status(), "Sent": Self.status()],
                                    selected: "INBOX", at: start)
        #expect(listed.take("Archive", maxAge: .seconds(30), now: start + .seconds(1)) == Self.status())
        #expect(listed.take("Archive", maxAge: .seconds(30), now: start + .seconds(1)) == nil)
        // The folder selected at the LIST is opened again.
        #expect(listed.take("INBOX", maxAge: .seconds(30), now: start + .seconds(1)) == nil)
        #expect(listed.take("Sent", maxAge: .seconds(30), now: start + .seconds(30)) == nil)
    }
}

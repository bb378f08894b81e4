import ClientTLS
import Domain
import Foundation
import Synchronization
import Testing
@testable import Sync

/// The group-commit writer with a write that the test holds: which pages go into which transaction, and when a
/// hand-over waits.
@Suite struct GroupCommitWriterTests {
    /// A write that announces each group (the pages' cursors) and then waits until the test lets it finish.
    final class HeldWrite: Sendable {
        let started = AsyncQueue<[String]>()
        let release = AsyncQueue<Bool>()
        private let groups = Mutex<[[String]]>([])

        var written: [[String]] { groups.withLock { $0 } }

        /// The writer's write: each page counts as one removal; `fails` makes the group that holds it fail.
        func write(failingAt fails: String? = nil) -> GroupCommitWriter.Write {
            { [self] batches in
                let cursors = batches.map { $0.cursor ?? "" }
                groups.withLock { $0.append(cursors) }
                started.push(cursors)
                _ = try await release.next(timeout: .seconds(10))
                if let fails, cursors.contains(fails) { throw WriteFailed() }
                return SyncBatchResult(removed: batches.count)
            }
        }

        /// The next group the writer started.
        func nextStarted() async throws -> [String]? { try await started.next(timeout: .seconds(10)) }
    }

    struct WriteFailed: Error {}

    static func page(_ cursor: String, rawBytes: Int = 0) -> SyncBatch {
        var changes: [SyncChange] = [.removed(serverID: cursor)]
        if rawBytes > 0 {
            let raw = Array("Message-ID: <\(cursor)@x>\r\n\r\n".utf8) + [UInt8](repeating: 0x61, count: rawBytes)
            let converted = EmailToComment.convert(raw, metadata: EmailMetadata(folder: ["INBOX"], mailbox: "m@x"))
            changes = [.upsert(IncomingEmail(serverID: cursor, raw: raw, converted: converted, receivedAt: nil,
                                             storesAttachments: false))]
        }
        return SyncBatch(integrationID: "int", mailboxID: "mb", mailboxAddress: "m@x", bucketID: "b",
                         folder: "INBOX", changes: changes, cursor: cursor)
    }

    @Test func aPageForAFreeWriterIsWrittenAtOnceAndAlone() async throws {
        let held = HeldWrite()
        var writer = GroupCommitWriter(maxPages: 8, maxBytes: 1 << 20, write: held.write())
        try await writer.submit(Self.page("1"))
        #expect(try await held.nextStarted() == ["1"])
        held.release.push(true)
        try await writer.flush()
        #expect(held.written == [["1"]])
        #expect(writer.written == SyncBatchResult(removed: 1))
    }

    @Test func pagesHandedOverDuringAWriteGoTogetherIntoTheNext() async throws {
        let held = HeldWrite()
        var writer = GroupCommitWriter(maxPages: 8, maxBytes: 1 << 20, write: held.write())
        try await writer.submit(Self.page("1"))
        #expect(try await held.nextStarted() == ["1"])
        try await writer.submit(Self.page("2"))
        try await writer.submit(Self.page("3"))
        #expect(writer.waitingPages == 2)
        held.release.push(true)
        held.release.push(true)
        try await writer.flush()
        #expect(held.written == [["1"], ["2", "3"]])
        #expect(writer.written == SyncBatchResult(removed: 3))
    }

    /// A full group (by pages or by bytes of raw mail) waits for the running write before the next starts.
    @Test(arguments: [(maxPages: 2, rawBytes: 0), (maxPages: 8, rawBytes: 2_000)])
    func aFullGroupWaitsForTheRunningWrite(maxPages: Int, rawBytes: Int) async throws {
        let held = HeldWrite()
        var writer = GroupCommitWriter(maxPages: maxPages, maxBytes: 1_000, write: held.write())
        try await writer.submit(Self.page("1"))
        #expect(try await held.nextStarted() == ["1"])
        if rawBytes == 0 { try await writer.submit(Self.page("2")) }
        let released = PageHandOffTests.Counter()
        let releaser = Task {
            try await Task.sleep(for: .milliseconds(200))
            released.add()
            held.release.push(true)
        }
        try await writer.submit(Self.page("3", rawBytes: rawBytes))
        #expect(released.count == 1, "the hand-over returned before the write ended")
        let expected = rawBytes == 0 ? ["2", "3"] : ["3"]
        #expect(try await held.nextStarted() == expected)
        held.release.push(true)
        try await writer.flush()
        #expect(held.written == [["1"], expected])
        _ = try await releaser.value
    }

    @Test func theGroupsBehindAFailedWriteAreNeverWritten() async throws {
        let held = HeldWrite()
        var writer = GroupCommitWriter(maxPages: 8, maxBytes: 1 << 20, write: held.write(failingAt: "1"))
        try await writer.submit(Self.page("1"))
        #expect(try await held.nextStarted() == ["1"])
        try await writer.submit(Self.page("2"))
        held.release.push(true)
        await #expect(throws: WriteFailed.self) { try await writer.flush() }
        #expect(held.written == [["1"]])
        #expect(writer.written == SyncBatchResult())
        #expect(writer.waitingPages == 0)
    }

    @Test func stoppingWaitsOnlyForTheRunningWrite() async throws {
        let held = HeldWrite()
        var writer = GroupCommitWriter(maxPages: 8, maxBytes: 1 << 20, write: held.write())
        try await writer.submit(Self.page("1"))
        #expect(try await held.nextStarted() == ["1"])
        try await writer.submit(Self.page("2"))
        held.release.push(true)
        try await writer.finishRunning()
        #expect(held.written == [["1"]])
        #expect(writer.written == SyncBatchResult(removed: 1))
    }
}

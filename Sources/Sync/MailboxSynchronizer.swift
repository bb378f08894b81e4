import Domain
import Foundation
import Logging
import Store
import Synchronization

/// One pass over one mailbox: list its folders, and bring each one up to date from its saved cursor. Each page
/// of changes is converted (pure) and then applied with its cursor in one store transaction.
public struct MailboxSynchronizer: Sendable {
    public let integration: Integration
    public let mailbox: Mailbox
    public let bucketID: String
    let store: any Store
    let logger: Logger
    let metrics: SyncMetrics

    public init(integration: Integration, mailbox: Mailbox, bucketID: String, store: any Store, logger: Logger,
                metrics: SyncMetrics = SyncMetrics()) {
        self.integration = integration
        self.mailbox = mailbox
        self.bucketID = bucketID
        self.store = store
        self.logger = logger
        self.metrics = metrics
    }

    /// What a pass did.
    public struct Report: Sendable, Equatable {
        public var folders = 0
        /// The folders this pass synced, for the wait that follows it (IDLE watches one of them).
        public var syncedFolders: [MailFolder] = []
        public var result = SyncBatchResult()
        public var skippedItems = 0
        public var skippedBeforeStart = 0
    }

    /// Syncs every selected folder once.
    /// - Throws: `MailSourceError` from the source, or store errors.
    public func syncOnce(using source: any MailSource) async throws -> Report {
        var report = Report()
        try await syncOnce(using: source, into: &report)
        return report
    }

    /// Syncs every selected folder once, adding what it writes to `report`, also when it throws: the pages
    /// written before a failure stay written, and a retry of the pass adds its own. The folders are this try's.
    /// - Throws: `MailSourceError` from the source, or store errors.
    public func syncOnce(using source: any MailSource, into report: inout Report) async throws {
        report.folders = 0
        report.syncedFolders = []
        let folders = try await selectedFolders(source)
        for folder in folders {
            try Task.checkCancellation()
            try await sync(folder, using: source, report: &report)
            report.folders += 1
            report.syncedFolders.append(folder)
        }
    }

    /// The folders the allow and deny lists select (all when the allow list is empty).
    public func selectedFolders(_ source: any MailSource) async throws -> [MailFolder] {
        let all = try await source.folders()
        return all.filter { folder in
            let lowered = folder.path.map { $0.lowercased() }
            let matches = { (list: [[String]]) in
                list.contains { prefix in
                    let wanted = prefix.map { $0.lowercased() }
                    return lowered.count >= wanted.count && Array(lowered.prefix(wanted.count)) == wanted
                }
            }
            if !mailbox.folderAllowlist.isEmpty, !matches(mailbox.folderAllowlist) { return false }
            return !matches(mailbox.folderDenylist)
        }
    }

    /// At most this many converted pages, or this many bytes of raw mail, wait for the writer to be written
    /// together (see `sync(_:using:report:)`).
    static let maxGroupedPages = 8
    static let maxGroupedBytes = 32 << 20

    private func sync(_ folder: MailFolder, using source: any MailSource, report: inout Report) async throws {
        var cursor = try await store.folderCursor(mailboxID: mailbox.id, folder: folder.name)
        var resetPending = false
        while true {
            // Pages are written while the next ones are converted: the writes are serial, the conversion uses the
            // other cores. When a write is still running once the next page is converted, that page waits and the
            // one after it is converted too; the writer then takes every waiting page in one transaction (a group
            // commit), which writes the index pages they share once. Pages are applied in order, each with its
            // cursor, and a group all or nothing, so a crash at any point leaves the store at the end of some page.
            var applying: (task: Task<SyncBatchResult, any Error>, done: WriteDone)?
            var waiting: [SyncBatch] = []
            var waitingBytes = 0
            func finishApplying() async throws {
                guard let pending = applying else { return }
                applying = nil
                let result: SyncBatchResult
                do {
                    result = try await pending.task.value
                } catch {
                    // The pages after a failed one are never written: their cursors would skip its changes.
                    waiting = []
                    waitingBytes = 0
                    throw error
                }
                metrics.record(result)
                report.result += result
            }
            func startApplying() {
                let batches = waiting
                waiting = []
                waitingBytes = 0
                let done = WriteDone()
                applying = (Task { [store, logger] in
                    defer { done.flag.store(true, ordering: .releasing) }
                    let clock = ContinuousClock()
                    let start = clock.now
                    let result = try await store.apply(batches)
                    logger.debug("pages written", metadata: [
                        "mailstream.folder": "\(folder.name)", "mailstream.pages": "\(batches.count)",
                        "mailstream.changes": "\(batches.reduce(0) { $0 + $1.changes.count })",
                        "mailstream.write_ms": "\((clock.now - start).milliseconds)",
                    ])
                    return result
                }, done)
            }
            /// Writes the waiting pages, after the running write.
            func flush() async throws {
                try await finishApplying()
                if !waiting.isEmpty { startApplying() }
                try await finishApplying()
            }
            do {
                let clock = ContinuousClock()
                var waitStart = clock.now
                for try await page in source.changes(in: folder, since: cursor, startTimestamp: mailbox.startTimestamp) {
                    try Task.checkCancellation()
                    if page.changes.isEmpty, !page.resetsFolder, !resetPending, page.cursor == cursor {
                        // The folder is as the saved cursor says: there is nothing to write.
                        waitStart = clock.now
                        continue
                    }
                    let received = clock.now
                    let batch = try await makeBatch(page, folder: folder, resets: page.resetsFolder || resetPending,
                                                    report: &report)
                    resetPending = false
                    let converted = clock.now
                    waiting.append(batch)
                    for case .upsert(let email) in batch.changes { waitingBytes += email.raw.count }
                    let writerBusy = applying.map { !$0.done.flag.load(ordering: .acquiring) } ?? false
                    if !writerBusy || waiting.count >= Self.maxGroupedPages || waitingBytes >= Self.maxGroupedBytes {
                        try await finishApplying()
                        startApplying()
                    }
                    // Where a page's time goes: waiting for the server, converting, waiting for the previous write.
                    logger.debug("page", metadata: [
                        "mailstream.folder": "\(folder.name)", "mailstream.changes": "\(page.changes.count)",
                        "mailstream.wait_ms": "\((received - waitStart).milliseconds)",
                        "mailstream.convert_ms": "\((converted - received).milliseconds)",
                        "mailstream.write_wait_ms": "\((clock.now - converted).milliseconds)",
                    ])
                    waitStart = clock.now
                }
                // A cancelled consumer sees the stream end early: that is no end of the folder.
                try Task.checkCancellation()
                try await flush()
                return
            } catch let error as MailSourceError where error.kind == .invalidCursor && cursor != nil {
                try await flush()
                // The server forgot our place: start the folder over. Upserts of emails we have are no-ops, so
                // nothing doubles; the folder's locations are replaced by the first page.
                logger.notice("folder cursor invalid; resyncing", metadata: ["mailstream.folder": "\(folder.name)"])
                cursor = nil
                resetPending = true
            } catch {
                // Converted pages are whole, with their cursors: they are written (or fail) before the error goes
                // up, so nothing is done twice and nothing writes after this pass has ended. A stopping service
                // (cancelled) only waits for the write under way, which commits with its cursor.
                if Task.isCancelled { try? await finishApplying() } else { try? await flush() }
                throw error
            }
        }
    }

    private func makeBatch(_ page: FolderChangePage, folder: MailFolder, resets: Bool,
                           report: inout Report) async throws -> SyncBatch {
        var changes: [SyncChange] = []
        changes.reserveCapacity(page.changes.count)
        let convertedEmails = await convertAll(page.changes, folder: folder)
        for (position, change) in page.changes.enumerated() {
            switch change {
            case .upsert(let serverID, let raw, let receivedAt, let isRead):
                guard let (converted, json) = convertedEmails[position] else { continue }
                if let start = mailbox.startTimestamp, (receivedAt ?? converted.comment.timestamp) < start {
                    report.skippedBeforeStart += 1
                    continue
                }
                changes.append(.upsert(IncomingEmail(serverID: serverID, raw: raw, converted: converted,
                                                     receivedAt: receivedAt,
                                                     storesAttachments: mailbox.syncAttachments, isRead: isRead,
                                                     encodedComment: json)))
            case .readState(let serverID, let isRead):
                changes.append(.readState(serverID: serverID, isRead: isRead))
            case .removed(let serverID):
                changes.append(.removed(serverID: serverID))
            case .failed(let serverID, let reason):
                report.skippedItems += 1
                try await store.recordError(IntegrationError(
                    id: UUID().uuidString.lowercased(), integrationID: integration.id, mailboxID: mailbox.id,
                    kind: .itemSkipped, errorText: "an item could not be read and was skipped",
                    fullErrorText: "folder \(folder.name), item \(serverID): \(reason)", action: .itemSkipped,
                    createdAt: Date()
                ))
            }
        }
        return SyncBatch(integrationID: integration.id, mailboxID: mailbox.id, mailboxAddress: mailbox.email,
                         bucketID: bucketID, folder: folder.name, changes: changes, cursor: page.cursor,
                         resetsFolder: resets)
    }

    /// Read once: Foundation reads the cgroup's CPU quota files at every call.
    private static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Converts a page's emails on every core: conversion (parsing, cleaning, language) is pure and CPU-bound,
    /// and dominates a sync's time. Each comment is also encoded as the store keeps it, so the store's write of
    /// the page (which runs one at a time) doesn't have to. Returns the converted email of each upsert and its
    /// comment's JSON, by position in `changes`.
    private func convertAll(_ changes: [FolderChange], folder: MailFolder) async
        -> [Int: (email: ConvertedEmail, json: String?)] {
        let work: [(Int, [UInt8], Date?)] = changes.enumerated().compactMap { position, change in
            guard case .upsert(_, let raw, let receivedAt, _) = change else { return nil }
            return (position, raw, receivedAt)
        }
        let lanes = max(1, min(Self.cores, work.count))
        let metadata = EmailMetadata(folder: folder.path, mailbox: mailbox.email)
        // Each lane takes the next email not yet taken, so a lane that drew small emails doesn't sit idle while
        // another finishes large ones.
        let next = WorkCounter()
        return await withTaskGroup(of: [(Int, ConvertedEmail, String?)].self) { group in
            for _ in 0..<lanes {
                group.addTask {
                    var converted: [(Int, ConvertedEmail, String?)] = []
                    while let index = next.take(below: work.count) {
                        let (position, raw, receivedAt) = work[index]
                        var itemMetadata = metadata
                        itemMetadata.receivedAt = receivedAt
                        let email = EmailToComment.convert(raw, metadata: itemMetadata)
                        // The store encodes it itself when this fails.
                        let json = try? CommentJSON.string(email.comment)
                        converted.append((position, email, json))
                    }
                    return converted
                }
            }
            var result: [Int: (email: ConvertedEmail, json: String?)] = [:]
            for await converted in group {
                for (position, email, json) in converted { result[position] = (email, json) }
            }
            return result
        }
    }
}

/// Hands out 0, 1, 2, … once each to the conversion lanes.
private final class WorkCounter: Sendable {
    private let value = Atomic<Int>(0)

    /// The next number, or nil once `limit` has been reached.
    func take(below limit: Int) -> Int? {
        let taken = value.wrappingAdd(1, ordering: .relaxed).oldValue
        return taken < limit ? taken : nil
    }
}

extension Duration {
    /// Whole milliseconds, for logs.
    fileprivate var milliseconds: Int64 {
        components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000
    }
}

/// Set when a write task has ended, so the synchronizer can tell without waiting whether the writer is free.
private final class WriteDone: Sendable {
    let flag = Atomic<Bool>(false)
}

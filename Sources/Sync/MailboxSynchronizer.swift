import Domain
import Foundation
import Logging
import Store

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
    /// together (see ``GroupCommitWriter``).
    static let maxGroupedPages = 8
    static let maxGroupedBytes = 32 << 20
    /// At most this many pages a source has read wait for the engine: the next page downloads while the engine
    /// converts and stores the current one.
    public static let pagesAhead = 2

    private func sync(_ folder: MailFolder, using source: any MailSource, report: inout Report) async throws {
        var cursor = try await store.folderCursor(mailboxID: mailbox.id, folder: folder.name)
        var resetPending = false
        while true {
            var writer = GroupCommitWriter(maxPages: Self.maxGroupedPages, maxBytes: Self.maxGroupedBytes,
                                           write: write(folder))
            defer { report.result += writer.written }
            do {
                try await readAndConvert(folder, since: cursor, using: source, resetPending: &resetPending,
                                         writer: &writer, report: &report)
                try await writer.flush()
                return
            } catch let error as MailSourceError where error.kind == .invalidCursor && cursor != nil {
                try await writer.flush()
                // The server forgot our place: start the folder over. Upserts of emails we have are no-ops, so
                // nothing doubles; the folder's locations are replaced by the first page.
                logger.notice("folder cursor invalid; resyncing", metadata: ["mailstream.folder": "\(folder.name)"])
                cursor = nil
                resetPending = true
            } catch {
                // Converted pages are whole, with their cursors: they are written (or fail) before the error goes
                // up, so nothing is done twice and nothing writes after this pass has ended. A stopping service
                // (cancelled) only waits for the write under way, which commits with its cursor.
                if Task.isCancelled { try? await writer.finishRunning() } else { try? await writer.flush() }
                throw error
            }
        }
    }

    /// Reads the folder's pages from the source (in a child task, at most ``pagesAhead`` ahead), converts each
    /// and hands it to `writer`. Returns at the folder's end; the pages handed over may still be unwritten.
    private func readAndConvert(_ folder: MailFolder, since cursor: String?, using source: any MailSource,
                                resetPending: inout Bool, writer: inout GroupCommitWriter,
                                report: inout Report) async throws {
        let handOff = PageHandOff<FolderChangePage>(capacity: Self.pagesAhead)
        let startTimestamp = mailbox.startTimestamp
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await source.changes(in: folder, since: cursor, startTimestamp: startTimestamp) { page in
                        try await handOff.send(page)
                    }
                    handOff.finish(nil)
                } catch {
                    handOff.finish(error)
                }
            }
            // Leaving early (an error here) ends a read waiting for room; the group then cancels and awaits it.
            defer { handOff.close() }
            let clock = ContinuousClock()
            var waitStart = clock.now
            while let page = try await handOff.next() {
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
                try await writer.submit(batch)
                // Where a page's time goes: waiting for the server, converting, waiting for the previous write.
                logger.debug("page", metadata: [
                    "mailstream.folder": "\(folder.name)", "mailstream.changes": "\(page.changes.count)",
                    "mailstream.wait_ms": "\((received - waitStart).milliseconds)",
                    "mailstream.convert_ms": "\((converted - received).milliseconds)",
                    "mailstream.write_wait_ms": "\((clock.now - converted).milliseconds)",
                ])
                waitStart = clock.now
            }
            // A cancelled pass may see the read end early: that is no end of the folder.
            try Task.checkCancellation()
        }
    }

    /// One group commit of the folder's pages: the store's transaction, its metrics and a debug line.
    private func write(_ folder: MailFolder) -> GroupCommitWriter.Write {
        { [store, logger, metrics] batches in
            let clock = ContinuousClock()
            let start = clock.now
            let result = try await store.apply(batches)
            metrics.record(result)
            logger.debug("pages written", metadata: [
                "mailstream.folder": "\(folder.name)", "mailstream.pages": "\(batches.count)",
                "mailstream.changes": "\(batches.reduce(0) { $0 + $1.changes.count })",
                "mailstream.write_ms": "\((clock.now - start).milliseconds)",
            ])
            return result
        }
    }
}

import Domain
import Synchronization

/// Writes a folder's converted pages one transaction at a time, in order, while the engine converts the next ones
/// on the other cores.
///
/// A page handed over while the writer is free is written at once. Pages handed over while a write runs wait,
/// and the next write takes all of them in one transaction (a group commit), which writes the index pages they
/// share once. At most `maxPages` pages, or `maxBytes` bytes of raw mail, wait: the hand-over that reaches either
/// waits for the running write. Pages are applied in order, each with its cursor, and a group all or nothing, so
/// a crash at any point leaves the store at the end of some page. After a failed write, the pages behind it are
/// never written: their cursors would skip its changes.
///
/// Each write runs in a task of its own, which the owner awaits before it leaves the folder (``flush()``, or
/// ``finishRunning()`` when stopping): a stopping service cancels the pass, and a write in the pass's own task
/// would be interrupted with it (GRDB interrupts a cancelled access), where this one commits with its cursor.
struct GroupCommitWriter {
    /// Writes pages in one transaction and says what that did.
    typealias Write = @Sendable ([SyncBatch]) async throws -> SyncBatchResult

    let maxPages: Int
    let maxBytes: Int
    private let write: Write
    private var running: (task: Task<SyncBatchResult, any Error>, done: WriteDone)?
    private var waiting: [SyncBatch] = []
    private var waitingBytes = 0
    /// What the finished writes did, summed.
    private(set) var written = SyncBatchResult()

    init(maxPages: Int, maxBytes: Int, write: @escaping Write) {
        self.maxPages = maxPages
        self.maxBytes = maxBytes
        self.write = write
    }

    /// True while a write runs (it may have ended a moment ago).
    var isWriting: Bool { running.map { !$0.done.flag.load(ordering: .acquiring) } ?? false }

    /// How many pages wait for the next write.
    var waitingPages: Int { waiting.count }

    /// Hands over the next page: written at once when the writer is free, else kept for the next group; when the
    /// group is full, waits for the running write and starts the next.
    /// - Throws: the error of a write that failed (this page and those waiting are then dropped).
    mutating func submit(_ batch: SyncBatch) async throws {
        waiting.append(batch)
        for case .upsert(let email) in batch.changes { waitingBytes += email.raw.count }
        if !isWriting || waiting.count >= maxPages || waitingBytes >= maxBytes {
            try await finishRunning()
            startWriting()
        }
    }

    /// Writes every waiting page, after the running write, and returns when all are written.
    /// - Throws: the error of a write that failed.
    mutating func flush() async throws {
        try await finishRunning()
        if !waiting.isEmpty { startWriting() }
        try await finishRunning()
    }

    /// Waits for the running write only; the waiting pages stay unwritten (a stopping service, a failed read).
    /// - Throws: the running write's error; the waiting pages are then dropped.
    mutating func finishRunning() async throws {
        guard let pending = running else { return }
        running = nil
        do {
            written += try await pending.task.value
        } catch {
            waiting = []
            waitingBytes = 0
            throw error
        }
    }

    private mutating func startWriting() {
        let batches = waiting
        waiting = []
        waitingBytes = 0
        let done = WriteDone()
        running = (Task { [write] in
            defer { done.flag.store(true, ordering: .releasing) }
            return try await write(batches)
        }, done)
    }
}

/// Set when a write task has ended, so the writer can tell without waiting whether it is free.
private final class WriteDone: Sendable {
    let flag = Atomic<Bool>(false)
}

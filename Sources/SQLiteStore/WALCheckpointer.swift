import Dispatch
import GRDB
import Store
import Synchronization

/// Copies the write-ahead log back into the database file on a connection of its own, in the background.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so the writer waits for the
/// copy and for two fsyncs (the log's, then the database's): on a 2,403-mail initial sync that was 90-130 ms per
/// checkpoint, during which every other page waited for the writer. A passive checkpoint on another connection
/// doesn't hold the write lock, so commits go on while it runs. The writer's own automatic checkpoint stays, at a
/// higher threshold, for when this one falls behind (a long read holding old frames, say).
public final class WALCheckpointer: Sendable {
    /// Bytes committed after which a checkpoint is started.
    public let threshold: Int
    private let path: String
    private let queue = DispatchQueue(label: "mailstream.wal-checkpoint", qos: .utility)
    private let state = Mutex(State())

    private struct State {
        var bytesSinceCheckpoint = 0
        var scheduled = false
    }

    init(path: String, threshold: Int = 4 << 20) {
        self.path = path
        self.threshold = threshold
    }

    /// Notes that a commit wrote about `bytes` bytes, and starts a checkpoint once enough have piled up. At most
    /// one checkpoint is queued at a time.
    public func committed(bytes: Int) {
        let start = state.withLock { state in
            state.bytesSinceCheckpoint += bytes
            guard state.bytesSinceCheckpoint >= threshold, !state.scheduled else { return false }
            state.bytesSinceCheckpoint = 0
            state.scheduled = true
            return true
        }
        if start { queue.async { self.checkpoint() } }
    }

    /// Waits for a queued or running checkpoint to end.
    public func waitUntilIdle() {
        queue.sync {}
    }

    private func checkpoint() {
        state.withLock { $0.scheduled = false }
        // A connection for each checkpoint, closed right after: one left open would keep the pool's connections
        // from being the last ones, and SQLite checkpoints and removes the log only when the last one closes.
        var configuration = Configuration()
        configuration.label = "mailstream.wal-checkpoint"
        guard let connection = try? DatabaseQueue(path: path, configuration: configuration) else { return }
        // PASSIVE copies what no reader still needs and never waits for the writer or readers. When it fails,
        // the writer's own automatic checkpoint still bounds the log, and the next commit tries again.
        _ = try? connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
        try? connection.close()
    }
}

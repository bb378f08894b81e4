import Domain
import Foundation

/// The comments of pages to apply, as every store keeps a comment's body: ``CommentJSON``'s text. The engine
/// hands a store domain values; each store encodes them with this before its transaction, so the write lock is
/// held only for the writes, and so that no two stores write a body differently.
public enum CommentBodies {
    /// Below this many comments, the encoding stays on the caller's thread: a task per core costs more.
    static let parallelThreshold = 32

    /// Read once: Foundation reads the cgroup's CPU quota files at every call.
    private static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Each batch's upserted comments by server id, in the batches' order, encoded on every core (a page of a
    /// folder's first sync holds hundreds, and the store writes one group at a time).
    /// - Throws: `EncodingError` when a comment has no JSON form (a NaN or infinite number property).
    public static func encode(_ batches: [SyncBatch]) async throws -> [[String: String]] {
        var work: [(batch: Int, serverID: String, comment: Comment)] = []
        for (index, batch) in batches.enumerated() {
            for case .upsert(let email) in batch.changes {
                work.append((index, email.serverID, email.converted.comment))
            }
        }
        let lanes = work.count < parallelThreshold ? 1 : max(1, min(cores, work.count / parallelThreshold))
        var texts = [String](repeating: "", count: work.count)
        if lanes == 1 {
            for (position, item) in work.enumerated() { texts[position] = try CommentJSON.string(item.comment) }
        } else {
            let comments = work.map(\.comment)
            let chunk = (comments.count + lanes - 1) / lanes
            try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
                for start in stride(from: 0, to: comments.count, by: chunk) {
                    group.addTask {
                        let end = min(start + chunk, comments.count)
                        return (start, try comments[start..<end].map(CommentJSON.string))
                    }
                }
                for try await (start, encoded) in group {
                    texts.replaceSubrange(start..<(start + encoded.count), with: encoded)
                }
            }
        }
        var bodies = [[String: String]](repeating: [:], count: batches.count)
        for (item, text) in zip(work, texts) { bodies[item.batch][item.serverID] = text }
        return bodies
    }
}

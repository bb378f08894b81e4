import Domain
import Foundation

/// A folder's item and unread counts: a new, moved or deleted item changes the first, a read or unread one the
/// second.
struct FolderCounts: Sendable, Equatable {
    var total: Int?
    var unread: Int?
}

extension EWSMailSource {
    /// At most this many folders per GetFolder.
    static let countBatch = 100

    /// Returns after `timeout`, or earlier once a GetFolder every `countPollInterval` shows that the item or unread
    /// count of one of `folders` differs from what the pass's listing saw (or the folder is gone). The counts were
    /// taken before the pass synced any folder, so a change during the pass ends the first poll's wait. A change
    /// that leaves both counts as they were (an item deleted and another arriving between two polls) waits for
    /// `timeout`, the engine's poll.
    /// - Throws: `MailSourceError` when the server fails, `CancellationError`.
    public func waitForChanges(in folders: [MailFolder], timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let next = ContinuousClock.now + countPollInterval
            guard next < deadline, !folders.isEmpty else { return try await Task.sleep(until: deadline) }
            try await Task.sleep(until: next)
            await acquireTransport()
            let counts: [String: FolderCounts]
            do {
                counts = try await self.counts(of: folders)
            } catch {
                releaseTransport()
                throw error
            }
            releaseTransport()
            // A folder the listing could not count (GetFolder refused it) never ends a wait early.
            for folder in folders {
                if let before = listedCounts[folder.serverID], counts[folder.serverID] != before { return }
            }
        }
    }

    /// GetFolder with TotalCount and UnreadCount for `folders`, by FolderId; a folder the server could not read is
    /// left out (so it compares as changed).
    func counts(of folders: [MailFolder]) async throws -> [String: FolderCounts] {
        var counts: [String: FolderCounts] = [:]
        var start = 0
        while start < folders.count {
            let batch = folders[start..<min(start + Self.countBatch, folders.count)]
            start += batch.count
            let request = try builder.getFolders(batch.map { .id(EWSFolderID(id: $0.serverID)) }, counts: true)
            let response = try EWSResponseParser.parseGetFolder(try await post(request))
            if let fault = response.fault { throw Self.error(fault) }
            for message in response.messages ?? [] where message.status.isSuccess {
                for folder in message.folders {
                    counts[folder.id.id] = FolderCounts(total: folder.totalCount, unread: folder.unreadCount)
                }
            }
        }
        return counts
    }
}

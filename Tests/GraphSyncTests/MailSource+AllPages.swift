import Domain
import Foundation
import Synchronization

extension MailSource {
    /// Every page of a folder's changes since `cursor`, in order: what the engine is handed one page at a time,
    /// collected for a test to look at.
    func allPages(in folder: MailFolder, since cursor: String?, startTimestamp: Date?) async throws
        -> [FolderChangePage] {
        let collected = Mutex<[FolderChangePage]>([])
        try await changes(in: folder, since: cursor, startTimestamp: startTimestamp) { page in
            collected.withLock { $0.append(page) }
        }
        return collected.withLock { $0 }
    }
}

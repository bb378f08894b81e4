import Domain
import Foundation

/// A mailbox on an IMAP server, as a `MailSource`.
///
/// Each folder is read with EXAMINE (read-only, so syncing never changes flags), `UID SEARCH ALL` to learn which
/// UIDs exist (removals are the known UIDs that are gone, which works on every server; RFC 7162 would let
/// CONDSTORE servers skip unchanged folders), and `UID FETCH … (UID INTERNALDATE BODY.PEEK[])` for new UIDs in
/// pages. A UIDVALIDITY change (RFC 3501 §2.3.1.1) resets the folder.
public actor IMAPMailSource: MailSource {
    let settings: IMAPSettings
    /// Messages per page: each page is one store transaction with its cursor.
    let pageSize: Int
    private var client: IMAPClient?

    public init(settings: IMAPSettings, pageSize: Int = 100) {
        self.settings = settings
        self.pageSize = pageSize
    }

    private func connected() async throws -> IMAPClient {
        if let client, await client.isUsable { return client }
        let client = try await IMAPClient.connect(settings)
        self.client = client
        return client
    }

    private func dropConnection() async {
        await client?.logout()
        client = nil
    }

    public func folders() async throws -> [MailFolder] {
        do {
            let client = try await connected()
            return try await client.listFolders()
        } catch {
            await dropConnection()
            throw error
        }
    }

    public nonisolated func changes(in folder: MailFolder, since cursor: String?, startTimestamp: Date?)
        -> AsyncThrowingStream<FolderChangePage, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await self.readChanges(in: folder, since: cursor, startTimestamp: startTimestamp) { page in
                        continuation.yield(page)
                    }
                    continuation.finish()
                } catch {
                    await self.dropConnection()
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    private func readChanges(in folder: MailFolder, since cursorText: String?, startTimestamp: Date?,
                             yield: (FolderChangePage) -> Void) async throws {
        let client = try await connected()
        let selected = try await client.examine(folder.serverID)
        var cursor = IMAPFolderCursor(cursorText)
        var resets = false
        if let saved = cursor, saved.uidValidity != selected.uidValidity {
            cursor = nil
            resets = true
        }
        var known = cursor?.knownUIDs ?? []
        var lastUID = cursor?.lastUID ?? 0
        let present = selected.exists == 0 ? [] : try await client.searchAllUIDs()
        let presentSet = Set(present)
        var changes: [FolderChange] = known.subtracting(presentSet).sorted().map { .removed(serverID: String($0)) }
        known.formIntersection(presentSet)
        var wanted = present.filter { $0 > lastUID && !known.contains($0) }.sorted()
        if let startTimestamp, !wanted.isEmpty {
            // SINCE has day granularity (RFC 3501 §6.4.4): it narrows the download, the engine checks the instant.
            let recent = Set(try await client.searchUIDs(since: startTimestamp.addingTimeInterval(-86_400)))
            let skipped = wanted.filter { !recent.contains($0) }
            known.formUnion(skipped)
            lastUID = max(lastUID, skipped.max() ?? 0)
            wanted = wanted.filter(recent.contains)
        }
        func page() -> FolderChangePage {
            let next = IMAPFolderCursor(uidValidity: selected.uidValidity, lastUID: lastUID,
                                        known: IMAPFolderCursor.format(known), highestModSeq: selected.highestModSeq)
            defer { resets = false }
            return FolderChangePage(changes: changes, cursor: next.text, resetsFolder: resets)
        }
        var start = 0
        while start < wanted.count {
            try Task.checkCancellation()
            let chunk = Array(wanted[start..<min(start + pageSize, wanted.count)])
            start += chunk.count
            let fetched = try await client.fetchMessages(uids: chunk)
            for uid in chunk {
                if let message = fetched[uid] {
                    changes.append(.upsert(serverID: String(uid), raw: message.body, receivedAt: message.internalDate))
                } else {
                    // Deleted between SEARCH and FETCH, or unreadable: the next pass sees which.
                    changes.append(.failed(serverID: String(uid), reason: "the server returned no content"))
                }
                known.insert(uid)
            }
            lastUID = max(lastUID, chunk.max() ?? lastUID)
            yield(page())
            changes.removeAll(keepingCapacity: true)
        }
        if wanted.isEmpty || !changes.isEmpty { yield(page()) }
    }

    public func waitForChanges(in folders: [MailFolder], timeout: Duration) async throws {
        let inbox = folders.first { $0.path.first?.uppercased() == "INBOX" && $0.path.count == 1 } ?? folders.first
        guard let inbox else {
            try await Task.sleep(for: timeout)
            return
        }
        do {
            let client = try await connected()
            try await client.idle(in: inbox.serverID, timeout: min(timeout, .seconds(29 * 60)))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            await dropConnection()
            throw error
        }
    }

    public func close() async {
        await dropConnection()
    }
}

import Domain
import Foundation

/// A mailbox on an IMAP server, as a `MailSource`.
///
/// Each folder is opened with EXAMINE (read-only, so syncing never changes flags). What changed since the saved
/// cursor comes from the cheapest source the server allows: with QRESYNC (RFC 7162), EXAMINE's VANISHED (EARLIER)
/// names the removals and `UID SEARCH UID n:*` the new UIDs; an unchanged HIGHESTMODSEQ, or an unchanged UIDNEXT
/// and message count, means nothing changed; otherwise `UID SEARCH ALL` lists every UID and removals are the known
/// ones that are gone (works on every server). New messages are read with `UID FETCH … (UID FLAGS INTERNALDATE
/// BODY.PEEK[])` in pages. Read-state changes of known messages come from CONDSTORE's `CHANGEDSINCE` when
/// HIGHESTMODSEQ moved, or, on a server without CONDSTORE, from comparing `UID SEARCH SEEN` (or `UNSEEN`) with the
/// cursor's `\Seen` set at every pass. A UIDVALIDITY change (RFC 3501 §2.3.1.1) resets the folder. On a server
/// with LIST-STATUS (RFC 5819), a folder whose answer to the pass's LIST shows nothing new is not opened at all.
public actor IMAPMailSource: MailSource {
    let settings: IMAPSettings
    /// Messages per page: each page is one store transaction with its cursor.
    let pageSize: Int
    /// How long a LIST-STATUS answer may stand for a folder: a pass still busy with a large folder after this
    /// opens the folders it comes to next, so their changes since the LIST are not left for the pass after.
    let listedStatusLifetime: Duration
    /// Without NOTIFY: how often a wait asks LIST-STATUS whether a folder other than INBOX changed.
    let statusPollInterval: Duration
    private var client: IMAPClient?
    /// How each folder (by server name) stood when the last pass looked at it, for a wait without NOTIFY to tell
    /// whether it changed since.
    var observed: [String: ObservedFolder] = [:]
    /// The folders (server names) of the last LIST: news of a folder not among them is news of a new folder.
    var listedFolders: Set<String> = []
    /// Without NOTIFY: the connections in IDLE on `settings.idleFolders`, by server name.
    var idleWatches: [String: IMAPClient] = [:]
    /// With NOTIFY: the connection that hears of every folder's changes (it only waits; passes use `client`).
    var notifyWatch: IMAPClient?
    /// Without LIST-STATUS: where the next look's STATUS commands start in the folder list (`statusTurn`).
    var statusTurnStart = 0
    /// The server has no NOTIFY or refused it: waits go without.
    var notifyUnavailable = false
    /// A wait used NOTIFY: each pass from then on makes sure its connection is there before it starts.
    var waitsWithNotify = false

    public init(settings: IMAPSettings, pageSize: Int = 100, listedStatusLifetime: Duration = .seconds(30),
                statusPollInterval: Duration = .seconds(10)) {
        self.settings = settings
        self.pageSize = pageSize
        self.listedStatusLifetime = listedStatusLifetime
        self.statusPollInterval = statusPollInterval
    }

    private var connectionBusy = false
    private var connectionWaiters: [CheckedContinuation<Void, Never>] = []

    /// One user of the main connection at a time: a pass's reader, a wait, or `close`.
    func acquireConnection() async {
        guard connectionBusy else {
            connectionBusy = true
            return
        }
        await withCheckedContinuation { connectionWaiters.append($0) }
    }

    func releaseConnection() {
        if connectionWaiters.isEmpty {
            connectionBusy = false
        } else {
            connectionWaiters.removeFirst().resume()
        }
    }

    func connected() async throws -> IMAPClient {
        if let client, await client.isUsable { return client }
        let client = try await IMAPClient.connect(settings)
        self.client = client
        return client
    }

    func dropConnection() async {
        await client?.logout()
        client = nil
    }

    public func folders() async throws -> [MailFolder] {
        await acquireConnection()
        defer { releaseConnection() }
        // A pass of a source that waits starts: NOTIFY is set before anything is looked at, so that whatever
        // changes after is heard of. (A source that only syncs once, or checks a connection, opens no second one.)
        if waitsWithNotify { await openNotifyWatch() }
        do {
            let client = try await connected()
            let folders = try await client.listFolders()
            listedFolders = Set(folders.map(\.serverID))
            return folders
        } catch {
            await dropConnection()
            throw error
        }
    }

    public private(set) var statistics = Statistics()

    public nonisolated func changes(in folder: MailFolder, since cursor: String?, startTimestamp: Date?,
                                    pages: @Sendable (FolderChangePage) async throws -> Void) async throws {
        // One user of the connection at a time: a reader whose pass was cancelled finishes (and drops the
        // connection it may have left mid-command) before the next one starts.
        await acquireConnection()
        do {
            try await readChanges(in: folder, since: cursor, startTimestamp: startTimestamp, yield: pages)
        } catch {
            await dropConnection()
            await releaseConnection()
            throw error
        }
        await releaseConnection()
    }

    private func readChanges(in folder: MailFolder, since cursorText: String?, startTimestamp: Date?,
                             yield: (FolderChangePage) async throws -> Void) async throws {
        let client = try await connected()
        var cursor = IMAPFolderCursor(cursorText)
        if let status = await client.takeListedStatus(of: folder.serverID, maxAge: listedStatusLifetime),
           Self.isUnchanged(status, since: cursor) {
            statistics.listedUnchanged += 1
            observed[folder.serverID] = ObservedFolder(status)
            return
        }
        let resync = cursor.flatMap { saved in
            saved.highestModSeq.map { QResyncParameters(uidValidity: saved.uidValidity, modSeq: $0) }
        }
        let selected = try await client.examine(folder.serverID, resync: resync)
        observed[folder.serverID] = ObservedFolder(selected)
        var resets = false
        if let saved = cursor, saved.uidValidity != selected.uidValidity {
            cursor = nil
            resets = true
        }
        var known = cursor?.knownUIDs ?? []
        var lastUID = cursor?.lastUID ?? 0
        var changes: [FolderChange] = []
        var incremental: [UInt32]? = nil
        if let saved = cursor {
            incremental = try await incrementalChanges(client: client, selected: selected, saved: saved,
                                                       known: &known, removed: &changes)
        }
        var wanted: [UInt32]
        if let incremental {
            wanted = incremental
        } else {
            // Every UID of the folder: removals are the known UIDs that are gone (works on every server).
            statistics.fullListings += 1
            let present = selected.exists == 0 ? [] : try await client.searchAllUIDs()
            let presentSet = Set(present)
            changes = known.subtracting(presentSet).sorted().map { .removed(serverID: String($0)) }
            known.formIntersection(presentSet)
            wanted = present.filter { !known.contains($0) }.sorted()
        }
        // Mod-sequences tell which flags changed, unless the server has no CONDSTORE or the folder has none
        // (NOMODSEQ, RFC 7162 §3.1.2.2).
        let condstore = await client.capabilities.contains(Capability("CONDSTORE"))
        let flagsByModSeq = condstore && selected.highestModSeq != nil
        // Without them, the known UIDs with `\Seen`, compared at each pass with the cursor's; nil with them.
        var seen: Set<UInt32>? = flagsByModSeq ? nil : []
        if !flagsByModSeq, let saved = cursor, !known.isEmpty {
            // A flag change moves neither UIDNEXT nor the message count, so every pass asks. The smaller side, by
            // the last pass's count, makes the shorter answer.
            statistics.readStateSearches += 1
            let before = saved.seenUIDs
            let asksSeen = before.map { $0.count * 2 <= known.count } ?? true
            let answer = Set(try await client.searchUIDs(seen: asksSeen))
            let now = asksSeen ? answer.intersection(known) : known.subtracting(answer)
            for (uid, isRead) in IMAPFolderCursor.readStateChanges(known: known, before: before, now: now) {
                changes.append(.readState(serverID: String(uid), isRead: isRead))
            }
            seen = now
        }
        if let saved = cursor, let savedModSeq = saved.highestModSeq, let modSeq = selected.highestModSeq,
           modSeq != savedModSeq, flagsByModSeq {
            // Flags that changed since the last pass, for the messages still here (`known` has lost the removed
            // ones; a new message's state comes with its content). HIGHESTMODSEQ moves with every flag change, so
            // an unchanged one needs no question.
            statistics.readStateFetches += 1
            for (uid, isRead) in try await client.readStates(of: known.sorted(), changedSince: savedModSeq)
                .sorted(by: { $0.key < $1.key }) {
                changes.append(.readState(serverID: String(uid), isRead: isRead))
            }
        }
        if let startTimestamp, !wanted.isEmpty {
            // SINCE has day granularity (RFC 3501 §6.4.4): it narrows the download, the engine checks the instant.
            let recent = Set(try await client.searchUIDs(since: startTimestamp.addingTimeInterval(-86_400)))
            let skipped = wanted.filter { !recent.contains($0) }
            // Known, so never fetched; `lastUID` stays the highest fetched UID, so an interrupted pass resumes
            // with every wanted UID above it.
            known.formUnion(skipped)
            wanted = wanted.filter(recent.contains)
        }
        func page() -> FolderChangePage {
            let next = IMAPFolderCursor(uidValidity: selected.uidValidity, lastUID: lastUID,
                                        known: IMAPFolderCursor.format(known), highestModSeq: selected.highestModSeq,
                                        uidNext: selected.uidNext, seen: seen.map(IMAPFolderCursor.format))
            defer { resets = false }
            return FolderChangePage(changes: changes, cursor: next.text, resetsFolder: resets)
        }
        var start = 0
        while start < wanted.count {
            try Task.checkCancellation()
            let chunk = Array(wanted[start..<min(start + pageSize, wanted.count)])
            start += chunk.count
            let fetched = try await client.fetchMessages(uids: chunk)
            statistics.pagesFetched += 1
            for uid in chunk {
                if let message = fetched[uid] {
                    changes.append(.upsert(serverID: String(uid), raw: message.body, receivedAt: message.internalDate,
                                           isRead: message.isRead))
                    if message.isRead == true { seen?.insert(uid) }
                } else {
                    // Deleted between SEARCH and FETCH, or unreadable: the next pass sees which.
                    changes.append(.failed(serverID: String(uid), reason: "the server returned no content"))
                }
                known.insert(uid)
            }
            lastUID = max(lastUID, chunk.max() ?? lastUID)
            try await yield(page())
            changes.removeAll(keepingCapacity: true)
        }
        if wanted.isEmpty || !changes.isEmpty { try await yield(page()) }
    }

    /// True when a folder's LIST-STATUS answer shows that a pass would find nothing: an empty folder never synced,
    /// or the cursor's UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and message count all unchanged. Mod-sequences are
    /// required for the latter: a flag change moves nothing else (RFC 7162 §3.1.1), so without them the folder
    /// is opened to compare `\Seen`. An append raises UIDNEXT, an expunge lowers the count or (with an append)
    /// raises UIDNEXT too, and either raises HIGHESTMODSEQ under CONDSTORE.
    static func isUnchanged(_ status: MailboxStatus, since cursor: IMAPFolderCursor?) -> Bool {
        guard let messages = status.messages else { return false }
        guard let cursor else { return messages == 0 }
        guard let modSeq = status.highestModSeq, let uidNext = status.uidNext else { return false }
        return status.uidValidity == cursor.uidValidity && uidNext == cursor.uidNext
            && modSeq == cursor.highestModSeq && cursor.knownCount == Int(messages)
    }

    /// Removals and new UIDs from a saved cursor without listing the folder, or nil when only a full listing
    /// can tell. The shortcuts are checked against the folder's message count; a mismatch falls back.
    private func incrementalChanges(client: IMAPClient, selected: IMAPClient.Selected, saved: IMAPFolderCursor,
                                    known: inout Set<UInt32>, removed: inout [FolderChange]) async throws -> [UInt32]? {
        if selected.resynchronized, let modSeq = selected.highestModSeq {
            if modSeq == saved.highestModSeq {
                // Every change (new message, expunge, flags) raises HIGHESTMODSEQ under QRESYNC.
                guard known.count == Int(selected.exists) else { return nil }
                statistics.unchanged += 1
                return []
            }
            let gone = known.intersection(selected.vanished)
            let remaining = known.subtracting(gone)
            var fresh: [UInt32] = []
            if selected.uidNext.map({ $0 > saved.lastUID + 1 }) ?? true {
                fresh = try await client.searchUIDs(from: saved.lastUID + 1).filter { !remaining.contains($0) }
            }
            let existedAtOpen = fresh.filter { uid in selected.uidNext.map { uid < $0 } ?? true }.count
            guard remaining.count + existedAtOpen == Int(selected.exists) else { return nil }
            statistics.quickResyncs += 1
            removed = gone.sorted().map { .removed(serverID: String($0)) }
            known = remaining
            return fresh.sorted()
        }
        if let uidNext = selected.uidNext, saved.uidNext == uidNext, known.count == Int(selected.exists) {
            // Nothing was appended (UIDNEXT), so an unchanged count means nothing was expunged either.
            statistics.unchanged += 1
            return []
        }
        return nil
    }

    /// Logs out of every connection (each within `IMAPClient.goodbyeTimeout`) once the reader using the main one,
    /// if any, has stopped.
    public func close() async {
        await acquireConnection()
        defer { releaseConnection() }
        // Each server gets its goodbye at the same time.
        async let main: Void = dropConnection()
        async let notify: Void = dropNotifyWatch()
        async let watches: Void = closeIdleWatches()
        _ = await (main, notify, watches)
    }
}

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
    /// What the pass's LIST said of each folder (LIST-STATUS), for the planner; only of the connection that listed.
    var listedStatuses = ListedStatuses()
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
        listedStatuses = ListedStatuses()
        let client = try await IMAPClient.connect(settings)
        self.client = client
        return client
    }

    func dropConnection() async {
        await client?.logout()
        client = nil
        listedStatuses = ListedStatuses()
    }

    public func folders() async throws -> [MailFolder] {
        await acquireConnection()
        defer { releaseConnection() }
        // A pass of a source that waits starts: NOTIFY is set before anything is looked at, so that whatever
        // changes after is heard of. (A source that only syncs once, or checks a connection, opens no second one.)
        if waitsWithNotify { await openNotifyWatch() }
        do {
            let client = try await connected()
            let (folders, statuses) = try await client.listFolders()
            listedStatuses = ListedStatuses(statuses, selected: await client.selected, at: .now)
            listedFolders = Set(folders.map(\.serverID))
            return folders
        } catch {
            await dropConnection()
            throw error
        }
    }

    public internal(set) var statistics = Statistics()

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

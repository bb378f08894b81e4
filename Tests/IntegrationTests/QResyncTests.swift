import ClientTLS
import Domain
import Foundation
import IMAP
import Synchronization
import Sync
import Testing

/// The IMAP source's change detection against Dovecot, which offers CONDSTORE and QRESYNC: after the first listing,
/// removals come from VANISHED (EARLIER) and only new UIDs are searched; the result must equal what the plain
/// `UID SEARCH ALL` fallback finds from the same cursor.
@Suite(.enabled(if: DovecotPeer.available, DovecotPeer.missing))
struct QResyncTests {
    struct Pass {
        var upserts: [String] = []
        var removed: [String] = []
        var cursor: String?
        var pages = 0
    }

    static func read(_ source: IMAPMailSource, _ folder: MailFolder, since cursor: String?,
                     pages limit: Int = .max) async throws -> Pass {
        /// Thrown from the hand-over to stop after `limit` pages, as a pass that ends there.
        struct Enough: Error {}
        let read = Mutex(Pass())
        do {
            try await source.changes(in: folder, since: cursor, startTimestamp: nil) { page in
                let pages = read.withLock { pass in
                    for change in page.changes {
                        switch change {
                        case .upsert(let id, _, _, _): pass.upserts.append(id)
                        case .removed(let id): pass.removed.append(id)
                        case .failed(let id, let reason): Issue.record("uid \(id) failed: \(reason)")
                        case .readState: break
                        }
                    }
                    pass.cursor = page.cursor
                    pass.pages += 1
                    return pass.pages
                }
                if pages == limit { throw Enough() }
            }
        } catch is Enough {}
        return read.withLock { $0 }
    }

    func source(_ peer: DovecotPeer, _ user: (name: String, password: String), qresync: Bool,
                pageSize: Int = 100, listedStatusLifetime: Duration = .seconds(30)) -> IMAPMailSource {
        IMAPMailSource(settings: IMAPSettings(host: peer.host, port: peer.imapsPort, security: .tls,
                                              username: user.name, password: user.password, tls: TLSOptions(caFile: peer.caFile),
                                              useQResync: qresync,
                                              outboundPolicy: OutboundPolicy(allowPrivateNetworks: true)),
                       pageSize: pageSize, listedStatusLifetime: listedStatusLifetime)
    }

    @Test func removalsAndNewMailFromVanishedMatchTheFullListing() async throws {
        let peer = try #require(DovecotPeer.shared)
        let user = try peer.addUser("qresync")
        for index in 1...5 { try peer.save(IMAPSyncTests.mail("q\(index)-\(user.name)"), user: user.name, folder: "INBOX") }
        let quick = source(peer, user, qresync: true)
        let plain = source(peer, user, qresync: false)
        defer { Task { await quick.close(); await plain.close() } }
        let inbox = try #require(try await quick.folders().first { $0.name == "INBOX" })

        let first = try await Self.read(quick, inbox, since: nil)
        #expect(first.upserts == ["1", "2", "3", "4", "5"])
        #expect(await quick.statistics.fullListings == 1)

        let idle = try await Self.read(quick, inbox, since: first.cursor)
        #expect(idle.upserts.isEmpty && idle.removed.isEmpty)
        #expect(await quick.statistics.unchanged == 1)

        try peer.doveadm(["expunge", "-u", user.name, "mailbox", "INBOX", "uid", "2"])
        try peer.doveadm(["move", "-u", user.name, "Archive", "mailbox", "INBOX", "uid", "4"])
        for index in 6...7 { try peer.save(IMAPSyncTests.mail("q\(index)-\(user.name)"), user: user.name, folder: "INBOX") }

        let viaVanished = try await Self.read(quick, inbox, since: first.cursor)
        #expect(viaVanished.removed == ["2", "4"])
        #expect(viaVanished.upserts == ["6", "7"])
        let statistics = await quick.statistics
        #expect(statistics.fullListings == 1)
        #expect(statistics.unchanged == 1)
        #expect(statistics.quickResyncs == 1)

        let viaListing = try await Self.read(plain, inbox, since: first.cursor)
        #expect(viaListing.removed == viaVanished.removed)
        #expect(viaListing.upserts == viaVanished.upserts)
        #expect(await plain.statistics.fullListings == 1)
        #expect(await plain.statistics.quickResyncs == 0)

        // Without QRESYNC an untouched folder is still recognised: same UIDNEXT, same count.
        _ = try await Self.read(plain, inbox, since: viaListing.cursor)
        #expect(await plain.statistics.unchanged == 1)
    }

    @Test func aPassCutShortResumesWithEveryMessageOnce() async throws {
        let peer = try #require(DovecotPeer.shared)
        let user = try peer.addUser("qresync-cut")
        for index in 1...7 { try peer.save(IMAPSyncTests.mail("c\(index)-\(user.name)"), user: user.name, folder: "INBOX") }
        let quick = source(peer, user, qresync: true, pageSize: 3)
        defer { Task { await quick.close() } }
        let inbox = try #require(try await quick.folders().first { $0.name == "INBOX" })

        // Only the first page's cursor is saved, as when the process dies after its first commit.
        let cut = try await Self.read(quick, inbox, since: nil, pages: 1)
        #expect(cut.upserts == ["1", "2", "3"])
        // The folder did not change since: the modseq shortcut alone would skip the rest; the count check must not.
        let rest = try await Self.read(quick, inbox, since: cut.cursor)
        #expect(rest.upserts == ["4", "5", "6", "7"])
        #expect(rest.removed.isEmpty)
        let after = try await Self.read(quick, inbox, since: rest.cursor)
        #expect(after.upserts.isEmpty && after.removed.isEmpty)
    }

    @Test func downloadsStayAtMostTwoPagesAheadOfTheEngine() async throws {
        let peer = try #require(DovecotPeer.shared)
        let user = try peer.addUser("qresync-ahead")
        for index in 1...8 { try peer.save(IMAPSyncTests.mail("a\(index)-\(user.name)"), user: user.name, folder: "INBOX") }
        let slow = source(peer, user, qresync: true, pageSize: 1)
        defer { Task { await slow.close() } }
        let inbox = try #require(try await slow.folders().first { $0.name == "INBOX" })
        let received = Mutex(0)
        try await slow.changes(in: inbox, since: nil, startTimestamp: nil) { page in
            guard !page.changes.isEmpty else { return }
            if received.withLock({ $0 += 1; return $0 }) == 1 {
                // An engine busy with the first page: the source reads on only when the hand-over returns, and
                // the engine's buffer (`pagesAhead`) is all it may read ahead.
                try await Task.sleep(for: .milliseconds(500))
                let fetched = await slow.statistics.pagesFetched
                #expect(fetched <= 1 + MailboxSynchronizer.pagesAhead + 1, "fetched \(fetched) pages while one was read")
            }
        }
        #expect(received.withLock { $0 } == 8)
    }

    /// One pass over every folder, as the engine makes it: LIST first, then each folder from its cursor. Returns
    /// each folder's changes ("+uid", "-uid", "read uid", "unread uid") and pages; updates `cursors`.
    static func passOverEveryFolder(_ source: IMAPMailSource, cursors: inout [String: String]) async throws
        -> (changes: [String: [String]], pages: Int) {
        var changes: [String: [String]] = [:]
        var pages = 0
        for folder in try await source.folders() {
            for page in try await source.allPages(in: folder, since: cursors[folder.name], startTimestamp: nil) {
                pages += 1
                for change in page.changes {
                    switch change {
                    case .upsert(let id, _, _, _): changes[folder.name, default: []].append("+\(id)")
                    case .removed(let id): changes[folder.name, default: []].append("-\(id)")
                    case .readState(let id, let isRead):
                        changes[folder.name, default: []].append("\(isRead ? "read" : "unread") \(id)")
                    case .failed(let id, let reason): Issue.record("uid \(id) failed: \(reason)")
                    }
                }
                cursors[folder.name] = page.cursor
            }
        }
        return (changes, pages)
    }

    @Test func listStatusSkipsUnchangedFoldersAndMissesNoChange() async throws {
        let peer = try #require(DovecotPeer.shared)
        let user = try peer.addUser("liststatus")
        for index in 1...3 { try peer.save(IMAPSyncTests.mail("l\(index)-\(user.name)"), user: user.name, folder: "INBOX") }
        for index in 4...5 { try peer.save(IMAPSyncTests.mail("l\(index)-\(user.name)"), user: user.name, folder: "Archive") }
        let source = source(peer, user, qresync: true)
        defer { Task { await source.close() } }
        let folderCount = try await source.folders().count
        #expect(folderCount >= 4, "Dovecot's test user has INBOX, Archive and empty special folders")
        var cursors: [String: String] = [:]

        // The first pass opens the folders that hold mail; the empty ones, never synced, are left alone.
        let first = try await Self.passOverEveryFolder(source, cursors: &cursors)
        #expect(first.changes == ["INBOX": ["+1", "+2", "+3"], "Archive": ["+1", "+2"]])
        var statistics = await source.statistics
        #expect(statistics.listedUnchanged == folderCount - 2)
        #expect(statistics.fullListings == 2)

        // Nothing changed: no folder is opened but the one still selected from the last pass, and no page is made.
        let idle = try await Self.passOverEveryFolder(source, cursors: &cursors)
        #expect(idle.changes.isEmpty)
        #expect(idle.pages <= 1)
        statistics = await source.statistics
        #expect(statistics.listedUnchanged == 2 * folderCount - 3)
        #expect(statistics.unchanged == 1)

        // A flag in Archive, an expunge in INBOX, a first message in Sent: the next pass finds each one.
        try peer.doveadm(["flags", "add", "-u", user.name, "\\Seen", "mailbox", "Archive", "uid", "2"])
        try peer.doveadm(["expunge", "-u", user.name, "mailbox", "INBOX", "uid", "1"])
        try peer.save(IMAPSyncTests.mail("l6-\(user.name)"), user: user.name, folder: "Sent")
        let changed = try await Self.passOverEveryFolder(source, cursors: &cursors)
        #expect(changed.changes == ["INBOX": ["-1"], "Archive": ["read 2"], "Sent": ["+1"]])
        statistics = await source.statistics
        #expect(statistics.listedUnchanged == 3 * folderCount - 6)

        // And the folders are quiet again.
        let quiet = try await Self.passOverEveryFolder(source, cursors: &cursors)
        #expect(quiet.changes.isEmpty)
    }

    @Test func aListStatusAnswerOlderThanItsLifetimeIsNotUsed() async throws {
        let peer = try #require(DovecotPeer.shared)
        let user = try peer.addUser("liststatus-old")
        try peer.save(IMAPSyncTests.mail("o1-\(user.name)"), user: user.name, folder: "Archive")
        // Every answer is already too old when its folder's turn comes: each folder is opened, as without LIST-STATUS.
        let source = source(peer, user, qresync: true, listedStatusLifetime: .zero)
        defer { Task { await source.close() } }
        let folderCount = try await source.folders().count
        var cursors: [String: String] = [:]
        let first = try await Self.passOverEveryFolder(source, cursors: &cursors)
        #expect(first.changes == ["Archive": ["+1"]])
        let idle = try await Self.passOverEveryFolder(source, cursors: &cursors)
        #expect(idle.changes.isEmpty)
        let statistics = await source.statistics
        #expect(statistics.listedUnchanged == 0)
        #expect(statistics.fullListings == folderCount)
        #expect(statistics.unchanged == folderCount)
    }
}

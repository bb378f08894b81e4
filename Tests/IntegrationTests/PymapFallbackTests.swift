import ClientTLS
import Domain
import Foundation
import IMAP
import Logging
import MIME
import SQLiteStore
import Store
import Sync
import Testing

/// pymap has no ENABLE, CONDSTORE or QRESYNC: the sync must work from UIDs alone (new UIDs above the cursor,
/// removals from the difference with `UID SEARCH ALL`, read states from `UID SEARCH SEEN`/`UNSEEN` compared with the
/// cursor's), over STARTTLS. pymap has one user, so the tests take turns, and each test's folders are its own.
@Suite(.enabled(if: PymapPeer.available, PymapPeer.missing), .serialized)
struct PymapFallbackTests {
    /// A new data folder and an integration with pymap's user, its mailbox limited to `folders` when given.
    struct World {
        let peer: PymapPeer
        let folder: URL
        let store: SQLiteStore
        let engine: SyncEngine

        /// `statusPollInterval`: how often a wait looks at the folders other than INBOX (STATUS: pymap has no
        /// LIST-STATUS).
        init(folders: [[String]] = [], statusPollInterval: Duration = .seconds(10)) async throws {
            peer = try #require(PymapPeer.shared)
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-pymap-\(UUID())")
            let dataFolder = try DataFolder(path: folder.path)
            store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
            // pymap listens on 127.0.0.1, which the outbound policy refuses by default.
            // An engine poll of ten minutes: in the tests that run it, only a wait's looks bring mail in sooner.
            var configuration = SyncEngine.Configuration()
            configuration.pollInterval = .seconds(600)
            configuration.reloadInterval = .milliseconds(100)
            engine = SyncEngine(store: store,
                                factory: IMAPConnector(outboundPolicy: OutboundPolicy(allowPrivateNetworks: true),
                                                        statusPollInterval: statusPollInterval),
                                configuration: configuration, logger: Logger(label: "test"))
            let now = Date()
            try await store.saveIntegration(Integration(
                id: "pymap", owner: "ops", name: "pymap", kind: .imap,
                connection: IMAPConnection(host: peer.host, port: peer.port, security: .starttls, username: peer.user,
                                  password: peer.password, tls: TLSOptions(caFile: peer.caFile)).settings,
                mailboxes: [Mailbox(id: "pymap-mb", email: peer.user, folderAllowlist: folders, bucketOwner: "ops",
                                    bucketName: "mail")],
                createdAt: now, updatedAt: now
            ))
        }

        func cleanup() { try? FileManager.default.removeItem(at: folder) }

        /// The bucket's emails' read states, by subject.
        func readStates() async throws -> [String: Bool?] {
            guard let bucket = try await store.bucket(owner: "ops", name: "mail") else { return [:] }
            var states: [String: Bool?] = [:]
            for email in try await store.emails(bucketID: bucket.id, afterID: nil, limit: 100) {
                let subject = String(decoding: email.raw, as: UTF8.self).split(separator: "\r\n")
                    .first { $0.hasPrefix("Subject: ") }?.dropFirst("Subject: ".count)
                states[subject.map(String.init) ?? email.id] = email.isRead
            }
            return states
        }
    }

    /// No NOTIFY and no LIST-STATUS: while `serve`'s engine waits, INBOX is in IDLE and the other folders get a
    /// STATUS each every `statusPollInterval` (1 s here; the engine's poll is ten minutes).
    @Test func newMailShowsWhileWaitingWithoutNotifyOrListStatus() async throws {
        let tag = UUID().uuidString.prefix(8)
        let world = try await World(folders: [["INBOX"], ["Live-\(tag)"]], statusPollInterval: .seconds(1))
        defer { world.cleanup() }
        defer { try? world.peer.imap("c.delete('Live-\(tag)')") }
        // INBOX is shared with the other tests, which count what a sync finds there.
        defer {
            try? world.peer.imap("""
                c.select('INBOX')
                typ, data = c.uid('SEARCH', None, 'HEADER', 'Message-ID', 'inbox-\(tag)')
                for uid in data[0].split():
                    c.uid('STORE', uid.decode(), '+FLAGS', '(\\\\Deleted)')
                c.expunge()
                """)
        }
        func append(_ id: String, to folder: String) throws {
            try world.peer.imap("""
                c.append('\(folder)', None, None, b'Message-ID: <\(id)@test>\\r\\nSubject: \(id)\\r\\n'
                    b'Date: Mon, 6 Jan 2025 10:15:00 +0000\\r\\n\\r\\nbody\\r\\n')
                """)
        }
        try world.peer.imap("c.create('Live-\(tag)')")
        try append("before-\(tag)", to: "Live-\(tag)")
        let running = Task { try await world.engine.run() }
        defer { running.cancel() }
        func arrival(of id: String, within limit: Duration) async throws -> Duration? {
            let clock = ContinuousClock()
            let start = clock.now
            while clock.now - start < limit {
                if let source = try await world.store.source(owner: "ops", name: "mail"),
                   try await world.store.comments(sourceID: source.id, afterSequence: 0, limit: 10_000)
                    .contains(where: { $0.comment.id == ContentHash.hex("\(id)@test".utf8) }) {
                    return clock.now - start
                }
                try await Task.sleep(for: .milliseconds(50))
            }
            return nil
        }
        #expect(try await arrival(of: "before-\(tag)", within: .seconds(30)) != nil, "the first pass")
        try await Task.sleep(for: .seconds(1))  // the pass is written; the engine waits
        try append("other-\(tag)", to: "Live-\(tag)")
        let other = try await arrival(of: "other-\(tag)", within: .seconds(20))
        try append("inbox-\(tag)", to: "INBOX")
        let inbox = try await arrival(of: "inbox-\(tag)", within: .seconds(20))
        print("PymapFallbackTests: STATUS every 1 s, another folder: \(other.map { "\($0)" } ?? "not within 20 s"); "
            + "IDLE, INBOX: \(inbox.map { "\($0)" } ?? "not within 20 s")")
        #expect(other != nil, "a message appended to another folder did not arrive within 20 s (the poll is 10 min)")
        #expect(inbox != nil, "a message appended to INBOX did not arrive within 20 s (the poll is 10 min)")
    }

    /// pymap tells of mail that came while the connection was not in IDLE only with DONE's answer (RFC 3501 lets
    /// a server send EXISTS with any answer). Such news, at the end of a slice of the wait, ends the wait: here a
    /// message appended to INBOX after the pass, before the wait, shows at the first slice's end (1 s).
    @Test func newsThatComesWithDoneEndsTheWait() async throws {
        let peer = try #require(PymapPeer.shared)
        let tag = UUID().uuidString.prefix(8)
        defer {
            try? peer.imap("""
                c.select('INBOX')
                typ, data = c.uid('SEARCH', None, 'HEADER', 'Message-ID', 'held-\(tag)')
                for uid in data[0].split():
                    c.uid('STORE', uid.decode(), '+FLAGS', '(\\\\Deleted)')
                c.expunge()
                """)
        }
        let source = IMAPMailSource(
            settings: IMAPSettings(host: peer.host, port: peer.port, security: .starttls, username: peer.user,
                                   password: peer.password, tls: TLSOptions(caFile: peer.caFile),
                                   outboundPolicy: OutboundPolicy(allowPrivateNetworks: true)),
            statusPollInterval: .seconds(1))
        let inbox = try #require(try await source.folders().first { $0.serverID == "INBOX" })
        _ = try await source.allPages(in: inbox, since: nil, startTimestamp: nil)  // INBOX stays selected
        try peer.imap("""
            c.append('INBOX', None, None, b'Message-ID: <held-\(tag)@test>\\r\\nSubject: held\\r\\n\\r\\nbody\\r\\n')
            """)
        let clock = ContinuousClock()
        let start = clock.now
        try await source.waitForChanges(in: [inbox], timeout: .seconds(20))
        let waited = clock.now - start
        await source.close()
        print("PymapFallbackTests: news held back until DONE ended the wait after \(waited)")
        #expect(waited < .seconds(10), "the wait lasted \(waited): the EXISTS that came with DONE was dropped")
    }

    @Test func readStatesChangeWithoutCondstore() async throws {
        let tag = UUID().uuidString.prefix(8)
        let world = try await World(folders: [["Seen-\(tag)"]])
        defer { world.cleanup() }
        defer { try? world.peer.imap("c.delete('Seen-\(tag)')") }
        // s0 and s1 unread, s2 read.
        try world.peer.imap("""
            c.create('Seen-\(tag)')
            for i in range(3):
                c.append('Seen-\(tag)', '(\\\\Seen)' if i == 2 else None, None,
                    ('Message-ID: <s%d-\(tag)@test>\\r\\nSubject: s%d\\r\\n'
                     'Date: Mon, 6 Jan 2025 10:15:00 +0000\\r\\n\\r\\nbody %d\\r\\n' % (i, i, i)).encode())
            """)
        let first = try #require(try await world.engine.syncOnce().first)
        #expect(first.failure == nil)
        #expect(first.report?.result.created == 3)
        #expect(try await world.readStates() == ["s0": false, "s1": false, "s2": true])
        let source = try #require(try await world.store.source(owner: "ops", name: "mail"))
        let sequences = try await world.store.comments(sourceID: source.id, afterSequence: 0, limit: 100)
            .map(\.sequence)

        func store(_ flag: String, subject: String) throws {
            try world.peer.imap("""
                c.select('Seen-\(tag)')
                typ, data = c.uid('SEARCH', None, 'SUBJECT', '\(subject)')
                c.uid('STORE', data[0].split()[0].decode(), '\(flag)', '(\\\\Seen)')
                """)
        }
        // Fewer read than unread: the pass asks for SEEN.
        try store("+FLAGS", subject: "s0")
        try store("-FLAGS", subject: "s2")
        let second = try #require(try await world.engine.syncOnce().first)
        #expect(second.failure == nil)
        #expect(second.report?.result == SyncBatchResult())
        #expect(try await world.readStates() == ["s0": true, "s1": false, "s2": false])

        // Then more read than unread: the pass asks for UNSEEN.
        try store("+FLAGS", subject: "s1")
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        #expect(try await world.readStates() == ["s0": true, "s1": true, "s2": false])
        try store("+FLAGS", subject: "s2")
        try store("-FLAGS", subject: "s0")
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        #expect(try await world.readStates() == ["s0": false, "s1": true, "s2": true])

        // Nothing changed: nothing moves, and comments were never touched.
        #expect(try await world.engine.syncOnce().first?.report?.result == SyncBatchResult())
        #expect(try await world.readStates() == ["s0": false, "s1": true, "s2": true])
        #expect(try await world.store.comments(sourceID: source.id, afterSequence: 0, limit: 100).map(\.sequence)
            == sequences)
    }

    @Test func syncMovesAndExpungesWithoutCondstore() async throws {
        let world = try await World()
        defer { world.cleanup() }
        let (peer, store, engine) = (world.peer, world.store, world.engine)
        let tag = UUID().uuidString.prefix(8)
        try peer.imap("""
            for i in range(3):
                c.append('INBOX', None, None, ('Message-ID: <p%d-\(tag)@test>\\r\\nSubject: p%d\\r\\n'
                    'Date: Mon, 6 Jan 2025 10:15:00 +0000\\r\\n\\r\\nbody %d\\r\\n' % (i, i, i)).encode())
            """)
        let first = try #require(try await engine.syncOnce().first)
        #expect(first.failure == nil)
        #expect(first.report?.result.created == 3)

        try peer.imap("""
            c.create('Kept-\(tag)')
            c.select('INBOX')
            typ, data = c.uid('SEARCH', None, 'HEADER', 'Message-ID', 'p0-\(tag)')
            c.uid('MOVE', data[0].split()[0].decode(), 'Kept-\(tag)')
            typ, data = c.uid('SEARCH', None, 'HEADER', 'Message-ID', 'p1-\(tag)')
            c.uid('STORE', data[0].split()[0].decode(), '+FLAGS', '(\\\\Deleted)')
            c.expunge()
            """)
        let second = try #require(try await engine.syncOnce().first)
        #expect(second.failure == nil)
        #expect(second.report?.result.created == 0)
        #expect(second.report?.result.removed == 2)
        let source = try #require(try await store.source(owner: "ops", name: "mail"))
        let comments = try await store.comments(sourceID: source.id, afterSequence: 0, limit: 100)
        #expect(comments.count == 3)
        let moved = comments.first { $0.comment.id == ContentHash.hex("p0-\(tag)@test".utf8) }
        #expect(moved?.comment.userProperties["string:Folder"] == .string("Kept-\(tag)"))
    }
}

/// The pymap server `scripts/test` starts (scripts/peers/pymap).
struct PymapPeer: Sendable {
    let host: String
    let port: Int
    let user: String
    let password: String
    let caFile: String

    static let shared: PymapPeer? = {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["MAILSTREAM_PYMAP_HOST"],
              let port = environment["MAILSTREAM_PYMAP_PORT"].flatMap(Int.init),
              let user = environment["MAILSTREAM_PYMAP_USER"], let password = environment["MAILSTREAM_PYMAP_PASSWORD"],
              let caFile = environment["MAILSTREAM_PYMAP_CA_FILE"] else { return nil }
        return PymapPeer(host: host, port: port, user: user, password: password, caFile: caFile)
    }()

    static let available = shared != nil || ProcessInfo.processInfo.environment["CI"] != nil
    static let missing: Testing.Comment = "pymap not running: run scripts/test, which starts it (scripts/peers/pymap)"

    /// Runs Python `imaplib` statements with `c` logged in, to change the mailbox the way another client would.
    func imap(_ statements: String) throws {
        let script = """
            import imaplib
            c = imaplib.IMAP4('\(host)', \(port))
            c.login('\(user)', '\(password)')
            \(statements)
            c.logout()
            """
        try DovecotPeer.run("/usr/bin/env", ["python3", "-c", script])
    }
}

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

/// Mail saved into a folder other than INBOX while the engine runs reaches the store without waiting for the
/// engine's poll (ten minutes here): through NOTIFY (RFC 5465, which Dovecot offers), and with NOTIFY off through
/// the LIST-STATUS polls or an `idle_folders` connection.
@Suite(.enabled(if: DovecotPeer.available, DovecotPeer.missing))
struct LiveFolderTests {
    struct World {
        let base: IMAPSyncTests.World
        let engine: SyncEngine

        /// An engine that polls every ten minutes, so that only the server's news can bring mail in sooner.
        init(statusPollInterval: Duration) throws {
            base = try IMAPSyncTests.World(pollInterval: .seconds(600))
            var configuration = SyncEngine.Configuration()
            configuration.pollInterval = .seconds(600)
            configuration.reloadInterval = .milliseconds(100)
            configuration.backoffBase = .milliseconds(50)
            engine = SyncEngine(
                store: base.store,
                factory: IMAPConnector(outboundPolicy: OutboundPolicy(allowPrivateNetworks: true),
                                       statusPollInterval: statusPollInterval),
                configuration: configuration, logger: Logger(label: "test"))
        }

        func addIntegration(_ name: String, user: (name: String, password: String), notify: Bool,
                            idleFolders: [[String]] = []) async throws {
            let now = Date()
            let peer = base.peer
            try await base.store.saveIntegration(Integration(
                id: StableID.make(name), owner: "ops", name: name, kind: .imap,
                connection: IMAPConnection(host: peer.host, port: peer.imapsPort, security: .tls, username: user.name,
                                           password: user.password, tls: TLSOptions(caFile: peer.caFile),
                                           imapNotify: notify).settings,
                mailboxes: [Mailbox(id: StableID.make(name, user.name), email: user.name, bucketOwner: "ops",
                                    bucketName: "mail", idleFolders: idleFolders)],
                createdAt: now, updatedAt: now))
        }

        /// Runs the engine until the first pass has stored `initial` comments, saves `message` into `folder`,
        /// and returns how long it took to show up (nil after `limit`).
        func latency(of message: [UInt8], in folder: String, user: String, initial: Int,
                     limit: Duration) async throws -> Duration? {
            let running = Task { try await engine.run() }
            defer { running.cancel() }
            let clock = ContinuousClock()
            let start = clock.now
            while try await base.comments().count < initial {
                guard clock.now - start < .seconds(30) else { throw PeerError(description: "first pass too slow") }
                try await Task.sleep(for: .milliseconds(50))
            }
            // The pass is stored; the engine goes on to its wait.
            try await Task.sleep(for: .milliseconds(500))
            try base.peer.save(message, user: user, folder: folder)
            let saved = clock.now
            let id = EmailToComment.commentID(MIMEParser().parse(message))
            while clock.now - saved < limit {
                if try await base.comments().contains(where: { $0.comment.id == id }) { return clock.now - saved }
                try await Task.sleep(for: .milliseconds(20))
            }
            return nil
        }
    }

    @Test func notifyBringsMailOfAnotherFolderWithoutAPoll() async throws {
        // Status polls every ten minutes too: only NOTIFY can bring it in time.
        let world = try World(statusPollInterval: .seconds(600))
        defer { world.base.cleanup() }
        let user = try world.base.peer.addUser("notify")
        try world.base.peer.save(IMAPSyncTests.mail("notify-before"), user: user.name, folder: "INBOX")
        try await world.addIntegration("notify", user: user, notify: true)
        let latency = try await world.latency(of: IMAPSyncTests.mail("notify-archive"), in: "Archive",
                                              user: user.name, initial: 1, limit: .seconds(30))
        print("LiveFolderTests: NOTIFY, Archive: \(latency.map { "\($0)" } ?? "not within 30 s")")
        #expect(latency != nil, "a message saved into Archive did not arrive within 30 s (the poll is 10 min)")
    }

    @Test func withoutNotifyListStatusPollsFindIt() async throws {
        let world = try World(statusPollInterval: .seconds(1))
        defer { world.base.cleanup() }
        let user = try world.base.peer.addUser("poll")
        try world.base.peer.save(IMAPSyncTests.mail("poll-before"), user: user.name, folder: "INBOX")
        try await world.addIntegration("poll", user: user, notify: false)
        let latency = try await world.latency(of: IMAPSyncTests.mail("poll-archive"), in: "Archive",
                                              user: user.name, initial: 1, limit: .seconds(30))
        print("LiveFolderTests: LIST-STATUS polls every 1 s, Archive: \(latency.map { "\($0)" } ?? "not within 30 s")")
        #expect(latency != nil, "a message saved into Archive did not arrive within 30 s (the poll is 10 min)")
    }

    @Test func withoutNotifyAnIdleFolderHasItsOwnConnection() async throws {
        let world = try World(statusPollInterval: .seconds(600))
        defer { world.base.cleanup() }
        let user = try world.base.peer.addUser("idlefolder")
        try world.base.peer.save(IMAPSyncTests.mail("idlefolder-before"), user: user.name, folder: "INBOX")
        try await world.addIntegration("idlefolder", user: user, notify: false, idleFolders: [["archive"]])
        let latency = try await world.latency(of: IMAPSyncTests.mail("idlefolder-archive"), in: "Archive",
                                              user: user.name, initial: 1, limit: .seconds(30))
        print("LiveFolderTests: idle_folders, Archive: \(latency.map { "\($0)" } ?? "not within 30 s")")
        #expect(latency != nil, "a message saved into Archive did not arrive within 30 s (the polls are 10 min)")
    }

    @Test func withoutNotifyInboxStillIdles() async throws {
        let world = try World(statusPollInterval: .seconds(600))
        defer { world.base.cleanup() }
        let user = try world.base.peer.addUser("inboxidle")
        try world.base.peer.save(IMAPSyncTests.mail("inboxidle-before"), user: user.name, folder: "Archive")
        try await world.addIntegration("inboxidle", user: user, notify: false)
        let latency = try await world.latency(of: IMAPSyncTests.mail("inboxidle-inbox"), in: "INBOX",
                                              user: user.name, initial: 1, limit: .seconds(30))
        #expect(latency != nil, "a message saved into INBOX did not arrive within 30 s (the polls are 10 min)")
    }
}

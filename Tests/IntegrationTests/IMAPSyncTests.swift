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

/// The sync engine against a real Dovecot: every scenario of the store-and-sync issue that IMAP can show.
@Suite(.enabled(if: DovecotPeer.available, DovecotPeer.missing))
struct IMAPSyncTests {
    struct World {
        let peer: DovecotPeer
        let store: SQLiteStore
        let engine: SyncEngine
        let folder: URL

        /// - Parameter policy: where the engine may connect; Dovecot listens on 127.0.0.1, which the default
        ///   refuses.
        init(pollInterval: Duration = .seconds(60),
             policy: OutboundPolicy = OutboundPolicy(allowPrivateNetworks: true)) throws {
            guard let peer = DovecotPeer.shared else { throw PeerError(description: "Dovecot not running") }
            self.peer = peer
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-imap-\(UUID())")
            let dataFolder = try DataFolder(path: folder.path)
            store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
            var configuration = SyncEngine.Configuration()
            configuration.pollInterval = pollInterval
            configuration.reloadInterval = .milliseconds(100)
            configuration.backoffBase = .milliseconds(50)
            engine = SyncEngine(store: store, factory: IMAPSourceFactory(outboundPolicy: policy),
                                configuration: configuration,
                                logger: Logger(label: "test"))
        }

        func cleanup() { try? FileManager.default.removeItem(at: folder) }

        /// An integration logging in as `user` over implicit TLS, verifying the test CA.
        @discardableResult
        func addIntegration(_ name: String, user: String, password: String, security: Integration.Connection.Security = .tls)
            async throws -> Integration {
            let now = Date()
            let integration = Integration(
                id: StableID.make(name), owner: "ops", name: name, kind: .imap,
                connection: .init(host: peer.host, port: security == .tls ? peer.imapsPort : peer.imapPort,
                                  security: security, username: user, password: password, caFile: peer.caFile),
                mailboxes: [Mailbox(id: StableID.make(name, user), email: user, bucketOwner: "ops",
                                    bucketName: "mail")],
                createdAt: now, updatedAt: now
            )
            try await store.saveIntegration(integration)
            return integration
        }

        func comments() async throws -> [StoredComment] {
            guard let source = try await store.source(owner: "ops", name: "mail") else { return [] }
            return try await store.comments(sourceID: source.id, afterSequence: 0, limit: 10_000)
        }

        func folder(of raw: [UInt8]) async throws -> String? {
            let id = EmailToComment.commentID(MIMEParser().parse(raw))
            return try await comments().first { $0.comment.id == id }?.comment.userProperties["string:Folder"]?
                .stringValue
        }
    }

    static func mail(_ id: String, body: String = "hello") -> [UInt8] {
        let text = "Message-ID: <\(id)@test>\r\nFrom: a@example.com\r\nTo: b@example.com\r\nSubject: \(id)\r\n"
            + "Date: Mon, 6 Jan 2025 10:15:00 +0000\r\n\r\n\(body)\r\n"
        return Array(text.utf8)
    }

    static func corpus(_ count: Int) throws -> [[UInt8]] {
        guard let root = ProcessInfo.processInfo.environment["MAILSTREAM_CORPORA"] else {
            throw PeerError(description: "MAILSTREAM_CORPORA not set")
        }
        let folder = URL(fileURLWithPath: root).appendingPathComponent("jwz")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().prefix(count)
        return try names.map { Array(try Data(contentsOf: folder.appendingPathComponent($0))) }
    }

    @Test func initialSyncOfCorpusMailAcrossFoldersOverTLS() async throws {
        let world = try World()
        defer { world.cleanup() }
        let user = try world.peer.addUser("initial")
        let messages = try Self.corpus(240)
        for (index, message) in messages.enumerated() {
            try world.peer.save(message, user: user.name, folder: ["INBOX", "Archive", "Sent"][index % 3])
        }
        try await world.addIntegration("initial", user: user.name, password: user.password)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        let expected = Set(messages.map { EmailToComment.commentID(MIMEParser().parse($0)) })
        #expect(outcome.report?.result.created == expected.count)
        #expect(Set(try await world.comments().map(\.comment.id)) == expected)
        let again = try #require(try await world.engine.syncOnce().first)
        #expect(again.report?.result.created == 0)
    }

    @Test func newMailDuringIdleShowsUp() async throws {
        let world = try World(pollInterval: .seconds(600))
        defer { world.cleanup() }
        let user = try world.peer.addUser("idle")
        try world.peer.save(Self.mail("before"), user: user.name, folder: "INBOX")
        try await world.addIntegration("idle", user: user.name, password: user.password, security: .starttls)
        let running = Task { try await world.engine.run() }
        defer { running.cancel() }
        try await waitUntil { try await world.comments().count == 1 }
        // The engine now waits in IDLE for up to ten minutes; only the server's EXISTS can wake it in time.
        try await Task.sleep(for: .milliseconds(500))
        try world.peer.save(Self.mail("during-idle"), user: user.name, folder: "INBOX")
        try await waitUntil { try await world.comments().count == 2 }
    }

    @Test func moveAndCopyExpungeKeepOneCommentInTheNewFolder() async throws {
        let world = try World()
        defer { world.cleanup() }
        let user = try world.peer.addUser("move")
        let moved = Self.mail("moved")
        let copied = Self.mail("copied")
        try world.peer.save(moved, user: user.name, folder: "INBOX")
        try world.peer.save(copied, user: user.name, folder: "INBOX")
        try await world.addIntegration("move", user: user.name, password: user.password)
        _ = try await world.engine.syncOnce()
        try world.peer.doveadm(["move", "-u", user.name, "Archive", "mailbox", "INBOX", "uid", "1"])
        try world.peer.doveadm(["copy", "-u", user.name, "Sent", "mailbox", "INBOX", "uid", "2"])
        try world.peer.doveadm(["expunge", "-u", user.name, "mailbox", "INBOX", "uid", "2"])
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.report?.result.created == 0)
        #expect(outcome.report?.result.removed == 2)
        #expect(try await world.comments().count == 2)
        #expect(try await world.folder(of: moved) == "Archive")
        #expect(try await world.folder(of: copied) == "Sent")
    }

    @Test func sameMessageInTwoMailboxesIsOneComment() async throws {
        let world = try World()
        defer { world.cleanup() }
        let first = try world.peer.addUser("twin-a")
        let second = try world.peer.addUser("twin-b")
        let shared = Self.mail("shared")
        try world.peer.save(shared, user: first.name, folder: "INBOX")
        try world.peer.save(shared, user: second.name, folder: "Archive")
        try await world.addIntegration("twin-a", user: first.name, password: first.password)
        try await world.addIntegration("twin-b", user: second.name, password: second.password)
        let outcomes = try await world.engine.syncOnce()
        #expect(outcomes.allSatisfy { $0.failure == nil })
        let comments = try await world.comments()
        #expect(comments.count == 1)
        let mailbox = comments.first?.comment.userProperties["string:Mailbox"]?.stringValue
        #expect(mailbox == first.name || mailbox == second.name)
    }

    @Test func recreatedFolderWithNewUIDValidityGivesNoDuplicates() async throws {
        let world = try World()
        defer { world.cleanup() }
        let user = try world.peer.addUser("validity")
        let messages = (0..<3).map { Self.mail("v\($0)") }
        try world.peer.doveadm(["mailbox", "create", "-u", user.name, "Projects"])
        for message in messages { try world.peer.save(message, user: user.name, folder: "Projects") }
        try await world.addIntegration("validity", user: user.name, password: user.password)
        _ = try await world.engine.syncOnce()
        try world.peer.doveadm(["mailbox", "delete", "-u", user.name, "Projects"])
        try world.peer.doveadm(["mailbox", "create", "-u", user.name, "Projects"])
        for message in messages { try world.peer.save(message, user: user.name, folder: "Projects") }
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.result.created == 0)
        #expect(try await world.comments().count == 3)
    }

    @Test func wrongPasswordDisablesTheIntegrationWithAnErrorRecord() async throws {
        let world = try World()
        defer { world.cleanup() }
        let user = try world.peer.addUser("wrongpw")
        let integration = try await world.addIntegration("wrongpw", user: user.name, password: "not-the-password")
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure != nil)
        let stored = try #require(try await world.store.integration(id: integration.id))
        #expect(!stored.enabled)
        #expect(stored.disabledReason == .syncError)
        let errors = try await world.store.errors(integrationID: integration.id)
        // The IMAP server's kind, not Exchange's, and a text that says what to do and how to resume.
        #expect(errors.map(\.kind) == [.invalidIMAPCredentials])
        #expect(errors.first?.action == .integrationDisabled)
        #expect(errors.first?.errorText == "the IMAP server refused the login for \(user.name): check the username "
            + "and password; then re-enable it with `mailstream integration enable ops/wrongpw` or POST "
            + "/api/_private/integrations/ops/wrongpw/enable")
        #expect(errors.first?.fullErrorText.contains("[AUTHENTICATIONFAILED]") == true)
    }

    @Test func deletedMailboxUserDisablesOnlyThatMailbox() async throws {
        let world = try World()
        defer { world.cleanup() }
        let kept = try world.peer.addUser("kept")
        let deleted = try world.peer.addUser("deleted")
        try world.peer.save(Self.mail("kept-mail"), user: kept.name, folder: "INBOX")
        try world.peer.save(Self.mail("deleted-mail"), user: deleted.name, folder: "INBOX")
        // One service login syncing two mailboxes, as an operations team's integration does.
        let now = Date()
        let integration = Integration(
            id: "service", owner: "ops", name: "service", kind: .imap,
            connection: .init(host: world.peer.host, port: world.peer.imapsPort, security: .tls,
                              username: world.peer.masterUser, password: world.peer.masterPassword,
                              caFile: world.peer.caFile),
            mailboxes: [kept, deleted].map {
                Mailbox(id: "mb-\($0.name)", email: $0.name, bucketOwner: "ops", bucketName: "mail")
            },
            createdAt: now, updatedAt: now
        )
        try await world.store.saveIntegration(integration)
        #expect(try await world.engine.syncOnce().allSatisfy { $0.failure == nil })
        #expect(try await world.comments().count == 2)

        try world.peer.removeUser(deleted.name)
        try world.peer.save(Self.mail("kept-mail-2"), user: kept.name, folder: "INBOX")
        let outcomes = try await world.engine.syncOnce()
        #expect(outcomes.first { $0.mailbox == kept.name }?.report?.result.created == 1)
        #expect(outcomes.first { $0.mailbox == deleted.name }?.failure != nil)
        let stored = try #require(try await world.store.integration(id: "service"))
        #expect(stored.enabled)
        #expect(stored.mailboxes.map(\.enabled) == [true, false])
        #expect(stored.mailboxes[1].disabledReason == .syncError)
        let errors = try await world.store.errors(integrationID: "service")
        #expect(errors.map(\.kind) == [.mailboxNotFound])
        #expect(errors.first?.action == .mailboxDisabled(mailbox: deleted.name))
    }

    @Test func reEnablingResumesFromTheCursor() async throws {
        let world = try World()
        defer { world.cleanup() }
        let user = try world.peer.addUser("resume")
        try world.peer.save(Self.mail("r1"), user: user.name, folder: "INBOX")
        let integration = try await world.addIntegration("resume", user: user.name, password: user.password)
        #expect(try await world.engine.syncOnce().first?.report?.result.created == 1)
        try await world.store.setIntegrationEnabled(id: integration.id, enabled: false, reason: nil)
        try world.peer.save(Self.mail("r2"), user: user.name, folder: "INBOX")
        #expect(try await world.engine.syncOnce().isEmpty)
        try await world.store.setIntegrationEnabled(id: integration.id, enabled: true, reason: nil)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.report?.result.created == 1)
        #expect(outcome.report?.result.unchanged == 0)
        #expect(try await world.comments().count == 2)
    }

    private func waitUntil(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<100 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("condition not met within 10 s")
    }
}

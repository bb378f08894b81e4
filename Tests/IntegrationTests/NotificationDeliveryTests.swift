import ClientTLS
import Domain
import Foundation
@testable import IMAP
import Logging
import MIME
import Notify
import SMTP
import SQLiteStore
import Store
import Sync
import Testing

/// Issue 20's notifications end to end: a wrong password disables an IMAP integration on the real Dovecot; the
/// dispatcher sends through the real Postfix, which relays to Dovecot's LMTP; the emails are read back over IMAP.
@Suite(.enabled(if: PostfixPeer.available, PostfixPeer.missing))
struct NotificationDeliveryTests {
    @Test func aWrongPasswordTellsEachSubscriberOnceByEmailAndInAppAcrossRestarts() async throws {
        let dovecot = try #require(DovecotPeer.shared, "MAILSTREAM_DOVECOT_* not set")
        let postfix = try #require(PostfixPeer.shared, "MAILSTREAM_POSTFIX_* not set")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-notify-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let policy = OutboundPolicy(allowPrivateNetworks: true)
        func openStore() throws -> SQLiteStore {
            let dataFolder = try DataFolder(path: folder.path)
            return SQLiteStore(dataFolder: dataFolder,
                               secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        }
        var store = try openStore()
        // Mail users: ann and bob may view integrations (bob unsubscribed from this one), carol may not.
        let ann = try dovecot.addUser("ann"), bob = try dovecot.addUser("bob"), carol = try dovecot.addUser("carol")
        let synced = try dovecot.addUser("synced")
        let now = Date()
        func user(_ login: String, _ permissions: [Permission]) -> User {
            User(id: User.newID(), login: login, email: "\(login)@example.test", permissions: permissions,
                 createdAt: now)
        }
        let annUser = user(ann.name, [.integrationsRead]), bobUser = user(bob.name, [.integrationsRead])
        let carolUser = user(carol.name, [.sourcesRead])
        for user in [annUser, bobUser, carolUser] { try await store.createUser(user, passwordHash: nil) }
        let integration = Integration(
            id: "notify-int", owner: "ops", name: "support", kind: .imap,
            connection: IMAPConnection(host: dovecot.host, port: dovecot.imapsPort, security: .tls,
                                       username: synced.name, password: "wrong-password",
                                       tls: TLSOptions(caFile: dovecot.caFile)).settings,
            mailboxes: [Mailbox(id: "notify-mb", email: synced.name, bucketOwner: "ops", bucketName: "mail")],
            createdAt: now, updatedAt: now)
        try await store.saveIntegration(integration)
        try await store.setNotificationSubscriptions(userID: bobUser.id,
                                                     NotificationSubscriptions(integrations: [integration.id: false]))

        func dispatcher(_ store: SQLiteStore) -> NotificationDispatcher {
            let relay = SMTPRelay(settings: SMTPSettings(host: postfix.host, port: postfix.port, security: .starttls,
                                                         tls: TLSOptions(caFile: postfix.caFile), policy: policy))
            return NotificationDispatcher(
                store: store, channels: [InAppChannel(), EmailChannel(relay: relay, from: "mailstream@example.test",
                                                                      baseURL: "https://mailstream.example.test")],
                logger: Logger(label: "test"))
        }
        func syncOnce(_ store: SQLiteStore) async throws {
            var configuration = SyncEngine.Configuration()
            configuration.backoffBase = .milliseconds(10)
            _ = try await SyncEngine(store: store, factory: IMAPConnector(outboundPolicy: policy),
                                     configuration: configuration, logger: Logger(label: "test")).syncOnce()
        }
        /// Registers the channels and delivers everything due, as `serve`'s dispatcher does at start.
        func deliver(_ store: SQLiteStore) async throws -> Int {
            let service = dispatcher(store)
            try await store.setNotificationChannels(["email"])
            _ = try await store.recoverNotificationDeliveries(now: Date())
            var total = 0
            while case let count = try await service.deliverDue(), count > 0 { total += count }
            return total
        }

        try await store.setNotificationChannels(["email"])
        try await syncOnce(store)
        #expect(try await store.integration(id: integration.id)?.enabled == false)
        // A process claims the deliveries and stops before handing any to the relay: in-app and email for ann,
        // in-app only for the migrated admin (no address, so no email row); none for bob (unsubscribed) or carol
        // (no integrations-read).
        let claimed = try await store.claimNotificationDeliveries(channels: ["in_app", "email"], now: Date(),
                                                                  limit: 50)
        #expect(Set(claimed.map { "\($0.user.login)/\($0.channel)" })
            == ["\(ann.name)/in_app", "\(ann.name)/email", "admin/in_app"])

        // A restart delivers each once; the next restart nothing.
        store = try openStore()
        #expect(try await deliver(store) == 3)
        let counts = try await store.notificationDeliveryCounts()
        #expect(counts == [NotificationDeliveryCount(channel: "email", state: "sent", count: 1),
                           NotificationDeliveryCount(channel: "in_app", state: "sent", count: 2)])
        store = try openStore()
        #expect(try await deliver(store) == 0, "nothing is sent twice after a restart")
        // A re-enable (told), then the same failure again (not told before a healthy pass).
        try await store.setIntegrationEnabled(id: integration.id, enabled: true, reason: nil)
        try await syncOnce(store)
        #expect(try await store.integration(id: integration.id)?.enabled == false)
        _ = try await deliver(store)

        let kinds = try await store.notificationEvents(integrationID: integration.id).map(\.kind)
        #expect(kinds == [.integrationDisabled, .integrationEnabled],
                "the second identical failure is not told again before a healthy pass")
        let annInApp = try await store.notifications(userID: annUser.id, projects: nil, unreadOnly: false, offset: 0,
                                                     limit: 50).notifications
        #expect(annInApp.map(\.event.kind) == [.integrationEnabled, .integrationDisabled])
        #expect(try await store.notifications(userID: bobUser.id, projects: nil, unreadOnly: false, offset: 0,
                                              limit: 50).total == 0)
        #expect(try await store.notifications(userID: carolUser.id, projects: nil, unreadOnly: false, offset: 0,
                                              limit: 50).total == 0)

        let annMail = try await Self.inbox(dovecot, ann, expecting: 2)
        let subjects = annMail.compactMap { MIMEMessage(parsing: $0).subject }.sorted()
        #expect(subjects == ["Integration ops/support disabled: invalid_imap_credentials",
                             "Integration ops/support re-enabled"])
        let disabled = try #require(annMail.map { MIMEMessage(parsing: $0) }.first { $0.subject?.contains("disabled") == true })
        let text = disabled.root.decodedText().text
        #expect(text.contains(synced.name), "names the login that was refused")
        #expect(text.contains("https://mailstream.example.test/api/_private/integrations/ops/support"))
        #expect(try await Self.inbox(dovecot, bob, expecting: 0).isEmpty)
        #expect(try await Self.inbox(dovecot, carol, expecting: 0).isEmpty)
    }

    /// The messages of the user's INBOX, over IMAP; waits up to 10 s for `count` (Postfix relays asynchronously),
    /// and a further second to see that no more arrive.
    static func inbox(_ peer: DovecotPeer, _ user: (name: String, password: String), expecting count: Int)
        async throws -> [[UInt8]] {
        let deadline = ContinuousClock.now + .seconds(10)
        var settled = false
        while true {
            let client = try await IMAPClient.connect(IMAPSettings(
                host: peer.host, port: peer.imapsPort, security: .tls, username: user.name, password: user.password,
                tls: TLSOptions(caFile: peer.caFile), outboundPolicy: OutboundPolicy(allowPrivateNetworks: true)))
            _ = try await client.examine("INBOX")
            let uids = try await client.searchAllUIDs()
            let messages = try await client.fetchMessages(uids: uids).sorted { $0.key < $1.key }.map(\.value.body)
            await client.logout()
            if messages.count > count || (messages.count == count && settled) || ContinuousClock.now > deadline {
                return messages
            }
            if messages.count == count { settled = true }
            try await Task.sleep(for: .seconds(1))
        }
    }
}

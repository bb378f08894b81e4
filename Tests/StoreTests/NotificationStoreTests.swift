import Domain
import Foundation
import Store
import Testing

/// The notification role of every store: events written with the disable that caused them, one delivery per
/// subscriber and channel, repeats held back until a healthy pass, the outbox's states across a restart, and each
/// user's in-app list.
@Suite struct NotificationStoreTests {
    static let now = Date(timeIntervalSince1970: 1_736_150_000)

    static func integration(owner: String = "ops") -> Integration {
        Integration(id: "int-\(owner)", owner: owner, name: "support", kind: Integration.Kind("imap"),
                    connection: ConnectionSettings(fields: ["host": .string("imap.example.com")], secrets: [:]),
                    mailboxes: [Mailbox(id: "mb-\(owner)", email: "support@example.com", bucketOwner: owner,
                                        bucketName: "mail")],
                    createdAt: now, updatedAt: now)
    }

    static func loginRefused(_ integration: Integration, at time: Date = now) -> IntegrationError {
        IntegrationError(id: UUID().uuidString, integrationID: integration.id, mailboxID: integration.mailboxes[0].id,
                         kind: .invalidIMAPCredentials, errorText: "the IMAP server refused the login: check it",
                         fullErrorText: "NO [AUTHENTICATIONFAILED]", action: .integrationDisabled, createdAt: time)
    }

    /// Every user but the migrated admin (subscribed too, having every permission).
    static func users(_ store: any Store) async throws -> (ann: User, bob: User, carol: User, lena: User) {
        let ann = UserStoreTests.user("ann", [.integrationsRead])
        let bob = UserStoreTests.user("bob", [.integrationsRead])
        let carol = UserStoreTests.user("carol", [.sourcesRead])
        let lena = UserStoreTests.user("lena", [.integrationsRead], projects: ["legal"])
        for user in [ann, bob, carol, lena] { try await store.createUser(user, passwordHash: nil) }
        return (ann, bob, carol, lena)
    }

    @Test(arguments: StoreSuite.implementations)
    func aDisableIsToldOncePerSubscriberAndChannelUntilAHealthyPass(_ implementation: StoreSuite.Implementation)
        async throws {
        try await StoreSuite.withWorld(implementation) { world in
            let store = world.store
            let (ann, bob, carol, lena) = try await Self.users(store)
            let integration = Self.integration()
            try await store.saveIntegration(integration)
            try await store.setNotificationChannels(["email"])
            try await store.setNotificationSubscriptions(userID: bob.id,
                                                         NotificationSubscriptions(integrations: [integration.id: false]))
            try await store.recordError(Self.loginRefused(integration))
            let events = try await store.notificationEvents(integrationID: integration.id)
            #expect(events.map(\.kind) == [.integrationDisabled])
            #expect(events.first?.errorKind == "invalid_imap_credentials")
            for user in [ann] {
                #expect(try await store.unreadNotificationCount(userID: user.id, projects: nil) == 1)
            }
            for user in [bob, carol, lena] {
                #expect(try await store.unreadNotificationCount(userID: user.id, projects: nil) == 0, "\(user.login)")
            }
            let due = try await store.claimNotificationDeliveries(channels: ["in_app", "email"], now: Date(), limit: 50)
            #expect(Set(due.map { "\($0.user.login)/\($0.channel)" })
                == ["ann/in_app", "ann/email", "admin/in_app"], "no email row for the admin, who has no address")

            // The same failure again (a re-enable in between is no recovery): not told again.
            try await store.setIntegrationEnabled(id: integration.id, enabled: false, reason: .syncError)
            try await store.setIntegrationEnabled(id: integration.id, enabled: true, reason: nil)
            try await store.recordError(Self.loginRefused(integration))
            #expect(try await store.notificationEvents(integrationID: integration.id).map(\.kind)
                == [.integrationDisabled, .integrationEnabled])
            // A transient error tells no one; a healthy pass clears the problem and says so once.
            var transient = Self.loginRefused(integration)
            transient.action = .retrying(afterSeconds: 1)
            try await store.recordError(transient)
            try await store.recordSyncHealthy(integrationID: integration.id, mailboxID: "mb-ops", now: Date())
            try await store.recordSyncHealthy(integrationID: integration.id, mailboxID: "mb-ops", now: Date())
            try await store.recordError(Self.loginRefused(integration))
            #expect(try await store.notificationEvents(integrationID: integration.id).map(\.kind)
                == [.integrationDisabled, .integrationEnabled, .syncRecovered, .integrationDisabled])
            // A user disable and re-enable tells no one.
            try await store.setIntegrationEnabled(id: integration.id, enabled: false, reason: nil)
            try await store.setIntegrationEnabled(id: integration.id, enabled: true, reason: nil)
            #expect(try await store.notificationEvents(integrationID: integration.id).count == 4)
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func theOutboxRequeuesWhatWasNotHandedOverAndNeverResendsWhatMayHaveBeen(
        _ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { world in
            let store = world.store
            _ = try await Self.users(store)
            try await store.createUser(UserStoreTests.user("dan", [.integrationsRead]), passwordHash: nil)
            let integration = Self.integration()
            try await store.saveIntegration(integration)
            try await store.setNotificationChannels(["email"])
            try await store.recordError(Self.loginRefused(integration))
            // ann, bob and dan (the migrated admin has no address, so no email row).
            let claimed = try await store.claimNotificationDeliveries(channels: ["email"], now: Date(), limit: 50)
            #expect(claimed.count == 3 && claimed.allSatisfy { $0.attempt == 1 })
            #expect(try await store.claimNotificationDeliveries(channels: ["email"], now: Date(), limit: 50).isEmpty,
                    "a claimed delivery is not handed out twice")
            // The process stops: one was being handed to the relay, the others not yet.
            try await store.markNotificationDeliveryCommitting(id: claimed[0].id)
            let recovered = try await store.recoverNotificationDeliveries(now: Date())
            #expect(recovered.requeued == 2 && recovered.uncertain == 1)
            let again = try await store.claimNotificationDeliveries(channels: ["email"], now: Date(), limit: 50)
            #expect(Set(again.map(\.id)) == [claimed[1].id, claimed[2].id])
            #expect(again.allSatisfy { $0.attempt == 2 })
            try await store.finishNotificationDelivery(id: claimed[2].id, outcome: .sent, now: Date())
            let later = Date().addingTimeInterval(60)
            try await store.finishNotificationDelivery(id: claimed[1].id, outcome: .retry(at: later, error: "421"),
                                                       now: Date())
            #expect(try await store.claimNotificationDeliveries(channels: ["email"], now: Date(), limit: 5).isEmpty)
            let retried = try await store.claimNotificationDeliveries(channels: ["email"], now: later, limit: 5)
            #expect(retried.map(\.id) == [claimed[1].id])
            try await store.finishNotificationDelivery(id: claimed[1].id, outcome: .sent, now: later)
            let counts = try await store.notificationDeliveryCounts().filter { $0.channel == "email" }
            #expect(counts == [NotificationDeliveryCount(channel: "email", state: "sent", count: 2),
                               NotificationDeliveryCount(channel: "email", state: "uncertain", count: 1)])
        }
    }

    @Test(arguments: StoreSuite.implementations)
    func eachUserReadsAndMarksOnlyTheirOwnNotificationsWithinTheirProjects(
        _ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { world in
            let store = world.store
            let (ann, _, _, lena) = try await Self.users(store)
            let ops = Self.integration(), legal = Self.integration(owner: "legal")
            try await store.saveIntegration(ops)
            try await store.saveIntegration(legal)
            for index in 0..<3 {
                try await store.recordError(Self.loginRefused(ops, at: Self.now.addingTimeInterval(Double(index))))
                try await store.recordSyncHealthy(integrationID: ops.id, mailboxID: "mb-ops", now: Date())
            }
            try await store.recordError(Self.loginRefused(legal))
            let all = try await store.notifications(userID: ann.id, projects: nil, unreadOnly: false, offset: 0,
                                                    limit: 4)
            // Per ops failure a disable and a recovery (6), and the legal disable.
            #expect(all.total == 7 && all.notifications.count == 4)
            let page = try await store.notifications(userID: ann.id, projects: nil, unreadOnly: false, offset: 4,
                                                     limit: 4)
            #expect(page.notifications.count == 3)
            #expect(try await store.notifications(userID: ann.id, projects: ["ops"], unreadOnly: false, offset: 0,
                                                  limit: 50).total == 6)
            #expect(try await store.notifications(userID: lena.id, projects: nil, unreadOnly: false, offset: 0,
                                                  limit: 50).notifications.map(\.event.integrationOwner) == ["legal"])
            let first = try #require(all.notifications.first)
            // One row by id: the user's own, within the projects given, and nothing for an unknown id.
            let owner = try #require(first.event.integrationOwner)
            #expect(try await store.notification(userID: ann.id, id: first.id, projects: nil, kinds: nil)?.id == first.id)
            #expect(try await store.notification(userID: ann.id, id: first.id, projects: [owner], kinds: nil)?.id == first.id)
            #expect(try await store.notification(userID: ann.id, id: first.id, projects: ["elsewhere"], kinds: nil) == nil)
            #expect(try await store.notification(userID: ann.id, id: first.id, projects: [], kinds: nil) == nil)
            #expect(try await store.notification(userID: lena.id, id: first.id, projects: nil, kinds: nil) == nil)
            #expect(try await store.notification(userID: ann.id, id: "no-such-id", projects: nil, kinds: nil) == nil)
            let read = try await store.setNotificationRead(userID: ann.id, id: first.id, read: true, now: Self.now)
            #expect(read.isRead)
            #expect(try await store.unreadNotificationCount(userID: ann.id, projects: nil) == 6)
            await UserStoreTests.expect(\.isNotFound) {
                _ = try await store.setNotificationRead(userID: lena.id, id: first.id, read: false, now: Self.now)
            }
            #expect(try await store.setNotificationRead(userID: ann.id, id: first.id, read: false, now: Self.now)
                .isRead == false)
        }
    }

    /// A certificate about to expire is told once per integration and certificate: neither a repeat nor a healthy
    /// pass after another problem tells it again (the recovery is about that problem only); a new certificate is
    /// told on its own.
    @Test(arguments: StoreSuite.implementations)
    func anExpiringCredentialIsToldOncePerIntegrationAndCredential(_ implementation: StoreSuite.Implementation)
        async throws {
        try await StoreSuite.withWorld(implementation) { world in
            let store = world.store
            let integration = Self.integration()
            try await store.saveIntegration(integration)
            let old = CredentialValidity(name: "client certificate", id: "aa11", expiresAt: Self.now + 3 * 86_400,
                                         advice: "upload a new certificate")
            #expect(try await store.recordCredentialsExpiring(integrationID: integration.id, credential: old,
                                                              now: Self.now))
            #expect(try await store.recordCredentialsExpiring(integrationID: integration.id, credential: old,
                                                              now: Self.now + 60) == false)
            try await store.recordError(Self.loginRefused(integration))
            try await store.recordSyncHealthy(integrationID: integration.id, mailboxID: "mb-ops", now: Self.now + 120)
            #expect(try await store.recordCredentialsExpiring(integrationID: integration.id, credential: old,
                                                              now: Self.now + 180) == false)
            var new = old
            new.id = "bb22"
            #expect(try await store.recordCredentialsExpiring(integrationID: integration.id, credential: new,
                                                              now: Self.now + 240))
            #expect(try await store.recordCredentialsExpiring(integrationID: "no-such-integration", credential: new,
                                                              now: Self.now) == false)
            let events = try await store.notificationEvents(integrationID: integration.id)
            #expect(events.map(\.kind) == [.credentialsExpiring, .integrationDisabled, .syncRecovered,
                                            .credentialsExpiring])
            #expect(events.compactMap(\.credentialID) == ["aa11", "bb22"])
            #expect(events.first?.text.contains("expires on 2025-01-09T") == true, "\(events.first?.text ?? "")")
            #expect(try await store.unreadNotificationCount(userID: try #require(await store.firstAdministrator()).id,
                                                            projects: nil) == 4)
        }
    }
}

import Domain
import Foundation
import Store
import Testing

/// Each user's notification webhook target in every store: set, replaced with a new secret, read, opened for the
/// channel, deleted; a `webhook` delivery row only for a user who has a target; the list filtered by kind.
@Suite struct NotificationWebhookStoreTests {
    @Test(arguments: StoreSuite.implementations)
    func aTargetIsSetReplacedOpenedAndDeleted(_ implementation: StoreSuite.Implementation) async throws {
        try await StoreSuite.withWorld(implementation) { world in
            let store = world.store
            let (ann, bob, _, _) = try await NotificationStoreTests.users(store)
            #expect(try await store.notificationWebhook(userID: ann.id) == nil)
            #expect(try await store.notificationWebhookTarget(userID: ann.id) == nil)
            let first = WebhookSecret.generate()
            _ = try await store.saveNotificationWebhook(userID: ann.id, url: "https://hooks.example.com/a",
                                                        secret: first, now: NotificationStoreTests.now)
            let second = WebhookSecret.generate()
            let saved = try await store.saveNotificationWebhook(userID: ann.id, url: "https://hooks.example.com/b",
                                                                secret: second, now: NotificationStoreTests.now)
            #expect(try await store.notificationWebhook(userID: ann.id) == saved)
            let target = try #require(try await store.notificationWebhookTarget(userID: ann.id))
            #expect(target.webhook.url == "https://hooks.example.com/b" && target.secret == second)
            await #expect(throws: StoreError.self) {
                try await store.saveNotificationWebhook(userID: "nobody", url: "https://hooks.example.com/c",
                                                        secret: .generate(), now: NotificationStoreTests.now)
            }

            // An event: ann (with a target) gets a webhook row, bob (without) none.
            let integration = NotificationStoreTests.integration()
            try await store.saveIntegration(integration)
            try await store.setNotificationChannels(["webhook"])
            try await store.recordError(NotificationStoreTests.loginRefused(integration))
            let due = try await store.claimNotificationDeliveries(channels: ["webhook"], now: Date(), limit: 50)
            #expect(due.map(\.user.login) == ["ann"])
            #expect(due.first?.firstAttemptAt != nil && due.first?.attempt == 1)
            #expect(try await store.unreadNotificationCount(userID: bob.id, projects: nil, kinds: nil) == 1)
            #expect(try await store.unreadNotificationCount(userID: bob.id, projects: nil,
                                                            kinds: [.webhookDisabled]) == 0)

            try await store.deleteNotificationWebhook(userID: ann.id)
            #expect(try await store.notificationWebhook(userID: ann.id) == nil)
            await #expect(throws: StoreError.self) { try await store.deleteNotificationWebhook(userID: ann.id) }
        }
    }
}

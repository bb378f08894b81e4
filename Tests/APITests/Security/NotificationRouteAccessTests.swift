import API
import Domain
import Foundation
import Hummingbird
import SQLiteStore
import Store
import Testing

/// Every notification route refuses a missing token and a token without `integrations-read`, and reaches only the
/// caller's own notifications: another user's notification id is one that doesn't exist.
@Suite struct NotificationRouteAccessTests {
    static func routes(_ id: String) -> [(HTTPRequest.Method, String, String?)] {
        [
            (.get, "/api/_private/notifications", nil),
            (.get, "/api/_private/notifications/unread-count", nil),
            (.post, "/api/_private/notifications/\(id)", #"{"read":true}"#),
            (.get, "/api/_private/notifications/subscriptions", nil),
            (.put, "/api/_private/notifications/subscriptions", #"{"subscriptions":{"all":true}}"#),
        ]
    }

    /// An integration of project ops disabled by the engine: every subscriber gets an in-app notification.
    static func disable(_ harness: APIHarness) async throws -> Integration {
        let now = Date()
        let integration = Integration(
            id: "int-ops", owner: "ops", name: "support", kind: Integration.Kind("imap"),
            connection: ConnectionSettings(fields: ["host": .string("imap.example.com")], secrets: [:]),
            mailboxes: [Mailbox(id: "mb1", email: "support@example.com", bucketOwner: "ops", bucketName: "mail")],
            createdAt: now, updatedAt: now)
        try await harness.store.saveIntegration(integration)
        try await harness.store.recordError(IntegrationError(
            id: "e1", integrationID: integration.id, mailboxID: "mb1", kind: .invalidIMAPCredentials,
            errorText: "the IMAP server refused the login", fullErrorText: "NO", action: .integrationDisabled,
            createdAt: now))
        return integration
    }

    @Test func withoutATokenEveryRouteIs401() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        _ = try await Self.disable(harness)
        let id = try #require(try await harness.store.notifications(
            userID: harness.admin.id, projects: nil, unreadOnly: false, offset: 0, limit: 1).notifications.first?.id)
        try await harness.run { client in
            for (method, uri, body) in Self.routes(id) {
                let answer = try await client.call(method, uri, raw: body.map { Array($0.utf8) }, token: .some(nil))
                #expect(answer.status == .unauthorized, "\(method) \(uri)")
            }
        }
        #expect(try await harness.store.unreadNotificationCount(userID: harness.admin.id, projects: nil) == 1)
    }

    @Test func aTokenWithoutIntegrationsReadIsRefusedAndMayNotSubscribe() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let integration = try await Self.disable(harness)
        let carol = try await harness.user("carol", [.sourcesRead])
        let token = try await harness.token("carol", [.sourcesRead], user: carol)
        try await harness.run { client in
            for (method, uri, body) in Self.routes("anything") {
                let answer = try await client.call(method, uri, raw: body.map { Array($0.utf8) }, token: token)
                #expect(answer.status == .forbidden, "\(method) \(uri): \(answer.status.code)")
                #expect(answer.message.contains("integrations-read"), "\(answer.message)")
            }
            let one = try await client.call(.put, "/api/_private/notifications/subscriptions",
                                            json: ["subscriptions": ["integrations": [["id": integration.id,
                                                                                       "subscribed": true]]]],
                                            token: token)
            #expect(one.status == .forbidden, "\(one.message)")
            // Unsubscribing is anyone's right.
            let off = try await client.call(.put, "/api/_private/notifications/subscriptions",
                                            json: ["subscriptions": ["all": false]], token: token)
            #expect(off.status == .ok, "\(off.message)")
        }
        #expect(try await harness.store.notificationSubscriptions(userID: carol.id).integrations.isEmpty)
    }

    /// A subscription change given as null names the field instead of being taken as left out (Schemathesis found
    /// `{"subscriptions": {"integrations": null}}` answered 200).
    @Test func nullSubscriptionFieldsAreRefusedByName() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            for field in ["all", "integrations"] {
                let answer = try await client.call(.put, "/api/_private/notifications/subscriptions",
                                                   raw: Array(#"{"subscriptions": {"\#(field)": null}}"#.utf8))
                #expect(answer.status == .badRequest, "\(field): \(answer.status)")
                #expect(answer.json["field"] as? String == "subscriptions.\(field)", "\(answer.message)")
            }
            #expect(try await client.call(.put, "/api/_private/notifications/subscriptions",
                                          json: ["subscriptions": ["all": true]]).status == .ok)
        }
    }

    @Test func aUserReachesOnlyTheirOwnNotifications() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let ann = try await harness.user("ann", [.integrationsRead])
        let bob = try await harness.user("bob", [.integrationsRead])
        let integration = try await Self.disable(harness)
        let annToken = try await harness.token("ann", [.integrationsRead], user: ann)
        let bobsID = try #require(try await harness.store.notifications(
            userID: bob.id, projects: nil, unreadOnly: false, offset: 0, limit: 1).notifications.first?.id)
        try await harness.run { client in
            let mark = try await client.call(.post, "/api/_private/notifications/\(bobsID)", json: ["read": true],
                                             token: annToken)
            #expect(mark.status == .notFound)
            let list = try await client.call(.get, "/api/_private/notifications", token: annToken)
            let items = try #require(list.json["notifications"] as? [[String: Any]])
            #expect(items.count == 1 && items.allSatisfy { $0["id"] as? String != bobsID })
            #expect(list.json["unread_count"] as? Int == 1)
            let annsID = try #require(items.first?["id"] as? String)
            let read = try await client.call(.post, "/api/_private/notifications/\(annsID)", json: ["read": true],
                                             token: annToken)
            #expect((read.json["notification"] as? [String: Any])?["read"] as? Bool == true)
            let count = try await client.call(.get, "/api/_private/notifications/unread-count", token: annToken)
            #expect(count.json["unread_count"] as? Int == 0)
            let off = try await client.call(.put, "/api/_private/notifications/subscriptions",
                                            json: ["subscriptions": ["integrations": [["id": integration.id,
                                                                                       "subscribed": false]]]],
                                            token: annToken)
            let entries = (off.json["subscriptions"] as? [String: Any])?["integrations"] as? [[String: Any]]
            #expect(entries?.first?["subscribed"] as? Bool == false)
        }
        #expect(try await harness.store.unreadNotificationCount(userID: bob.id, projects: nil) == 1)
        #expect(try await harness.store.notificationSubscriptions(userID: bob.id) == NotificationSubscriptions())
    }

    /// Marking read looks up the one notification for the caller: an unknown id and one about an integration outside
    /// the token's projects are 404 and change nothing, as another user's is.
    @Test func markingReadReachesOnlyTheCallersNotificationWithinItsProjects() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let ann = try await harness.user("ann", [.integrationsRead])
        _ = try await Self.disable(harness)
        let legalOnly = try await harness.token("ann-legal", [.integrationsRead], projects: ["legal"], user: ann)
        let opsToken = try await harness.token("ann-ops", [.integrationsRead], projects: ["ops"], user: ann)
        let annsID = try #require(try await harness.store.notifications(
            userID: ann.id, projects: nil, unreadOnly: false, offset: 0, limit: 1).notifications.first?.id)
        try await harness.run { client in
            let outside = try await client.call(.post, "/api/_private/notifications/\(annsID)", json: ["read": true],
                                                token: legalOnly)
            #expect(outside.status == .notFound, "\(outside.message)")
            let unknown = try await client.call(.post, "/api/_private/notifications/no-such-notification",
                                                json: ["read": true], token: opsToken)
            #expect(unknown.status == .notFound, "\(unknown.message)")
            #expect(try await harness.store.unreadNotificationCount(userID: ann.id, projects: nil) == 1)
            let inside = try await client.call(.post, "/api/_private/notifications/\(annsID)", json: ["read": true],
                                               token: opsToken)
            #expect(inside.status == .ok, "\(inside.message)")
        }
        #expect(try await harness.store.unreadNotificationCount(userID: ann.id, projects: nil) == 0)
    }
}

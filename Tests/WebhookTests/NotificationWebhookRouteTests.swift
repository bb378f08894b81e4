import API
import ClientTLS
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Store
import Testing
import Webhooks

/// `/api/_private/notifications/webhook`: each user sets, reads and deletes only its own target; the secret is shown
/// once; no token is 401; an http URL to another host, a link-local address and this service's own address are
/// 400s naming the field, checked with the outbound policy `serve` uses.
@Suite struct NotificationWebhookRouteTests {
    static let path = "/api/_private/notifications/webhook"

    struct Answer {
        let status: HTTPResponse.Status
        let json: [String: Any]
        var webhook: [String: Any] { json["webhook"] as? [String: Any] ?? [:] }
    }

    @Test func eachUserManagesOnlyItsOwnTargetWithinThePolicy() async throws {
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        let store = fixture.store
        let ann = User(id: User.newID(), login: "ann", email: nil, permissions: [.integrationsRead, .sourcesRead],
                       createdAt: Date())
        let bob = User(id: User.newID(), login: "bob", email: nil, permissions: [.triggersWrite], projects: ["ops"],
                       createdAt: Date())
        for user in [ann, bob] { try await store.createUser(user, passwordHash: nil) }
        let annToken = try await TokenSecrets.create(name: "ann", permissions: [.integrationsRead], projects: nil,
                                                     userID: ann.id, in: store).secret
        let bobToken = try await TokenSecrets.create(name: "bob", permissions: [.triggersWrite], projects: ["ops"],
                                                     userID: bob.id, in: store).secret
        let readerToken = try await TokenSecrets.create(name: "ann-sources", permissions: [.sourcesRead],
                                                        projects: nil, userID: ann.id, in: store).secret
        // As `serve` builds it, listening on 127.0.0.1:8080, with private networks open to mail servers.
        let policy = WebhookTargetPolicy.forWebhooks(OutboundPolicy(allowPrivateNetworks: true),
                                                     host: "127.0.0.1", port: 8080)
        let app = Application(router: MailstreamApplication.responder(
            store: store, webhookTargets: WebhookTargetPolicy(policy: policy)))
        try await app.test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ token: String?, url: String? = nil) async throws -> Answer {
                var headers: HTTPFields = [.contentType: "application/json"]
                if let token { headers[.authorization] = "Bearer \(token)" }
                let body = try url.map {
                    ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: ["webhook": ["url": $0]]))
                }
                return try await client.execute(uri: Self.path, method: method, headers: headers, body: body) {
                    Answer(status: $0.status, json: (try? JSONSerialization.jsonObject(
                        with: Data($0.body.readableBytesView))) as? [String: Any] ?? [:])
                }
            }
            #expect(try await call(.put, nil, url: "https://hooks.example.com/n").status == .unauthorized)
            #expect(try await call(.get, nil).status == .unauthorized)
            #expect(try await call(.delete, nil).status == .unauthorized)
            #expect(try await call(.put, readerToken, url: "https://hooks.example.com/n").status == .forbidden)

            let created = try await call(.put, annToken, url: "https://hooks.example.com/n?k=1")
            #expect(created.status == .ok, "\(created.json)")
            let secret = try #require(created.webhook["secret"] as? String)
            #expect(WebhookSecret(text: secret)?.key.count == 24)
            let read = try await call(.get, annToken)
            #expect(read.webhook["url"] as? String == "https://hooks.example.com/n?k=1")
            #expect(read.webhook["secret"] == nil, "the secret is shown once")
            #expect(try await store.notificationWebhookTarget(userID: ann.id)?.secret.text == secret)

            // Bob sees none of Ann's: his own is missing, and deleting removes nothing of hers.
            #expect(try await call(.get, bobToken).status == .notFound)
            #expect(try await call(.delete, bobToken).status == .notFound)
            #expect(try await store.notificationWebhook(userID: ann.id) != nil)

            for url in ["http://hooks.example.com/n", "https://169.254.169.254/latest/meta-data",
                        "https://[fe80::1]/n", "http://127.0.0.1:8080/api/_private/users", "ftp://example.com/n"] {
                let refused = try await call(.put, bobToken, url: url)
                #expect(refused.status == .badRequest, "\(url)")
                #expect(refused.json["field"] as? String == "webhook.url", "\(url): \(refused.json)")
            }
            #expect(try await store.notificationWebhook(userID: bob.id) == nil)
            #expect(try await call(.put, bobToken, url: "http://127.0.0.1:9000/n").status == .ok, "another port")

            #expect(try await call(.delete, annToken).status == .ok)
            #expect(try await call(.get, annToken).status == .notFound)
            #expect(try await call(.get, bobToken).status == .ok)
        }
    }

    /// The in-app list shows a stream webhook's disable to who may manage the project's streams, and lists for
    /// each token only the kinds its permissions subscribe to.
    @Test func theListShowsWebhookEventsToThoseWhoManageStreams() async throws {
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        let store = fixture.store
        let bob = User(id: User.newID(), login: "bob", email: nil, permissions: [.triggersWrite, .integrationsRead],
                       projects: ["ops"], createdAt: Date())
        try await store.createUser(bob, passwordHash: nil)
        let streams = try await TokenSecrets.create(name: "streams", permissions: [.triggersWrite], projects: ["ops"],
                                                    userID: bob.id, in: store).secret
        let viewer = try await TokenSecrets.create(name: "viewer", permissions: [.integrationsRead], projects: ["ops"],
                                                   userID: bob.id, in: store).secret
        let target = try await store.saveWebhook(streamID: fixture.stream.id, url: "https://hooks.example.com/in",
                                                 batchSize: 4, secret: .generate())
        let attempt = WebhookDeliveryAttempt(deliveryID: "msg_x", at: Date(), status: 500, latency: .zero, attempt: 1,
                                             resultCount: 1, error: "answered 500")
        try await store.failWebhookDelivery(webhookID: target.id, attempt: attempt, nextAttemptAt: Date(),
                                            disable: "failed for the window")
        let app = Application(router: MailstreamApplication.responder(store: store))
        try await app.test(.router) { client in
            func list(_ token: String) async throws -> [[String: Any]] {
                try await client.execute(uri: "/api/_private/notifications", method: .get,
                                         headers: [.authorization: "Bearer \(token)"]) {
                    #expect($0.status == .ok)
                    let json = try JSONSerialization.jsonObject(with: Data($0.body.readableBytesView))
                    return (json as? [String: Any])?["notifications"] as? [[String: Any]] ?? []
                }
            }
            let shown = try await list(streams)
            #expect(shown.count == 1)
            let event = try #require(shown.first?["event"] as? [String: Any])
            #expect(event["kind"] as? String == "webhook_disabled" && event["integration_id"] == nil)
            #expect((event["webhook"] as? [String: Any])?["stream"] as? String == "push")
            #expect(try await list(viewer).isEmpty, "a token that may only view integrations lists none")
        }
    }
}

import API
import Domain
import Foundation
import Hummingbird
import SQLiteStore
import Store
import Testing

/// A stream's webhook target through the API: created with its secret shown once, read without it, its delivery
/// log, re-enabled, deleted; a stream with a target refuses `advance`; every route refuses a missing token, a
/// token without the stream permission it needs, and a token for another project (issue 20, part 3).
@Suite struct StreamWebhookRouteTests {
    static let base = "/api/_private/datasets/ops/all/streams/push/webhook"

    /// `ops/all` over the source `ops/mail` (one comment) with a stream `push`.
    func streamOnOps(_ harness: APIHarness, _ client: APIHarness.Client) async throws {
        try await harness.syncedEmail()
        try await client.call(.put, "/api/v1/datasets/ops/all", json: ["dataset": ["source_ids": ["ops/mail"]]])
        let stream = try await client.call(.put, "/api/v1/datasets/ops/all/streams", json: ["stream": ["name": "push"]])
        try #require(stream.status == .ok, "\(stream.message)")
    }

    @Test func aTargetIsCreatedReadLoggedEnabledAndDeleted() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            try await streamOnOps(harness, client)
            #expect(try await client.call(.get, Self.base).status == .notFound)
            let created = try await client.call(.put, Self.base,
                                                json: ["webhook": ["url": "https://hooks.example.com/in", "batch_size": 4]])
            #expect(created.status == .ok, "\(created.message)")
            let webhook = try #require(created.json["webhook"] as? [String: Any])
            let secret = try #require(webhook["secret"] as? String)
            #expect(secret.hasPrefix("whsec_") && WebhookSecret(text: secret)?.key.count == 24)
            #expect(webhook["batch_size"] as? Int == 4 && webhook["enabled"] as? Bool == true)

            let read = try await client.call(.get, Self.base)
            let shown = try #require(read.json["webhook"] as? [String: Any])
            #expect(shown["url"] as? String == "https://hooks.example.com/in")
            #expect(shown["secret"] == nil, "the secret is shown once, at creation")
            #expect(!String(decoding: read.bytes, as: UTF8.self).contains(String(secret.dropFirst(6))))
            // Sealed at rest: the database file never holds the secret's text.
            let stored = try await harness.store.webhookSecret(webhookID: try #require(shown["id"] as? String))
            #expect(stored.text == secret)

            // Re-creating rotates the secret.
            let again = try await client.call(.put, Self.base, json: ["webhook": ["url": "https://hooks.example.com/in"]])
            let rotated = try #require((again.json["webhook"] as? [String: Any])?["secret"] as? String)
            #expect(rotated != secret)

            // The API no longer advances a stream the deliverer moves.
            let advance = try await client.call(.post, "/api/v1/datasets/ops/all/streams/push/advance",
                                                json: ["sequence_id": StreamPosition().token])
            #expect(advance.status == .conflict)
            #expect(advance.message.contains("webhook"))

            let id = try #require((again.json["webhook"] as? [String: Any])?["id"] as? String)
            try await harness.store.setWebhookEnabled(id: id, enabled: false, reason: "failed for 24 hours")
            let disabled = try await client.call(.get, Self.base).json["webhook"] as? [String: Any]
            #expect(disabled?["enabled"] as? Bool == false)
            #expect(disabled?["disabled_reason"] as? String == "failed for 24 hours")
            let enabled = try await client.call(.post, Self.base + "/enable")
            #expect((enabled.json["webhook"] as? [String: Any])?["enabled"] as? Bool == true)

            let log = try await client.call(.get, Self.base + "/deliveries?limit=10")
            #expect(log.status == .ok && (log.json["deliveries"] as? [Any])?.isEmpty == true)
            #expect(try await client.call(.get, Self.base + "/deliveries?limit=0").status == .badRequest)
            for batch in [0, 257] as [Any] + [NSNull()] {
                let refused = try await client.call(.put, Self.base, json: ["webhook": ["url": "https://x.example/",
                                                                                        "batch_size": batch]])
                #expect(refused.status == .badRequest, "batch_size \(batch)")
            }

            #expect(try await client.call(.delete, Self.base).status == .ok)
            #expect(try await client.call(.get, Self.base).status == .notFound)
            #expect(try await client.call(.post, "/api/v1/datasets/ops/all/streams/push/advance",
                                          json: ["sequence_id": StreamPosition().token]).status == .ok)
        }
    }

    @Test(arguments: [
        ("http://hooks.example.com/in", "https"), ("ftp://127.0.0.1/in", "https"), ("/relative", "absolute"),
        ("https://user:pw@hooks.example.com/", "user name"), ("https://hooks.example.com/#x", "fragment"),
    ])
    func aBadURLIsRefusedNamingTheField(url: String, words: String) async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            try await streamOnOps(harness, client)
            let answer = try await client.call(.put, Self.base, json: ["webhook": ["url": url]])
            #expect(answer.status == .badRequest)
            #expect(answer.json["field"] as? String == "webhook.url" || answer.message.contains("webhook.url"),
                    "\(answer.json)")
            #expect(answer.message.contains(words), "\(answer.message)")
        }
        #expect(WebhookURL.problem("http://localhost:9000/in") == nil)
        #expect(WebhookURL.problem("http://127.0.0.1:9000/in") == nil)
        #expect(WebhookURL.problem("http://[::1]:9000/in") == nil)
    }

    /// Every route: no token 401; a token without the permission 403; a token for another project 403 or 404,
    /// never the target.
    @Test func everyRouteChecksTokenPermissionAndProject() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let reader = try await harness.token("reader", [.triggersRead, .sourcesRead])
        let writer = try await harness.token("writer", [.triggersWrite, .triggersRead])
        let consumer = try await harness.token("consumer", [.triggersConsume])
        let otherProject = try await harness.token("other", Permission.allCases, projects: ["elsewhere"])
        try await harness.run { client in
            try await streamOnOps(harness, client)
            try await client.call(.put, Self.base, json: ["webhook": ["url": "https://hooks.example.com/in"]])
            let body: [String: Any] = ["webhook": ["url": "https://hooks.example.com/other"]]
            let routes: [(HTTPRequest.Method, String, [String: Any]?, write: Bool)] = [
                (.put, Self.base, body, true), (.get, Self.base, nil, false), (.post, Self.base + "/enable", nil, true),
                (.get, Self.base + "/deliveries", nil, false), (.delete, Self.base, nil, true),
            ]
            for (method, path, json, write) in routes {
                let missing = try await client.call(method, path, json: json, token: .some(nil))
                #expect(missing.status == .unauthorized, "\(method) \(path) without a token: \(missing.status)")
                let scoped = try await client.call(method, path, json: json, token: otherProject)
                #expect(scoped.status == .forbidden || scoped.status == .notFound,
                        "\(method) \(path) for another project: \(scoped.status)")
                for token in write ? [reader, consumer] : [consumer] {
                    let refused = try await client.call(method, path, json: json, token: token)
                    #expect(refused.status == .forbidden, "\(method) \(path) without the permission: \(refused.status)")
                }
                let allowed = try await client.call(method, path, json: json, token: write ? writer : reader)
                #expect(allowed.status == .ok, "\(method) \(path) with the permission: \(allowed.message)")
            }
        }
    }
}

import API
import Domain
import Foundation
import Hummingbird
import SQLiteStore
import Store
import Testing

/// A token limited to projects reaches nothing outside them, through paths or bodies; nobody grants more than they
/// hold; the last administrator can't be revoked (issue 15, findings 1, 2 and 10).
@Suite struct ProjectScopeTests {
    /// `tokens-admin` limited to `pa` mints, lists and revokes only tokens within `pa`, and can't change quotas.
    @Test func aProjectLimitedTokenAdminStaysInsideItsProjects() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let scopedAdmin = try await harness.token("pa-admin", [.tokensAdmin, .sourcesRead], projects: ["pa"])
        _ = try await harness.token("pb-reader", [.sourcesRead], projects: ["pb"])
        _ = try await harness.token("global-reader", [.sourcesRead])
        try await harness.run { client in
            try await client.call(.put, "/api/v1/sources/pb/secret", json: [:])
            let unlimited = try await client.call(.post, "/api/v1/tokens",
                                                  json: ["name": "wide", "permissions": ["sources-read"]],
                                                  token: scopedAdmin)
            #expect(unlimited.status == .forbidden, "\(unlimited.message)")
            #expect(unlimited.message.contains("pa"))
            let other = try await client.call(.post, "/api/v1/tokens",
                                              json: ["name": "pb", "permissions": ["sources-read"], "projects": ["pb"]],
                                              token: scopedAdmin)
            #expect(other.status == .forbidden)
            let mixed = try await client.call(
                .post, "/api/v1/tokens",
                json: ["name": "mixed", "permissions": ["sources-read"], "projects": ["pa", "pb"]], token: scopedAdmin)
            #expect(mixed.status == .forbidden)
            let inside = try await client.call(
                .post, "/api/v1/tokens",
                json: ["name": "pa-bot", "permissions": ["sources-read"], "projects": ["pa"]], token: scopedAdmin)
            #expect(inside.status == .created)
            let insideSecret = try #require(inside.json["secret"] as? String)
            #expect(try await client.call(.get, "/api/v1/sources/pb/secret", token: insideSecret).status == .forbidden)

            // The list shows only tokens within pa: not the admin, not pb's, not the unlimited reader.
            let listed = try await client.call(.get, "/api/v1/tokens", token: scopedAdmin)
            let names = (listed.json["tokens"] as? [[String: Any]])?.compactMap { $0["name"] as? String } ?? []
            #expect(names.sorted() == ["pa-admin", "pa-bot"])

            // Tokens out of reach are answered as missing, and stay.
            let all = try await client.call(.get, "/api/v1/tokens")
            var ids: [String: String] = [:]
            for token in all.json["tokens"] as? [[String: Any]] ?? [] {
                if let name = token["name"] as? String, let id = token["id"] as? String { ids[name] = id }
            }
            for name in ["admin", "pb-reader", "global-reader"] {
                let id = try #require(ids[name])
                let answer = try await client.call(.delete, "/api/v1/tokens/\(id)", token: scopedAdmin)
                #expect(answer.status == .notFound, "\(name): \(answer.status)")
            }
            #expect(try await client.call(.get, "/api/v1/tokens").json["tokens"].map { ($0 as? [Any])?.count } == 5)
            let bot = try #require(ids["pa-bot"])
            #expect(try await client.call(.delete, "/api/v1/tokens/\(bot)", token: scopedAdmin).status == .ok)

            // Quotas hold for every project: a limited token can't change them.
            let quota = try await client.call(.put, "/api/_private/quotas/comments", json: ["hard_limit": 1],
                                              token: scopedAdmin)
            #expect(quota.status == .forbidden)
            #expect(try await client.call(.put, "/api/_private/quotas/comments", json: ["hard_limit": 10]).status == .ok)
        }
    }

    /// An object of another project, named by its id alone, is answered exactly as an unknown id: a token limited to
    /// `pb` learns nothing of `pa`'s ids. In its own project, a token without the permission is told which it lacks.
    @Test func idsOutsideATokensProjectsAreAnsweredAsUnknownOnes() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let outsider = try await harness.token("pb-all", Permission.allCases.filter { $0 != .tokensAdmin },
                                               projects: ["pb"])
        let insider = try await harness.token("pa-reader", [.integrationsRead], projects: ["pa"])
        let bucket = try await harness.store.createBucket(owner: "pa", name: "b", title: "B")
        let source = try await harness.store.createSource(owner: "pa", name: "s", bucketID: bucket.id)
        let dataset = try await harness.store.createDataset(Dataset(
            id: "0123456789abcdef", owner: "pa", name: "d", sourceIDs: [source.id], createdAt: Date(),
            updatedAt: Date()))
        try await harness.run { client in
            let created = try await client.call(.put, "/api/_private/integrations/pa/i", json: ["integration": [
                "type": "imap", "configuration": [
                    "connection": ["host": "imap.example.com", "username": "u", "password": "p"],
                    "mailboxes": [["email": "a@example.com",
                                   "bucket_specification": ["project_name": "pa", "name": "b"]]],
                ]]])
            let integration = try #require((created.json["integration"] as? [String: Any])?["id"] as? String,
                                           "\(created.status) \(created.message)")
            let routes: [(HTTPRequest.Method, String, String)] = [
                (.get, "/api/_private/buckets/", bucket.id), (.delete, "/api/_private/buckets/", bucket.id),
                (.get, "/api/v1/sources/", source.id), (.delete, "/api/v1/sources/", source.id),
                (.get, "/api/v1/datasets/", dataset.id), (.delete, "/api/v1/datasets/", dataset.id),
                (.delete, "/api/_private/integrations/", integration),
            ]
            let unknown = "fedcba9876543210"
            for (method, prefix, id) in routes {
                let outside = try await client.call(method, prefix + "id:" + id, token: outsider)
                let missing = try await client.call(method, prefix + "id:" + unknown, token: outsider)
                #expect(outside.status == .notFound, "\(method) \(prefix)id: \(outside.status)")
                #expect(missing.status == .notFound)
                #expect(outside.message.replacingOccurrences(of: id, with: unknown) == missing.message,
                        "\(method) \(prefix)id: \(outside.message)")
                let lacking = try await client.call(method, prefix + "id:" + id, token: insider)
                #expect(lacking.status == .forbidden, "\(method) \(prefix)id: \(lacking.status)")
                #expect(lacking.message.contains("lacks the"), "\(lacking.message)")
            }
            // Nothing was deleted along the way.
            #expect(try await client.call(.get, "/api/_private/buckets/id:\(bucket.id)").status == .ok)
            #expect(try await client.call(.get, "/api/v1/datasets/id:\(dataset.id)").status == .ok)
            #expect(try await client.call(.get, "/api/_private/integrations/pa/i").status == .ok)
        }
    }

    /// An integration of `pa` can't write its mail into a bucket of `pb`; names in bodies follow the path rule.
    @Test func integrationBodiesStayInTheCallersProjectsAndNameReachableBuckets() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let writer = try await harness.token("pa-writer", [.integrationsWrite, .integrationsRead], projects: ["pa"])
        @Sendable func body(project: String, bucket: String) -> [String: Any] {
            ["integration": ["type": "imap", "configuration": [
                "connection": ["host": "imap.example.com", "username": "u", "password": "p"],
                "mailboxes": [["email": "a@example.com",
                               "bucket_specification": ["project_name": project, "name": bucket]]],
            ]]]
        }
        try await harness.run { client in
            let cross = try await client.call(.put, "/api/_private/integrations/pa/n2",
                                              json: body(project: "pb", bucket: "mail"), token: writer)
            #expect(cross.status == .forbidden, "\(cross.message)")
            #expect(try await harness.store.integration(owner: "pa", name: "n2") == nil)
            for (project, bucket, field) in [("../../etc x", "mail", "project_name"), ("pa", "a/b\u{0}", "name"),
                                             ("pa", "", "name"), ("pa", String(repeating: "n", count: 65), "name")] {
                let answer = try await client.call(.put, "/api/_private/integrations/pa/bad",
                                                   json: body(project: project, bucket: bucket))
                #expect(answer.status == .badRequest)
                #expect(answer.json["field"] as? String
                    == "integration.configuration.mailboxes[0].bucket_specification.\(field)")
            }
            #expect(try await harness.store.integration(owner: "pa", name: "bad") == nil)
            let inside = try await client.call(.put, "/api/_private/integrations/pa/n3",
                                               json: body(project: "pa", bucket: "mail"), token: writer)
            #expect(inside.status == .ok)
            // Changing the bucket later is held to the same rule.
            let moved = try await client.call(.post, "/api/_private/integrations/pa/n3",
                                              json: body(project: "pb", bucket: "mail"), token: writer)
            #expect(moved.status == .forbidden)
            let stored = try await harness.store.integration(owner: "pa", name: "n3")
            #expect(stored?.mailboxes.first?.bucketOwner == "pa")
        }
    }

    /// The last unscoped `tokens-admin` token can't be revoked, through the API or the store; another can.
    @Test func theLastAdministratorCannotBeRevoked() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            let tokens = try await client.call(.get, "/api/v1/tokens").json["tokens"] as? [[String: Any]]
            let adminID = try #require(tokens?.first?["id"] as? String)
            let refused = try await client.call(.delete, "/api/v1/tokens/\(adminID)")
            #expect(refused.status == .conflict)
            #expect(refused.message.contains("last"))
            #expect(try await client.call(.get, "/api/v1/tokens").status == .ok)

            // A limited tokens-admin doesn't count as an administrator.
            _ = try await harness.token("pa-admin", [.tokensAdmin], projects: ["pa"])
            #expect(try await client.call(.delete, "/api/v1/tokens/\(adminID)").status == .conflict)

            let second = try await client.call(.post, "/api/v1/tokens",
                                               json: ["name": "admin2", "permissions": ["tokens-admin"]])
            let secondSecret = try #require(second.json["secret"] as? String)
            // Now the first may go, even by its own hand; then the second is the last.
            #expect(try await client.call(.delete, "/api/v1/tokens/\(adminID)").status == .ok)
            let secondID = try #require((second.json["token"] as? [String: Any])?["id"] as? String)
            #expect(try await client.call(.delete, "/api/v1/tokens/\(secondID)", token: secondSecret).status == .conflict)
        }
        await #expect(throws: StoreError.self) {
            let last = try await harness.store.tokens().first { $0.isAdministrator }
            try await harness.store.deleteToken(id: last?.id ?? "")
        }
    }
}

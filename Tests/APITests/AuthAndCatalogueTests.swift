import API
import Domain
import Foundation
import Hummingbird
import SQLiteStore
import Store
import Testing

/// Tokens, permissions, and the bucket/source/dataset calls, including their error answers.
@Suite struct AuthAndCatalogueTests {
    @Test func missingOrWrongTokenIs401AndMissingPermissionIs403() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let reader = try await harness.token("reader", [.sourcesRead], projects: ["ops"])
        try await harness.run { client in
            let anonymous = try await client.call(.get, "/api/v1/sources", token: .some(nil))
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.json["status"] as? String == "error")
            #expect(anonymous.headers[.wwwAuthenticate] == "Bearer")
            #expect(try await client.call(.get, "/api/v1/sources", token: "ms_wrong").status == .unauthorized)
            #expect(try await client.call(.get, "/healthz", token: .some(nil)).status == .ok)
            let unknown = try await client.call(.get, "/api/v1/nothing")
            #expect(unknown.status == .notFound)
            #expect(unknown.json["status"] as? String == "error")

            let forbidden = try await client.call(.put, "/api/v1/sources/ops/new", json: [:], token: reader)
            #expect(forbidden.status == .forbidden)
            #expect(forbidden.message.contains("sources-admin"))
            // Project scope: a token for ops can't read another project's source.
            try await client.call(.put, "/api/v1/sources/legal/cases", json: [:])
            #expect(try await client.call(.get, "/api/v1/sources/legal/cases", token: reader).status == .forbidden)
            let visible = try await client.call(.get, "/api/v1/sources", token: reader)
            #expect((visible.json["sources"] as? [Any])?.count == 0)
        }
    }

    @Test func everyAnswerHasServerTimingAndARequestID() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            for answer in [try await client.call(.get, "/api/v1/sources"),
                           try await client.call(.get, "/api/v1/sources", token: .some(nil))] {
                #expect(answer.headers[.init("Server-Timing")!]?.hasPrefix("total;dur=") == true)
                #expect((answer.headers[.init("X-Request-Id")!]?.count ?? 0) > 8)
            }
        }
    }

    @Test func tokensAreCreatedListedAndRevokedWithoutShowingSecrets() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            let created = try await client.call(.post, "/api/v1/tokens",
                                                json: ["name": "bot", "permissions": ["sources-read"]])
            #expect(created.status == .created)
            let secret = try #require(created.json["secret"] as? String)
            #expect(secret.hasPrefix("ms_"))
            #expect(try await client.call(.get, "/api/v1/sources", token: secret).status == .ok)
            let list = try await client.call(.get, "/api/v1/tokens")
            #expect(!String(decoding: list.bytes, as: UTF8.self).contains(secret))
            let tokens = try #require(list.json["tokens"] as? [[String: Any]])
            #expect(tokens.map { $0["name"] as? String } == ["admin", "bot"])

            let unknown = try await client.call(.post, "/api/v1/tokens", json: ["name": "x", "permissions": ["root"]])
            #expect(unknown.status == .badRequest)
            #expect(unknown.json["field"] as? String == "permissions[0]")
            let duplicate = try await client.call(.post, "/api/v1/tokens",
                                                  json: ["name": "bot", "permissions": ["sources-read"]])
            #expect(duplicate.status == .conflict)
            // A token can't grant what it lacks.
            let escalation = try await client.call(.post, "/api/v1/tokens",
                                                   json: ["name": "y", "permissions": ["sources-admin"]], token: secret)
            #expect(escalation.status == .forbidden)

            let id = try #require(tokens.first { $0["name"] as? String == "bot" }?["id"] as? String)
            #expect(try await client.call(.delete, "/api/v1/tokens/\(id)").status == .ok)
            #expect(try await client.call(.get, "/api/v1/sources", token: secret).status == .unauthorized)
            #expect(try await client.call(.delete, "/api/v1/tokens/\(id)").status == .notFound)
        }
    }

    @Test func bucketsSourcesAndDatasetsHaveTheirLifecycle() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            let bucket = try await client.call(.put, "/api/_private/buckets/ops/mail", json: ["bucket": ["title": "Mail"]])
            #expect(bucket.status == .ok)
            let bucketID = try #require((bucket.json["bucket"] as? [String: Any])?["id"] as? String)
            #expect((bucket.json["bucket"] as? [String: Any])?["bucket_type"] as? String == "emails")
            #expect(try await client.call(.put, "/api/_private/buckets/ops/mail", json: [:]).status == .conflict)

            let source = try await client.call(.put, "/api/v1/sources/ops/inbox",
                                               json: ["source": ["title": "Inbox", "bucket_id": bucketID]])
            #expect(source.status == .ok)
            let sourceObject = try #require(source.json["source"] as? [String: Any])
            #expect(sourceObject["bucket_id"] as? String == bucketID)
            #expect(sourceObject["title"] as? String == "Inbox")
            let sourceID = try #require(sourceObject["id"] as? String)
            let badBucket = try await client.call(.put, "/api/v1/sources/ops/other",
                                                  json: ["source": ["bucket_id": "nope"]])
            #expect(badBucket.status == .badRequest)
            #expect(badBucket.json["field"] as? String == "source.bucket_id")
            #expect(try await client.call(.put, "/api/v1/sources/ops/bad%20name", json: [:]).status == .badRequest)
            let wrongType = try await client.call(.post, "/api/v1/sources/ops/inbox", json: ["source": ["title": 5]])
            #expect(wrongType.status == .badRequest)
            #expect(wrongType.json["field"] as? String == "source.title")

            let updated = try await client.call(.post, "/api/v1/sources/ops/inbox",
                                                json: ["source": ["description": "Shared inbox"]])
            #expect((updated.json["source"] as? [String: Any])?["description"] as? String == "Shared inbox")
            #expect((updated.json["source"] as? [String: Any])?["title"] as? String == "Inbox")

            let dataset = try await client.call(.put, "/api/v1/datasets/ops/all",
                                                json: ["dataset": ["source_ids": ["ops/inbox"]]])
            #expect(dataset.status == .ok)
            #expect((dataset.json["dataset"] as? [String: Any])?["source_ids"] as? [String] == [sourceID])
            let missing = try await client.call(.put, "/api/v1/datasets/ops/none",
                                                json: ["dataset": ["source_ids": ["ops/ghost"]]])
            #expect(missing.json["field"] as? String == "dataset.source_ids[0]")

            #expect(try await client.call(.delete, "/api/v1/sources/id:\(sourceID)").status == .ok)
            #expect(try await client.call(.get, "/api/v1/sources/ops/inbox").status == .notFound)
            let after = try await client.call(.get, "/api/v1/datasets/ops/all")
            #expect((after.json["dataset"] as? [String: Any])?["source_ids"] as? [String] == [])
            #expect(try await client.call(.delete, "/api/_private/buckets/id:\(bucketID)").status == .ok)
            #expect(try await client.call(.delete, "/api/_private/buckets/id:\(bucketID)").status == .notFound)
            #expect(try await client.call(.delete, "/api/_private/buckets/\(bucketID)").status == .badRequest)
        }
    }
}

/// The first `serve` creates an admin token and writes its secret to a file only its owner can read.
@Suite struct FirstRunTokenTests {
    @Test func bootstrapWritesTheAdminSecretOnceWithMode0600() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-boot-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFolder = try DataFolder(path: folder.path)
        let store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        let file = folder.appendingPathComponent("admin-token")
        let written = try await TokenSecrets.bootstrap(store: store, file: file)
        #expect(written == file)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let secret = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        let token = try #require(try await store.useToken(secretHash: TokenSecrets.hash(secret)))
        #expect(token.name == "admin")
        #expect(Set(token.permissions) == Set(Permission.allCases))
        // A second run finds the token and writes nothing.
        #expect(try await TokenSecrets.bootstrap(store: store, file: folder.appendingPathComponent("again")) == nil)
    }
}

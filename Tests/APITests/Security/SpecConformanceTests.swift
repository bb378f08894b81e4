import API
import Domain
import Foundation
import Hummingbird
import Store
import Testing

/// The server answers what its OpenAPI document says (issue 15, finding 8).
@Suite struct SpecConformanceTests {
    @Test func anUndeclaredMethodIs405WithAllow() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.syncedEmail()
        try await harness.run { client in
            for (method, path, allow) in [
                (HTTPRequest.Method.patch, "/api/v1/sources/ops/mail", "GET, POST, PUT"),
                (.patch, "/api/v1/sources/id:abc", "DELETE, GET"),
                (.delete, "/api/v1/tokens", "GET, POST"),
                (.get, "/api/v1/sources/ops/mail/sync", "POST"),
                (.post, "/healthz", "GET"),
                (.put, "/api/v1/sources%2Fx", nil),
                (.get, "/api/v1/sources/ops%2Fmail/sync", "POST"),
                // A literal segment wins over a parameter, in the router and in Allow alike.
                (.patch, "/api/_private/notifications/subscriptions", "GET, PUT"),
                (.post, "/api/_private/notifications/subscriptions", "GET, PUT"),
                (.options, "/api/_private/notifications/unread-count", "GET"),
                (.get, "/api/_private/notifications/abc", "POST"),
            ] as [(HTTPRequest.Method, String, String?)] {
                let answer = try await client.call(method, path)
                if let allow {
                    #expect(answer.status == .methodNotAllowed, "\(method) \(path): \(answer.status)")
                    #expect(answer.headers[.allow] == allow, "\(method) \(path)")
                    #expect(answer.json["status"] as? String == "error")
                } else {
                    #expect(answer.status == .notFound, "\(method) \(path): \(answer.status)")
                }
            }
            // The paths of gets and deletes by id share their level with owner/name: GET and DELETE are what
            // /buckets/x takes, and a GET without `id:` is a 400 saying what it expects.
            #expect(try await client.call(.put, "/api/_private/buckets/ops").headers[.allow] == "DELETE, GET")
            let byName = try await client.call(.get, "/api/_private/buckets/ops")
            #expect(byName.status == .badRequest)
            #expect(byName.message.contains("id:"), "\(byName.message)")
        }
    }

    @Test func queryAndBodyEdgesAnswerAsDocumented() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.syncedEmail()
        try await harness.run { client in
            // An empty continuation is the first page.
            let first = try await client.call(.get, "/api/_private/sources/ops/mail/comments?continuation=")
            #expect(first.status == .ok)
            #expect((first.json["comments"] as? [Any])?.count == 1)
            // A number out of range names its field instead of calling the body invalid JSON.
            for body in [#"{"limit": 1e400}"#, #"{"limit": 99999999999999999999999}"#] {
                let answer = try await client.call(.post, "/api/_private/buckets/ops/mail/emails",
                                                   raw: Array(body.utf8))
                #expect(answer.status == .badRequest)
                #expect(answer.json["field"] as? String == "limit", "\(body): \(answer.message)")
                #expect(!answer.message.contains("not valid JSON"), "\(body): \(answer.message)")
            }
            // A bad owner on the list of one project's integrations is a documented 400.
            let bad = try await client.call(.get, "/api/_private/integrations/b%20d")
            #expect(bad.status == .badRequest)
            let operation = ((try OpenAPIDocumentTests.document()["paths"] as? [String: Any])?[
                "/api/_private/integrations/{owner}"] as? [String: Any])?["get"] as? [String: Any]
            #expect((operation?["responses"] as? [String: Any])?["400"] != nil)
        }
    }

    /// Schemathesis found that `"cipher_suites": [""]` stopped the server inside NIOSSL; now it is a 400.
    @Test func cipherSuitesAreCheckedBeforeTheyReachTheTLSLibrary() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            for (suites, field) in [([""], "[0]"), (["TLS_AES_128_GCM_SHA256"], "[0]"),
                                    (["ECDHE-RSA-AES128-GCM-SHA256", "RC4-MD5"], "[1]"), ([], "")] as [([String], String)] {
                let answer = try await client.call(.put, "/api/_private/check-connection", json: [
                    "type": "imap", "connection": ["host": "127.0.0.1", "username": "u", "password": "p",
                                                   "cipher_suites": suites],
                ])
                #expect(answer.status == .badRequest, "\(suites): \(answer.status)")
                #expect(answer.json["field"] as? String == "integration.configuration.connection.cipher_suites\(field)")
            }
        }
    }
}

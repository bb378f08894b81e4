import API
import Domain
import Foundation
import Hummingbird
import SQLiteStore
import Store
import Testing

/// Path parameters are percent-decoded before they are matched; `owner%2Fname` is one path segment the way the
/// official client sends it; free texts are bounded in Unicode scalars (issue 15, findings 3 and 7).
@Suite struct PathAndTextTests {
    @Test func pathParametersArePercentDecoded() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.syncedEmail()
        let oddID = "a/b?c#d%e"
        try await harness.run { client in
            let pushed = try await client.call(.post, "/api/v1/sources/ops/mail/sync", json: [
                "comments": [CommentAndStreamTests.comment(oddID)],
            ])
            #expect(pushed.status == .ok, "\(pushed.message)")
            let comment = try await client.call(.get, "/api/v1/sources/ops/mail/comments/a%2Fb%3Fc%23d%25e")
            #expect(comment.status == .ok, "\(comment.message)")
            #expect((comment.json["comment"] as? [String: Any])?["id"] as? String == oddID)
            // The official client's form of owner/name, in upper and lower case.
            for path in ["/api/v1/sources/ops%2Fmail", "/api/v1/sources/ops%2fmail",
                         "/api/v1/sources/ops%2Fmail/comments/a%2Fb%3Fc%23d%25e"] {
                #expect(try await client.call(.get, path).status == .ok, "\(path)")
            }
            let bad = try await client.call(.get, "/api/v1/sources/ops/mail/comments/%E0%A4")
            #expect(bad.status == .badRequest)

            try await client.call(.put, "/api/_private/buckets/ops/spare", json: [:])
            let spare = try #require(try await harness.store.bucket(owner: "ops", name: "spare"))
            #expect(try await client.call(.delete, "/api/_private/buckets/id%3A\(spare.id)").status == .ok)

            try await client.call(.put, "/api/_private/integrations/ops/desk", json: ["integration": [
                "type": "imap", "configuration": [
                    "connection": ["host": "imap.example.com", "username": "u", "password": "p"],
                    "mailboxes": [["email": "a@b.c", "bucket_specification": ["project_name": "ops", "name": "mail"]]],
                ]]])
            let disabled = try await client.call(.post, "/api/_private/integrations/ops/desk/mailboxes/a%40b.c/disable")
            #expect(disabled.status == .ok, "\(disabled.message)")
            #expect(try await harness.store.integration(owner: "ops", name: "desk")?.mailboxes.first?.enabled == false)
            #expect(try await client.call(.post, "/api/_private/integrations/ops%2Fdesk/enable").status == .ok)
        }
    }

    @Test func freeTextsAreBoundedInScalarsAndFreeOfControlCharacters() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let combining = "a" + String(repeating: "\u{301}", count: 200_000)
        #expect(combining.count == 1)
        try await harness.run { client in
            let name = try await client.call(.post, "/api/v1/tokens",
                                             json: ["name": combining, "permissions": ["sources-read"]])
            #expect(name.status == .badRequest)
            #expect(name.json["field"] as? String == "name")
            let title = String(repeating: "t", count: 10_000_000)
            for (method, path, body, field) in [
                (HTTPRequest.Method.put, "/api/_private/buckets/ops/big", ["bucket": ["title": title]], "bucket.title"),
                (.put, "/api/v1/sources/ops/big", ["source": ["title": "x\u{7}"]], "source.title"),
                (.put, "/api/v1/sources/ops/big", ["source": ["description": String(repeating: "d", count: 4_097)]],
                 "source.description"),
                (.put, "/api/v1/datasets/ops/big", ["dataset": ["title": String(repeating: "é", count: 257)]],
                 "dataset.title"),
            ] as [(HTTPRequest.Method, String, [String: Any], String)] {
                let answer = try await client.call(method, path, json: body)
                #expect(answer.status == .badRequest, "\(path) \(field)")
                #expect(answer.json["field"] as? String == field)
            }
            // At the limit is fine, and line breaks are fine in a description.
            let fits = try await client.call(.put, "/api/v1/sources/ops/fits", json: ["source": [
                "title": String(repeating: "é", count: 256), "description": "two\nlines\ttabbed",
            ]])
            #expect(fits.status == .ok, "\(fits.message)")
            #expect(try await harness.store.bucket(owner: "ops", name: "big") == nil)
            #expect(try await harness.store.source(owner: "ops", name: "big") == nil)
        }
    }
}

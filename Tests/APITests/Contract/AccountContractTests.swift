import Domain
import Foundation
import Hummingbird
import SQLiteStore
import Testing

/// Quotas and users as the official client reads and sets them: `re get quotas`, `re create quota` (a tenant id and
/// a kind in the path; Mailstream's one tenant is `default`), `re get current-user`, `re get users`.
@Suite struct AccountContractTests {
    typealias R = ClientRequest
    typealias T = ClientTypes

    @Test func quotasAreReadAndSetAsTheClientDoes() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            let before = try await api.send(.get, R.path("api", "_private", "quotas"),
                                            expecting: T.list("quotas", T.quota))
            let comments = (value(before, "quotas") as? [[String: Any]])?
                .first { $0["quota_kind"] as? String == "comments" }
            #expect(comments?["hard_limit"] as? Int == 9_007_199_254_740_991)
            #expect(comments?["unlimited"] as? Bool == true)

            // re create quota --reinfer-tenant-id default --quota-kind comments --limit 100000
            try await api.send(.post, R.path("api", "_private", "quotas", "default", "comments"),
                               body: #"{"hard_limit":100000}"#, expecting: .empty)
            let after = try await api.send(.get, R.path("api", "_private", "quotas"),
                                           expecting: T.list("quotas", T.quota))
            let set = (value(after, "quotas") as? [[String: Any]])?.first { $0["quota_kind"] as? String == "comments" }
            #expect(set?["hard_limit"] as? Int == 100_000)
            #expect(set?["unlimited"] as? Bool == false)

            try await api.refused(.post, R.path("api", "_private", "quotas", "4f1c9e2a", "comments"),
                                  body: #"{"hard_limit":1}"#, status: .notFound)
            try await api.refused(.post, R.path("api", "_private", "quotas", "default", "datasets"),
                                  body: #"{"hard_limit":1}"#, status: .notFound)
            try await api.refused(.post, R.path("api", "_private", "quotas", "default", "comments"),
                                  body: #"{"hard_limit":1,"auto_increase_up_to":5}"#, status: .badRequest)
            let scoped = try await harness.token("ops-admin", [.tokensAdmin], projects: ["ops"])
            try await api.refused(.post, R.path("api", "_private", "quotas", "default", "comments"),
                                  body: #"{"hard_limit":1}"#, status: .forbidden, token: .some(scoped))
            // The older PUT of a kind still answers the list, and the two routes don't shadow each other.
            let put = try await client.call(.put, R.path("api", "_private", "quotas", "buckets"),
                                            raw: Array(#"{"hard_limit":7}"#.utf8))
            #expect(put.status == .ok)
            #expect((put.json["quotas"] as? [Any])?.count == 4)
        }
    }

    @Test func usersAreReadAsTheClientReadsThem() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let opsReader = try await harness.user("ops-reader", [.sourcesRead, .triggersConsume], projects: ["ops", "legal"])
        let reader = try await harness.token("ops reader", [.sourcesRead, .triggersConsume], projects: ["ops", "legal"],
                                             user: opsReader)
        _ = try await harness.store.createBucket(owner: "hr", name: "mail", title: "Mail")
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            // re get current-user (and the call every command makes first): the token's user.
            let me = try await api.send(.get, R.path("auth", "user"), expecting: T.wrapping("user", T.user),
                                        token: .some(reader))
            #expect(value(me, "user", "username") as? String == "ops-reader")
            #expect(value(me, "user", "email") as? String == "ops-reader@example.com")
            #expect(value(me, "user", "global_permissions") as? [String] == [])
            let permissions = value(me, "user", "organisation_permissions") as? [String: [String]]
            #expect(permissions == ["ops": ["sources-read", "triggers-consume"],
                                    "legal": ["sources-read", "triggers-consume"]])
            let myID = try #require(value(me, "user", "id") as? String)
            #expect(myID == opsReader.id)
            #expect(myID.allSatisfy { $0.isHexDigit }, "the client takes only hex user ids")

            // A user without tokens-admin sees itself only; the administrator sees every user.
            let mine = try await api.send(.get, R.path("api", "_private", "users"),
                                          expecting: T.list("users", T.user), token: .some(reader))
            #expect((value(mine, "users") as? [Any])?.count == 1)
            let everyone = try await api.send(.get, R.path("api", "_private", "users"),
                                              expecting: T.list("users", T.user))
            let users = value(everyone, "users") as? [[String: Any]] ?? []
            #expect(users.compactMap { $0["username"] as? String } == ["admin", "ops-reader"])
            let admin = try #require(users.first { $0["username"] as? String == "admin" })
            #expect(admin["global_permissions"] as? [String] == ["tokens-admin"])
            #expect((admin["organisation_permissions"] as? [String: [String]])?.keys.sorted() == ["hr"])
            #expect(admin["project_limit"] is NSNull)
            #expect(admin["email"] as? String == "", "the upgrade's admin has no address yet")
            #expect(admin["verified"] as? Bool == false, "no password yet: it can't sign in")

            // re get users --user <id>
            try await api.send(.get, R.path("api", "_private", "users", myID), expecting: T.wrapping("user", T.user))
            let adminID = try #require(admin["id"] as? String)
            try await api.refused(.get, R.path("api", "_private", "users", adminID), status: .notFound,
                                  token: .some(reader))
            try await api.refused(.get, R.path("auth", "user"), status: .unauthorized, token: .some("ms_nope"))

            // re auth refresh: the client's `{}` (or no body) is taken; anything but an object is malformed.
            try await api.send(.post, R.path("auth", "refresh-user-permissions"), body: "{}",
                               expecting: T.refreshPermissions, token: .some(reader))
            try await api.send(.post, R.path("auth", "refresh-user-permissions"), expecting: T.refreshPermissions)
            for body in ["[null, null]", "7", "\"{}\""] {
                try await api.refused(.post, R.path("auth", "refresh-user-permissions"), body: body,
                                      status: .badRequest)
            }
        }
    }

    /// `re create user`, `re update users` and `delete_user`, with the bodies the client's structs serialize to.
    @Test func usersAreCreatedChangedAndRemovedAsTheClientDoes() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            // re create user ann ann@example.com --project ops --project-permissions sources-read triggers-read
            let created = try await api.send(
                .put, R.path("api", "_private", "users"),
                body: #"{"user":{"username":"ann","email":"ann@example.com","global_permissions":[],"#
                    + #""organisation_permissions":{"ops":["sources-read","triggers-read"]}}}"#,
                expecting: T.wrapping("user", T.user), status: .created)
            let id = try #require(value(created, "user", "id") as? String)
            #expect(value(created, "user", "organisation_permissions") as? [String: [String]]
                == ["ops": ["sources-read", "triggers-read"]])
            #expect(value(created, "user", "verified") as? Bool == false)

            // re update users: one line `{"id":…, "organisation_permissions":{…}}` becomes this POST.
            let updated = try await api.send(
                .post, R.path("api", "_private", "users", id),
                body: #"{"user":{"organisation_permissions":{"ops":["sources-read"],"legal":["sources-read"]}}}"#,
                expecting: T.wrapping("user", T.user))
            #expect(value(updated, "user", "organisation_permissions") as? [String: [String]]
                == ["ops": ["sources-read"], "legal": ["sources-read"]])
            #expect(value(updated, "user", "project_limit") as? [String] == ["legal", "ops"])
            // One set of permissions per user: a map giving projects different ones is refused, naming the field.
            let uneven = try await api.refused(
                .post, R.path("api", "_private", "users", id),
                body: #"{"user":{"organisation_permissions":{"ops":["sources-read"],"hr":["sources-admin"]}}}"#,
                status: .badRequest)
            #expect(uneven.contains("same permissions on each of its projects"), "\(uneven)")
            try await api.refused(.put, R.path("api", "_private", "users"),
                                  body: #"{"user":{"username":"ann","email":"x@example.com"}}"#, status: .conflict)

            // delete_user
            try await api.send(.delete, R.path("api", "_private", "users", id), expecting: T.emptySuccess)
            try await api.refused(.get, R.path("api", "_private", "users", id), status: .notFound)
        }
    }
}

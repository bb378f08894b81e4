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

    @Test func usersAreTheTokensAsTheClientReadsThem() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let reader = try await harness.token("ops reader", [.sourcesRead, .triggersConsume], projects: ["ops", "legal"])
        _ = try await harness.store.createBucket(owner: "hr", name: "mail", title: "Mail")
        try await harness.runLive { client in
            let api = ContractClient(client: client)
            // re get current-user (and the call every command makes first)
            let me = try await api.send(.get, R.path("auth", "user"), expecting: T.wrapping("user", T.user),
                                        token: .some(reader))
            #expect(value(me, "user", "username") as? String == "ops reader")
            #expect(value(me, "user", "global_permissions") as? [String] == [])
            let permissions = value(me, "user", "organisation_permissions") as? [String: [String]]
            #expect(permissions == ["ops": ["sources-read", "triggers-consume"],
                                    "legal": ["sources-read", "triggers-consume"]])
            let myID = try #require(value(me, "user", "id") as? String)
            #expect(myID.allSatisfy { $0.isHexDigit }, "the client takes only hex user ids")

            // A token without tokens-admin sees itself only; the administrator sees every token.
            let mine = try await api.send(.get, R.path("api", "_private", "users"),
                                          expecting: T.list("users", T.user), token: .some(reader))
            #expect((value(mine, "users") as? [Any])?.count == 1)
            let everyone = try await api.send(.get, R.path("api", "_private", "users"),
                                              expecting: T.list("users", T.user))
            let users = value(everyone, "users") as? [[String: Any]] ?? []
            #expect(users.count == 2)
            let admin = try #require(users.first { $0["username"] as? String == "admin" })
            #expect(admin["global_permissions"] as? [String] == ["tokens-admin"])
            #expect((admin["organisation_permissions"] as? [String: [String]])?.keys.sorted() == ["hr"])
            #expect(admin["project_limit"] is NSNull)

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
}

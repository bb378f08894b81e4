import API
import Domain
import Foundation
import Hummingbird
import SQLiteStore
import Testing

/// Every route of users and sessions refuses a missing token, a token without the permission, a token limited to
/// another project, and a user's session reaching another user.
@Suite struct UserRouteAccessTests {
    /// The user routes, on user `target`.
    static func routes(_ target: String) -> [(HTTPRequest.Method, String, String?)] {
        let create = #"{"user":{"username":"eve","email":"eve@example.com","permissions":["sources-read"]}}"#
        let update = #"{"user":{"permissions":["sources-read","sources-admin"]}}"#
        return [
            (.get, "/api/_private/users", nil),
            (.put, "/api/_private/users", create),
            (.get, "/api/_private/users/\(target)", nil),
            (.post, "/api/_private/users/\(target)", update),
            (.delete, "/api/_private/users/\(target)", nil),
            (.get, "/auth/user", nil),
            (.post, "/api/_private/logout", nil),
        ]
    }

    @Test func withoutATokenEveryUserRouteIs401() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let bob = try await harness.user("bob", [.sourcesRead])
        try await harness.run { client in
            for (method, uri, body) in Self.routes(bob.id) {
                let answer = try await client.call(method, uri, raw: body.map { Array($0.utf8) }, token: .some(nil))
                #expect(answer.status == .unauthorized, "\(method) \(uri)")
                let forged = try await client.call(method, uri, raw: body.map { Array($0.utf8) }, token: .some(nil),
                                                   headers: [.cookie: "mailstream_session=forged"])
                #expect(forged.status == .unauthorized, "\(method) \(uri) with a made-up session")
            }
            #expect(try await harness.store.user(id: bob.id) != nil)
        }
    }

    @Test func aTokenWithoutTokensAdminSeesItselfOnlyAndChangesNoOne() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let bob = try await harness.user("bob", [.sourcesRead])
        let reader = try await harness.token("reader", [.sourcesRead])
        try await harness.run { client in
            let expected: [HTTPResponse.Status] = [.ok, .forbidden, .notFound, .notFound, .notFound, .ok, .ok]
            for ((method, uri, body), status) in zip(Self.routes(bob.id), expected) {
                let answer = try await client.call(method, uri, raw: body.map { Array($0.utf8) }, token: reader)
                #expect(answer.status == status, "\(method) \(uri): \(answer.status.code) \(answer.message)")
            }
            let list = try await client.call(.get, "/api/_private/users", token: reader)
            #expect((list.json["users"] as? [[String: Any]])?.compactMap { $0["username"] as? String } == ["admin"])
            // Its own user (admin, through a token without tokens-admin): no permission change, not even its own.
            let own = try await client.call(.post, "/api/_private/users/\(harness.admin.id)",
                                            json: ["user": ["permissions": ["sources-read"]]], token: reader)
            #expect(own.status == .forbidden, "\(own.message)")
            #expect(try await harness.store.user(id: bob.id)?.permissions == [.sourcesRead])
            #expect(try await harness.store.user(login: "eve") == nil)
        }
    }

    @Test func aTokenLimitedToAProjectReachesNoUserBeyondItAndWritesNone() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let legal = try await harness.user("lena", [.sourcesRead], projects: ["legal"])
        let ops = try await harness.user("otto", [.sourcesRead], projects: ["ops"])
        let opsAdmin = try await harness.token("ops-admin", [.tokensAdmin, .sourcesRead, .sourcesAdmin],
                                               projects: ["ops"])
        try await harness.run { client in
            let list = try await client.call(.get, "/api/_private/users", token: opsAdmin)
            #expect((list.json["users"] as? [[String: Any]])?.compactMap { $0["username"] as? String }
                == ["admin", "otto"], "itself and the users within ops")
            for (method, uri, body) in Self.routes(legal.id) where uri.hasSuffix(legal.id) {
                let answer = try await client.call(method, uri, raw: body.map { Array($0.utf8) }, token: opsAdmin)
                #expect(answer.status == .notFound, "\(method) \(uri): \(answer.status.code)")
            }
            let expected: [HTTPResponse.Status] = [.ok, .forbidden, .ok, .forbidden, .forbidden]
            for ((method, uri, body), status) in zip(Self.routes(ops.id), expected) {
                let answer = try await client.call(method, uri, raw: body.map { Array($0.utf8) }, token: opsAdmin)
                #expect(answer.status == status, "\(method) \(uri): \(answer.status.code) \(answer.message)")
            }
            #expect(try await harness.store.user(id: ops.id)?.permissions == [.sourcesRead])
            #expect(try await harness.store.users().count == 3)
        }
    }

    @Test func aSessionReachesNoOtherUsersData() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let ann = try await harness.user("ann", [.sourcesRead, .integrationsRead], password: "ann-password")
        let bob = try await harness.user("bob", [.sourcesRead], password: "bob-password")
        try await harness.run { client in
            let session = try await SessionTests.signIn(client, "ann", "ann-password")
            let expected: [HTTPResponse.Status] = [.ok, .forbidden, .notFound, .notFound, .notFound]
            for ((method, uri, body), status) in zip(Self.routes(bob.id), expected) {
                let answer = try await client.call(method, uri, raw: body.map { Array($0.utf8) }, token: .some(nil),
                                                   headers: session.writeHeaders)
                #expect(answer.status == status, "\(method) \(uri): \(answer.status.code) \(answer.message)")
            }
            let bobsPassword = try await client.call(
                .post, "/api/_private/users/\(bob.id)", json: ["user": ["password": "taken-over-1"]], token: .some(nil),
                headers: session.writeHeaders)
            #expect(bobsPassword.status == .notFound)
            _ = try await SessionTests.signIn(client, "bob", "bob-password")
            // Ann may change her own profile, not her permissions.
            let mine = try await client.call(.post, "/api/_private/users/\(ann.id)",
                                             json: ["user": ["display_name": "Ann Lee"]], token: .some(nil),
                                             headers: session.writeHeaders)
            #expect(mine.status == .ok)
            #expect((mine.json["user"] as? [String: Any])?["display_name"] as? String == "Ann Lee")
            let more = try await client.call(.post, "/api/_private/users/\(ann.id)",
                                             json: ["user": ["permissions": ["sources-read", "tokens-admin"]]],
                                             token: .some(nil), headers: session.writeHeaders)
            #expect(more.status == .forbidden)
            #expect(try await harness.store.user(id: ann.id)?.permissions == [.integrationsRead, .sourcesRead])
        }
    }
}

import API
import Domain
import Foundation
import Hummingbird
import InMemoryLogging
import SQLiteStore
import Store
import Testing

/// Creating and changing users through the API: every mistake names its field, an administrator grants only what
/// it holds, the last administrator stays, and a password never comes back nor reaches the log.
@Suite struct UserRouteTests {
    @Test func aUserIsCreatedWithMailstreamsFieldsAndEveryMistakeNamesItsField() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            let answer = try await client.call(.put, "/api/_private/users", json: ["user": [
                "username": "ann.lee@ops", "email": "ann@example.com", "display_name": "Ann Lee",
                "permissions": ["sources-read", "integrations-read"], "project_limit": ["ops"],
            ]])
            #expect(answer.status == .created, "\(answer.message)")
            let user = try #require(answer.json["user"] as? [String: Any])
            #expect(user["username"] as? String == "ann.lee@ops")
            #expect(user["permissions"] as? [String] == ["integrations-read", "sources-read"])
            #expect(user["project_limit"] as? [String] == ["ops"])
            #expect(user["verified"] as? Bool == false)

            let cases: [([String: Any], String)] = [
                (["email": "a@example.com"], "user.username"),
                (["username": "a b", "email": "a@example.com"], "user.username"),
                (["username": "bo"], "user.email"),
                (["username": "bo", "email": "no-at-sign"], "user.email"),
                (["username": "bo", "email": "b@example.com", "password": "short"], "user.password"),
                (["username": "bo", "email": "b@example.com", "display_name": ""], "user.display_name"),
                (["username": "bo", "email": "b@example.com", "permissions": ["everything"]], "user.permissions[0]"),
                (["username": "bo", "email": "b@example.com", "project_limit": ["../x"]], "user.project_limit[0]"),
                (["username": "bo", "email": "b@example.com", "permissions": [],
                  "organisation_permissions": ["ops": []]], "user"),
            ]
            for (body, field) in cases {
                let refused = try await client.call(.put, "/api/_private/users", json: ["user": body])
                #expect(refused.status == .badRequest, "\(body)")
                #expect(refused.json["field"] as? String == field, "\(body): \(refused.message)")
            }
            let taken = try await client.call(.put, "/api/_private/users",
                                              json: ["user": ["username": "ANN.LEE@OPS", "email": "x@example.com"]])
            #expect(taken.status == .conflict, "logins are unique ignoring case")
        }
    }

    @Test func anAdministratorGrantsOnlyWhatItHoldsAndTheLastOneStays() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let partial = try await harness.token("partial", [.tokensAdmin, .sourcesRead])
        _ = try await harness.user("root2", Permission.allCases, password: "root2-password")
        try await harness.run { client in
            let wider = try await client.call(.put, "/api/_private/users", json: ["user": [
                "username": "bo", "email": "b@example.com", "permissions": ["sources-admin"],
            ]], token: partial)
            #expect(wider.status == .forbidden)
            #expect(wider.message.contains("cannot grant sources-admin"), "\(wider.message)")

            // No one demotes or removes themselves by mistake.
            let demote = try await client.call(.post, "/api/_private/users/\(harness.admin.id)",
                                               json: ["user": ["permissions": ["sources-read"]]])
            #expect(demote.status == .forbidden, "\(demote.message)")
            #expect(demote.message.contains("your own permissions"), "\(demote.message)")
            let leave = try await client.call(.delete, "/api/_private/users/\(harness.admin.id)")
            #expect(leave.status == .forbidden, "\(leave.message)")

            // Another administrator may not remove the holder of the last administrator token either.
            let root2 = try await SessionTests.signIn(client, "root2", "root2-password")
            let remove = try await client.call(.delete, "/api/_private/users/\(harness.admin.id)", token: .some(nil),
                                               headers: root2.writeHeaders)
            #expect(remove.status == .conflict, "\(remove.message)")
            #expect(remove.message.contains("last token with tokens-admin"), "\(remove.message)")
            #expect(try await harness.store.user(id: harness.admin.id) != nil)
            // But may demote it, as long as an administrator remains: its tokens are narrowed to what it keeps.
            let demoted = try await client.call(.post, "/api/_private/users/\(harness.admin.id)",
                                                json: ["user": ["permissions": ["sources-read", "tokens-admin"]]],
                                                token: .some(nil), headers: root2.writeHeaders)
            #expect(demoted.status == .ok, "\(demoted.message)")
            #expect(try await harness.store.tokens().first { $0.name == "admin" }?.permissions
                == [.sourcesRead, .tokensAdmin])
        }
    }

    @Test func removingAUserRevokesItsTokens() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let bo = try await harness.user("bo", [.sourcesRead])
        let token = try await harness.token("bo-bot", [.sourcesRead], user: bo)
        try await harness.run { client in
            let before = try await client.call(.get, "/auth/user", token: token)
            #expect(before.status == .ok)
            #expect(try await client.call(.delete, "/api/_private/users/\(bo.id)").status == .ok)
            #expect(try await client.call(.get, "/auth/user", token: token).status == .unauthorized)
            #expect(try await harness.store.tokens().map(\.name) == ["admin"])
        }
    }

    @Test func yourOwnPasswordNeedsTheCurrentOneAndEndsYourSessions() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let ann = try await harness.user("ann", [.sourcesRead], password: "first-password")
        try await harness.run { client in
            let session = try await SessionTests.signIn(client, "ann", "first-password")
            let uri = "/api/_private/users/\(ann.id)"
            let missing = try await client.call(.post, uri, json: ["user": ["password": "second-password"]],
                                                token: .some(nil), headers: session.writeHeaders)
            #expect(missing.status == .badRequest)
            #expect(missing.json["field"] as? String == "user.current_password")
            let wrong = try await client.call(.post, uri, json: ["user": ["password": "second-password",
                                                                          "current_password": "guess-guess"]],
                                              token: .some(nil), headers: session.writeHeaders)
            #expect(wrong.status == .forbidden)
            let changed = try await client.call(.post, uri, json: ["user": ["password": "second-password",
                                                                            "current_password": "first-password"]],
                                                token: .some(nil), headers: session.writeHeaders)
            #expect(changed.status == .ok, "\(changed.message)")
            #expect(try await client.call(.get, "/auth/user", token: .some(nil), headers: session.headers)
                .status == .unauthorized, "a new password ends the sessions of the old one")
            _ = try await SessionTests.signIn(client, "ann", "second-password")
            // An administrator sets someone else's password without knowing the old one.
            let reset = try await client.call(.post, uri, json: ["user": ["password": "third-password"]])
            #expect(reset.status == .ok)
            _ = try await SessionTests.signIn(client, "ann", "third-password")
        }
    }

    @Test func aPasswordIsNeverAnsweredNorLoggedNorStoredInTheClear() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let password = "pw-\(UUID().uuidString)"
        try await LiveServer.run(harness, limits: .default) { server in
            let body = #"{"user":{"username":"cy","email":"cy@example.com","password":"\#(password)","#
                + #""permissions":["sources-read"]}}"#
            let created = try #require(try await server.request(
                "PUT /api/_private/users HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(harness.adminSecret)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"))
            #expect(created.status == 201)
            let login = #"{"login":"cy","password":"\#(password)"}"#
            let signedIn = try #require(try await server.request(
                "POST /api/_private/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(login.utf8.count)\r\n\r\n\(login)"))
            #expect(signedIn.status == 200)
            let wrong = #"{"login":"cy","password":"\#(password)x"}"#
            _ = try await server.request(
                "POST /api/_private/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: \(wrong.utf8.count)\r\n\r\n\(wrong)")
            for answer in [created, signedIn] {
                #expect(!String(decoding: answer.body, as: UTF8.self).contains(password))
                #expect(!answer.headers.values.contains { $0.contains(password) })
            }
            let logged = server.logs.entries.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
            #expect(logged.contains("signed in"), "\(logged)")
            #expect(!logged.contains(password), "\(logged)")
            #expect(!logged.contains("$scrypt$"))
            #expect(try CommandLineBytes.of(harness.folder).range(of: Data(password.utf8)) == nil)
        }
    }
}

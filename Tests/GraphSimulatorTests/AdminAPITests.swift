import Foundation
import GraphSimulator
import NIOHTTP1
import Testing

/// The admin API: the control API as JSON on its own port, 127.0.0.1 only.
@Suite struct AdminAPITests {
    func admin(_ port: Int, _ method: NIOHTTPMethod, _ path: String, _ json: String = "") async throws -> TestResponse {
        try await TestHTTP.send(
            port: port, method: method.nio, target: path,
            headers: [("Content-Type", "application/json")], body: Array(json.utf8))
    }

    @Test func drivesTheMailboxAndFailures() async throws {
        try await Fixture.withSimulator(adminPort: 0) { simulator, session in
            let port = try #require(simulator.adminPort)
            #expect(port != session.port)
            let mime = String(decoding: Fixture.message(7), as: UTF8.self).replacingOccurrences(
                of: "\r\n", with: "\\r\\n")
            let created = try await admin(
                port, .post, "/admin/mailboxes/\(Fixture.alice)/messages",
                "{\"mime\":\"\(mime)\",\"folder\":\"inbox\",\"receivedDateTime\":\"2026-03-02T11:00:00Z\"}")
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            let restID = try #require(created.json["restId"] as? String)
            let fetched = try await session.get("/v1.0/users/\(Fixture.alice)/messages/\(restID)")
            #expect(fetched.json["subject"] as? String == "Test message 7")
            #expect(fetched.json["receivedDateTime"] as? String == "2026-03-02T11:00:00Z")

            let folder = try await admin(
                port, .post, "/admin/mailboxes/\(Fixture.alice)/folders",
                "{\"displayName\":\"Projects\",\"parent\":\"inbox\"}")
            #expect(folder.status == 201)
            let moved = try await admin(
                port, .post, "/admin/mailboxes/\(Fixture.alice)/messages/\(id)/move",
                "{\"folder\":\"inbox/Projects\"}")
            #expect(moved.json["folderId"] as? String == folder.json["id"] as? String)
            let read = try await admin(
                port, .post, "/admin/mailboxes/\(Fixture.alice)/messages/\(id)/read", "{\"isRead\":true}")
            #expect(read.status == 200)

            let failure = try await admin(
                port, .post, "/admin/failures",
                "{\"failure\":\"throttled\",\"retryAfter\":0.5,\"endpoint\":\"folders\"}")
            #expect(failure.status == 200)
            let throttled = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders")
            #expect(throttled.status == 429)
            #expect(throttled.header("Retry-After") == "0.5")

            let listed = try await admin(port, .get, "/admin/mailboxes")
            let mailboxes = (try JSONSerialization.jsonObject(with: Data(listed.body))) as? [[String: Any]] ?? []
            #expect(mailboxes.compactMap { $0["address"] as? String } == [Fixture.alice, Fixture.bob])

            let deleted = try await admin(port, .delete, "/admin/mailboxes/\(Fixture.alice)/messages/\(id)")
            #expect(deleted.status == 200)
            let again = try await admin(port, .delete, "/admin/mailboxes/\(Fixture.alice)/messages/\(id)")
            #expect(again.status == 404)

            let bad = try await admin(port, .post, "/admin/failures", "{\"failure\":\"meteor\"}")
            #expect(bad.status == 400)
            #expect((bad.json["error"] as? String)?.contains("unknown failure 'meteor'") == true)
            let requests = try await admin(port, .get, "/admin/requests")
            #expect(requests.text.contains("\"status\":429"))
        }
    }

    @Test func invalidatesTokensAndSwitchesRESTOff() async throws {
        try await Fixture.withSimulator(adminPort: 0) { simulator, session in
            let port = try #require(simulator.adminPort)
            let round = try await session.deltaRound("/v1.0/users/\(Fixture.alice)/mailFolders/inbox/messages/delta")
            _ = try await admin(
                port, .post, "/admin/mailboxes/\(Fixture.alice)/invalidate-delta", "{\"folder\":\"inbox\"}")
            let gone = try await session.get(round.deltaLink)
            #expect(gone.status == 410)
            _ = try await admin(port, .post, "/admin/mailboxes/\(Fixture.alice)/rest", "{\"enabled\":false}")
            let off = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders")
            #expect(off.errorCode == "MailboxNotEnabledForRESTAPI")
            _ = try await admin(port, .post, "/admin/tokens/expire")
            let expired = try await session.get("/v1.0/users/\(Fixture.bob)/mailFolders")
            #expect(expired.status == 401)
        }
    }

    /// A stale `$skiptoken` answered with the 400 asked for; `after` lets matching requests through first.
    @Test func answersStaleSkipTokensAndFailsLaterRequests() async throws {
        try await Fixture.withSimulator(adminPort: 0) { simulator, session in
            let port = try #require(simulator.adminPort)
            for index in 1...3 { try simulator.deliver(Fixture.message(index), mailbox: Fixture.alice) }
            let first = try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders/inbox/messages/delta",
                                              headers: [("Prefer", "odata.maxpagesize=1")])
            let next = try #require(first.json["@odata.nextLink"] as? String)
            let refused = try await admin(port, .post, "/admin/mailboxes/\(Fixture.alice)/invalidate-delta",
                                          #"{"folder":"inbox","skipTokenAnswer":"comet"}"#)
            #expect(refused.status == 400)
            _ = try await admin(port, .post, "/admin/mailboxes/\(Fixture.alice)/invalidate-delta",
                                #"{"folder":"inbox","skipTokenAnswer":"ErrorInvalidSyncStateData"}"#)
            let stale = try await session.get(next, headers: [("Prefer", "odata.maxpagesize=1")])
            #expect(stale.status == 400)
            #expect(stale.errorCode == "ErrorInvalidSyncStateData")

            _ = try await admin(port, .post, "/admin/failures",
                                #"{"failure":"throttled","endpoint":"folders","after":1}"#)
            #expect(try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders").status == 200)
            #expect(try await session.get("/v1.0/users/\(Fixture.alice)/mailFolders").status == 429)
        }
    }
}

/// The few methods the admin tests use, so the test reads as the API's paths.
enum NIOHTTPMethod {
    case get, post, delete

    var nio: NIOHTTP1.HTTPMethod {
        switch self {
        case .get: .GET
        case .post: .POST
        case .delete: .DELETE
        }
    }
}

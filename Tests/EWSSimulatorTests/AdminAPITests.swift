import Foundation
import NIOHTTP1
import Testing

@testable import EWSSimulator

@Suite("The admin API under /_sim/")
struct AdminAPITests {
    static func withAdmin(_ body: (EWSSimulator, Int) async throws -> Void) async throws {
        var configuration = Fixture.configuration()
        configuration.adminAPI = true
        let simulator = EWSSimulator(configuration: configuration)
        let port = try await simulator.start()
        do {
            try await body(simulator, port)
        } catch {
            await simulator.stop()
            throw error
        }
        await simulator.stop()
    }

    /// One admin request: status and the JSON object of the answer.
    static func call(_ connection: TestHTTPConnection, _ method: String, _ path: String, json: Any? = nil,
                     raw: [UInt8] = []) async throws -> (Int, [String: Any]) {
        let body = try json.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? raw
        let response = try await connection.send(
            method: .init(rawValue: method), path: path, headers: [("Content-Type", "application/json")], body: body)
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        return (response.status, object)
    }

    @Test func deliverListMoveMarkReadDeleteAndCreateFolder() async throws {
        try await Self.withAdmin { simulator, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let (created, folder) = try await Self.call(
                    connection, "POST", "/_sim/folders", json: ["mailbox": Fixture.alice, "name": "Projects",
                                                                 "parent": "inbox"])
                #expect(created == 200)
                #expect(folder["id"] as? String == simulator.folder("Inbox/Projects", mailbox: Fixture.alice)
                    .flatMap { if case .id(let id) = $0 { id } else { nil } })
                let (status, delivered) = try await Self.call(
                    connection, "POST", "/_sim/deliver?mailbox=\(Fixture.alice)&folder=Inbox/Projects&read=true"
                        + "&received=2026-03-02T10:00:00Z", raw: Fixture.message(9))
                #expect(status == 200)
                let id = try #require(delivered["id"] as? String)
                let (_, listing) = try await Self.call(connection, "GET", "/_sim/items?mailbox=\(Fixture.alice)")
                let items = listing["items"] as? [[String: Any]] ?? []
                #expect(items.count == 1)
                #expect(items.first?["id"] as? String == id)
                #expect(items.first?["subject"] as? String == "Test message 9")
                #expect(items.first?["folder"] as? String == "Inbox/Projects")
                #expect(items.first?["is_read"] as? Bool == true)
                #expect(items.first?["received"] as? String == "2026-03-02T10:00:00Z")

                let (_, moved) = try await Self.call(connection, "POST", "/_sim/move",
                                                     json: ["id": id, "folder": "deleteditems"])
                let newID = try #require(moved["id"] as? String)
                #expect(newID != id)
                #expect(simulator.items(mailbox: Fixture.alice, in: .deletedItems).map(\.id) == [newID])
                let (_, marked) = try await Self.call(connection, "POST", "/_sim/mark-read",
                                                      json: ["id": newID, "read": false])
                #expect(marked["is_read"] as? Bool == false)
                #expect(simulator.items(mailbox: Fixture.alice).first?.isRead == false)
                let (deleted, _) = try await Self.call(connection, "POST", "/_sim/delete", json: ["id": newID])
                #expect(deleted == 200)
                #expect(simulator.items(mailbox: Fixture.alice).isEmpty)
                let (_, mailboxes) = try await Self.call(connection, "GET", "/_sim/mailboxes")
                let list = mailboxes["mailboxes"] as? [[String: Any]] ?? []
                #expect(list.compactMap { $0["address"] as? String } == [Fixture.alice, Fixture.bob, Fixture.shared])
                let paths = (list.first?["folders"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
                #expect(paths.contains("Inbox/Projects"))
            }
        }
    }

    @Test func scheduledFailuresHitTheNextRequestsOfThatOperation() async throws {
        try await Self.withAdmin { simulator, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let (status, answer) = try await Self.call(connection, "POST", "/_sim/failures", json: [
                    "failure": "server-busy", "back_off_ms": 1500, "operation": "FindItem", "count": 2,
                ])
                #expect(status == 200)
                #expect(answer["scheduled"] as? Int == 2)
                let (_, code) = try await Self.call(connection, "POST", "/_sim/failures", json: [
                    "failure": "response-code", "response_code": "ErrorMoveCopyFailed", "operation": "MoveItem",
                ])
                #expect(code["scheduled"] as? Int == 1)
                let soap = SOAPExchange(connection: connection)
                for _ in 0..<2 {
                    let busy = try await soap.send("FindItem", #"Traversal="Shallow""#, """
                        <m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>
                        <m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds>
                        """)
                    #expect(busy.status == 500)
                    #expect(busy.root.descendant("ResponseCode")?.text == "ErrorServerBusy")
                    #expect(busy.root.descendant("Value")?.text == "1500")
                }
                let message = try simulator.addMessage(Fixture.message(1), mailbox: Fixture.alice)
                let move = try await soap.send("MoveItem", "", """
                    <m:ToFolderId><t:DistinguishedFolderId Id="junkemail"/></m:ToFolderId>
                    <m:ItemIds><t:ItemId Id="\(try #require(simulator.itemID(of: message)))"/></m:ItemIds>
                    """)
                #expect(move.codes == ["ErrorMoveCopyFailed"])
                let (_, operations) = try await Self.call(connection, "GET", "/_sim/operations")
                #expect(operations["operations"] as? [String] == ["FindItem", "FindItem", "MoveItem"])
            }
        }
    }

    @Test func unauthorizedInjectionAnswers401AndForgetsTheLogin() async throws {
        try await Self.withAdmin { simulator, port in
            simulator.failNext(operation: "GetFolder", with: .unauthorized)
            try await TestHTTPConnection.with(port: port) { connection in
                let getFolder = """
                    <m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>
                    <m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds>
                    """
                let soap = SOAPExchange(connection: connection)
                let actual1 = try await soap.send("GetFolder", "", getFolder).status
                #expect(actual1 == 401)
                let actual2 = try await soap.send("GetFolder", "", getFolder).codes
                #expect(actual2 == ["NoError"])
            }
        }
    }

    @Test(arguments: [
        ("POST", "/_sim/failures", #"{"failure":"meltdown"}"#, "failure: unknown 'meltdown'"),
        ("POST", "/_sim/failures", #"{"failure":"http-429","count":0}"#, "count must be between 1 and 10000"),
        ("POST", "/_sim/failures", #"{"failure":"response-code"}"#, "response_code is required"),
        ("POST", "/_sim/move", #"{"id":"AAAA","folder":"inbox"}"#, "id: no item has the ItemId AAAA"),
        ("POST", "/_sim/move", "not json", "the body is not a JSON object"),
        ("POST", "/_sim/folders", #"{"mailbox":"nobody@contoso.com","name":"X"}"#, "mailbox: no mailbox nobody@"),
        ("POST", "/_sim/deliver?mailbox=alice@contoso.com&folder=Nowhere", "x", "has no folder 'Nowhere'"),
        ("POST", "/_sim/deliver?mailbox=alice@contoso.com&received=yesterday", "x", "received: 'yesterday'"),
        ("GET", "/_sim/items", "", "mailbox is required"),
    ])
    func mistakesAnswer400NamingTheField(method: String, path: String, body: String, message: String) async throws {
        try await Self.withAdmin { _, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let (status, answer) = try await Self.call(connection, method, path, raw: Array(body.utf8))
                #expect(status == 400)
                let error = answer["error"] as? String ?? ""
                #expect(error.contains(message), "\(error)")
            }
        }
    }

    @Test func withoutTheOptionThereIsNoAdminAPI() async throws {
        try await Fixture.withSimulator { _, port in
            try await TestHTTPConnection.with(port: port) { connection in
                let actual3 = try await connection.send(method: .GET, path: "/_sim/mailboxes").status
                #expect(actual3 == 404)
            }
        }
    }
}

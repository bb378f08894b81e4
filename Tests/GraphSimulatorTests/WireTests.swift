import Foundation
import Testing

@testable import GraphSimulator

/// The pure parts: path routing, query options, delta tokens, and the JSON reader (including random bytes).
@Suite struct WireTests {
    @Test(arguments: [
        ("/users/alice%40contoso.com/mailFolders", GraphRoute.folders(user: "alice@contoso.com")),
        ("/users('alice@contoso.com')/mailfolders('inbox')", .folder(user: "alice@contoso.com", folder: "inbox")),
        ("/users/a@b.c/mailFolders/inbox/messages/delta()", .messageDelta(user: "a@b.c", folder: "inbox")),
        ("/users/a@b.c/mailFolders('AAMk-_=')/messages/delta", .messageDelta(user: "a@b.c", folder: "AAMk-_=")),
        ("/users/a@b.c/mailFolders/delta()", .folderDelta(user: "a@b.c")),
        ("/users/a@b.c/mailFolders/inbox/childFolders/X/childFolders", .childFolders(user: "a@b.c", folder: "X")),
        ("/users/a@b.c/mailFolders/inbox/childFolders/X/messages/delta", .messageDelta(user: "a@b.c", folder: "X")),
        ("/users/a@b.c/messages/M/$value", .mime(user: "a@b.c", message: "M")),
        (
            "/users/a@b.c/messages/M/attachments/A/$value",
            .attachmentValue(user: "a@b.c", message: "M", attachment: "A")
        ),
        ("/subscriptions/S/reauthorize", .reauthorize(id: "S")),
    ])
    func routes(path: String, route: GraphRoute) {
        #expect(GraphRoute(path: path) == route)
    }

    @Test func unknownPathsAreNil() {
        for path in ["/users", "/groups/x", "/users/a/calendar", "/users/a/messages/M/extensions", "/"] {
            #expect(GraphRoute(path: path) == nil, "\(path)")
        }
    }

    @Test func queryOptions() throws {
        let options = QueryOptions(
            query: "%24select=id,subject&$filter=receivedDateTime+ge+2026-03-01T00:00:00.0000000Z&changeType=created")
        #expect(options.select == ["id", "subject"])
        let filter = try options.receivedDateTimeFilter().get()
        #expect(filter?.0 == .ge)
        #expect(filter?.1 == Date(timeIntervalSince1970: 1_772_323_200))
        #expect(options["changetype"] == "created")
        #expect(options.unsupportedSystemOption(allowed: ["$select", "$filter"]) == nil)
        #expect(QueryOptions(query: "$expand=x").unsupportedSystemOption(allowed: ["$select"]) == "$expand")
    }

    @Test func deltaTokensRoundTripAndRefuseEdits() throws {
        let token = DeltaToken(
            scope: .messages, mailboxGUID: Array(repeating: 7, count: 16), folderKey: 42,
            generation: 3, from: 10, until: 20, cursor: 4,
            options: DeltaOptions(
                select: ["subject"], receivedAfter: (.gt, Date(timeIntervalSince1970: 5)),
                changeType: "created", top: 7))
        let text = token.encoded
        #expect(text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }, "URL-safe as it is")
        #expect(DeltaToken(encoded: text) == token)
        var edited = Array(text)
        edited[edited.count / 2] = edited[edited.count / 2] == "A" ? "B" : "A"
        #expect(DeltaToken(encoded: String(edited)) == nil)
        #expect(DeltaToken(encoded: "") == nil)
    }

    @Test func jsonRoundTrips() throws {
        let value = JSONValue.object([
            ("a", .string("é\"\\\n\u{01}")), ("b", .array([.int(-3), .double(2.5), .bool(true), .null])),
            ("c", .object([])),
        ])
        #expect(JSONValue(parsing: value.encoded) == value)
        #expect(JSONValue(parsing: Array(#"{"x":"\ud83d\ude00"}"#.utf8))?["x"]?.stringValue == "😀")
        #expect(JSONValue(parsing: Array("{\"a\":1,}".utf8)) == nil)
        #expect(JSONValue(parsing: Array(String(repeating: "[", count: 10_000).utf8)) == nil, "depth is bounded")
    }

    /// Random and mutated bodies never crash the reader (it reads admin and subscription bodies from the network).
    @Test func jsonReaderSurvivesRandomBytes() {
        var generator = SystemRandomNumberGenerator()
        let sample = Array(#"{"changeType":"created","n":[1,2.5e3,-0,true,null],"s":"\u00e9"}"#.utf8)
        for round in 0..<20_000 {
            var bytes: [UInt8]
            if round % 2 == 0 {
                bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                    UInt8.random(in: 0...255, using: &generator)
                }
            } else {
                bytes = sample
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(
                        in: 0...255, using: &generator)
                }
            }
            _ = JSONValue(parsing: bytes)
        }
    }
}

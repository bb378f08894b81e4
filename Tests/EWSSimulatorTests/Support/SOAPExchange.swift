import Foundation
import Testing

@testable import EWSSimulator

/// Raw SOAP for the operations the EWS client doesn't send (MoveItem, CreateItem, …): wraps an operation element in
/// an envelope, sends it as alice (Basic) and reads the answer into an ``XMLNode`` tree.
struct SOAPExchange {
    static let messages = "http://schemas.microsoft.com/exchange/services/2006/messages"
    static let types = "http://schemas.microsoft.com/exchange/services/2006/types"

    let connection: TestHTTPConnection
    var user = "alice"
    var password = Fixture.alicePassword

    struct Answer {
        var status: Int
        var root: XMLNode

        /// The response messages of the answer (`m:<Op>ResponseMessage`), in order.
        var messages: [XMLNode] {
            root.child("Body")?.children.first?.child("ResponseMessages")?.children ?? []
        }

        var codes: [String] { messages.map { $0.child("ResponseCode")?.trimmedText ?? "" } }

        /// The `t:ItemId` values under `m:Items` of each message (nil for a message without one).
        var itemIDs: [String?] {
            messages.map { $0.child("Items")?.children.first?.child("ItemId")?.attribute("Id") }
        }

        /// The `t:Message` elements under `m:Items` of every message.
        var items: [XMLNode] { messages.flatMap { $0.child("Items")?.children ?? [] } }
    }

    /// Sends `<m:operation attributes>inner</m:operation>` and parses the answer.
    func send(_ operation: String, _ attributes: String = "", _ inner: String) async throws -> Answer {
        let body = """
            <?xml version="1.0" encoding="utf-8"?>
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="\(Self.messages)" \
            xmlns:t="\(Self.types)">
            <s:Header><t:RequestServerVersion Version="Exchange2016"/></s:Header>
            <s:Body><m:\(operation) \(attributes)>\(inner)</m:\(operation)></s:Body></s:Envelope>
            """
        let response = try await connection.send(
            headers: [("Content-Type", "text/xml; charset=utf-8"), ("Authorization", Fixture.basic(user, password))],
            body: Array(body.utf8))
        // A 401 or 503 carries HTML: an empty root then.
        let root = (try? XMLTreeReader.read(response.body))
            ?? XMLNode(name: "", namespace: "", attributes: [:], children: [], text: response.text)
        return Answer(status: response.status, root: root)
    }

    /// GetItem of one id with these field URIs (and IdOnly); the `t:Message`, or nil with the response code.
    func getItem(_ id: String, fields: [String], bodyType: String? = nil) async throws -> (XMLNode?, String) {
        let properties = fields.map { #"<t:FieldURI FieldURI="\#($0)"/>"# }.joined()
        let answer = try await send("GetItem", "", """
            <m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>\(bodyType.map { "<t:BodyType>\($0)</t:BodyType>" } ?? "")
            <t:AdditionalProperties>\(properties)</t:AdditionalProperties></m:ItemShape>
            <m:ItemIds><t:ItemId Id="\(id)"/></m:ItemIds>
            """)
        return (answer.items.first, answer.codes.first ?? "")
    }

    /// SyncFolderItems of a folder (`<t:DistinguishedFolderId Id="inbox"/>` or a FolderId element) from `state`:
    /// the new state and the changes as (kind, ItemId) pairs.
    func sync(_ folder: String, state: String?) async throws -> (state: String, changes: [(String, String)]) {
        let answer = try await send("SyncFolderItems", "", """
            <m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>
            <m:SyncFolderId>\(folder)</m:SyncFolderId>
            \(state.map { "<m:SyncState>\($0)</m:SyncState>" } ?? "")
            <m:MaxChangesReturned>512</m:MaxChangesReturned>
            """)
        let message = try #require(answer.messages.first)
        let changes = message.child("Changes")?.children.map { change -> (String, String) in
            let id = change.descendant("ItemId")?.attribute("Id") ?? ""
            return (change.name, id)
        } ?? []
        return (message.child("SyncState")?.trimmedText ?? "", changes)
    }

    static func folderID(_ id: String) -> String { #"<t:FolderId Id="\#(id)"/>"# }
    static func distinguished(_ name: String) -> String { #"<t:DistinguishedFolderId Id="\#(name)"/>"# }
}

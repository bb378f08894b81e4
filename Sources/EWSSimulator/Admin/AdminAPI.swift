import Foundation

/// The simulator's admin API under `/_sim/` (same port, 127.0.0.1, no authentication): change mailboxes the way
/// users and Exchange would, and schedule failures, from a shell script. JSON in and out; a mistake answers 400
/// with `{"error": "..."}` naming the field. Items are named by their current EWS ItemId, folders by well-known name
/// (`inbox`), FolderId or path (`Inbox/Projects`).
///
/// | request | does |
/// | --- | --- |
/// | `GET /_sim/mailboxes` | mailboxes with their folders (id, path, counts) |
/// | `GET /_sim/items?mailbox=M[&folder=F]` | items: id, subject, folder, is_read, received |
/// | `POST /_sim/deliver?mailbox=M[&folder=F][&read=true][&received=ISO8601]`, body: raw MIME | delivers a message |
/// | `POST /_sim/move {"id", "folder"}` | moves (new ItemId) |
/// | `POST /_sim/delete {"id"}` | hard-deletes |
/// | `POST /_sim/mark-read {"id", "read"}` | sets the read flag |
/// | `POST /_sim/folders {"mailbox", "name", "parent"}` | creates a folder |
/// | `POST /_sim/failures {"failure", "operation", "mailbox", "count", …}` | fails the next requests |
/// | `DELETE /_sim/failures` | drops scheduled failures |
/// | `GET /_sim/operations` | the EWS operations received so far |
struct AdminAPI: Sendable {
    let simulator: EWSSimulator

    static let paths = ["mailboxes", "items", "deliver", "move", "delete", "mark-read", "folders", "failures",
                        "operations"]

    struct Answer: Sendable {
        var status: Int
        var body: [UInt8]
    }

    struct Failure: Error {
        var status = 400
        var message: String
    }

    func handle(method: String, path: String, query: [String: String], body: [UInt8]) -> Answer {
        do {
            let result = try route(method: method, path: path, query: query, body: body)
            return Answer(status: 200, body: Self.json(result))
        } catch let failure as Failure {
            return Answer(status: failure.status, body: Self.json(["error": failure.message]))
        } catch let error as EWSSimulatorError {
            return Answer(status: 400, body: Self.json(["error": "\(error): \(error.detail)"]))
        } catch {
            return Answer(status: 400, body: Self.json(["error": "\(error)"]))
        }
    }

    private func route(method: String, path: String, query: [String: String], body: [UInt8]) throws -> Any {
        let name = path.hasPrefix("/_sim/") ? String(path.dropFirst("/_sim/".count)) : path
        switch (method, name) {
        case ("GET", "mailboxes"):
            return ["mailboxes": simulator.mailboxAddresses.map { address in
                ["address": address, "folders": simulator.folders(mailbox: address).map(Self.object)] as [String: Any]
            }]
        case ("GET", "items"):
            let mailbox = try mailbox(query["mailbox"], field: "mailbox")
            let folder = try query["folder"].map { reference in try self.folder(reference, mailbox: mailbox) }
            return ["items": simulator.items(mailbox: mailbox, in: folder).map(Self.object)]
        case ("POST", "deliver"):
            return try deliver(query: query, body: body)
        case ("POST", "move"):
            let fields = try object(body)
            let message = try item(fields)
            let folder = try self.folder(try string(fields, "folder"), mailbox: message.mailbox)
            try simulator.move(message, to: folder)
            return ["id": simulator.itemID(of: message) ?? ""]
        case ("POST", "delete"):
            try simulator.delete(try item(try object(body)))
            return ["deleted": true]
        case ("POST", "mark-read"):
            let fields = try object(body)
            let read = try fields["read"] == nil ? true : bool(fields, "read")
            let message = try item(fields)
            try simulator.markRead(message, read)
            return ["id": simulator.itemID(of: message) ?? "", "is_read": read]
        case ("POST", "folders"):
            let fields = try object(body)
            let mailbox = try mailbox(fields["mailbox"] as? String, field: "mailbox")
            let parent = try folder(fields["parent"] as? String ?? "msgfolderroot", mailbox: mailbox)
            let id = try simulator.createFolder(named: try string(fields, "name"), in: parent, mailbox: mailbox)
            return ["id": id]
        case ("POST", "failures"):
            return try scheduleFailure(try object(body))
        case ("DELETE", "failures"):
            simulator.clearFailures()
            return ["cleared": true]
        case ("GET", "operations"):
            return ["operations": simulator.receivedOperations]
        default:
            throw Failure(status: 404, message: "no such admin request: \(method) \(path) (see mailstream-ews-sim --help)")
        }
    }

    private func deliver(query: [String: String], body: [UInt8]) throws -> Any {
        let mailbox = try mailbox(query["mailbox"], field: "mailbox")
        let folder = try self.folder(query["folder"] ?? "inbox", mailbox: mailbox)
        guard !body.isEmpty else { throw Failure(message: "the body must be the message (RFC 5322 MIME)") }
        var received = Date()
        if let value = query["received"] {
            guard let date = ItemQuery.dateTime(value) else {
                throw Failure(message: "received: '\(value)' is not a date and time such as 2026-03-02T09:00:00Z")
            }
            received = date
        }
        let read: Bool
        switch query["read"]?.lowercased() {
        case nil, "false", "0": read = false
        case "true", "1": read = true
        case let other?: throw Failure(message: "read: '\(other)' is not true or false")
        }
        let message = try simulator.addMessage(body, to: folder, mailbox: mailbox, received: received, isRead: read)
        return ["id": simulator.itemID(of: message) ?? "", "folder_id": simulator.folderID(of: message) ?? ""]
    }

    // MARK: Reading the request

    private func object(_ body: [UInt8]) throws -> [String: Any] {
        guard !body.isEmpty else { throw Failure(message: "the body must be a JSON object") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] else {
            throw Failure(message: "the body is not a JSON object")
        }
        return object
    }

    func string(_ fields: [String: Any], _ name: String) throws -> String {
        guard let value = fields[name] else { throw Failure(message: "\(name) is required") }
        guard let text = value as? String, !text.isEmpty else { throw Failure(message: "\(name) must be a text") }
        return text
    }

    private func bool(_ fields: [String: Any], _ name: String) throws -> Bool {
        guard let value = fields[name] as? Bool else { throw Failure(message: "\(name) must be true or false") }
        return value
    }

    func mailbox(_ value: String?, field: String) throws -> String {
        guard let value, !value.isEmpty else { throw Failure(message: "\(field) is required (an SMTP address)") }
        guard simulator.mailboxAddresses.contains(where: { $0.caseInsensitiveCompare(value) == .orderedSame }) else {
            throw Failure(message: "\(field): no mailbox \(value) (known: "
                + simulator.mailboxAddresses.joined(separator: ", ") + ")")
        }
        return value
    }

    private func folder(_ reference: String, mailbox: String) throws -> SimulatedFolder {
        guard let folder = simulator.folder(reference, mailbox: mailbox) else {
            throw Failure(message: "folder: \(mailbox) has no folder '\(reference)' (a well-known name such as "
                + "inbox, a FolderId, or a path such as Inbox/Projects)")
        }
        return folder
    }

    private func item(_ fields: [String: Any]) throws -> SimulatedMessage {
        let id = try string(fields, "id")
        guard let message = simulator.message(itemID: id) else {
            throw Failure(message: "id: no item has the ItemId \(id) (GET /_sim/items lists them)")
        }
        return message
    }

    // MARK: Writing the answer

    private static func object(_ folder: SimulatedFolderInfo) -> [String: Any] {
        var object: [String: Any] = ["id": folder.id, "path": folder.path, "total_count": folder.totalCount,
                                     "unread_count": folder.unreadCount]
        if let name = folder.wellKnownName { object["well_known_name"] = name }
        return object
    }

    private static func object(_ item: SimulatedItemInfo) -> [String: Any] {
        var object: [String: Any] = ["id": item.id, "folder": item.folder, "folder_id": item.folderID,
                                     "is_read": item.isRead, "received": ItemWriter.dateTime(item.received)]
        if let subject = item.subject { object["subject"] = subject }
        if let id = item.internetMessageID { object["internet_message_id"] = id }
        return object
    }

    static func json(_ value: Any) -> [UInt8] {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return Array(data) + [0x0A]
    }
}

import EntraSimulator
import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore
import Synchronization

/// The control API as JSON over HTTP, for tests in other languages and for people: on its own port, bound to
/// 127.0.0.1 only. Paths (under `/admin`), bodies and answers are listed in README's Graph simulator section and
/// in `mailstream-graph-sim --help`; errors come back as `{"error": "…"}` with 400 or 404.
struct AdminAPI {
    let simulator: GraphSimulator

    struct Refusal: Error {
        var status: Int
        var message: String
    }

    func handle(method: String, path: String, body: [UInt8]) -> (Int, JSONValue) {
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let json = body.isEmpty ? JSONValue.object([]) : (JSONValue(parsing: body) ?? .null)
        guard json.members != nil else { return (400, Self.error("the body must be a JSON object")) }
        do {
            guard segments.first == "admin" else { throw Refusal(status: 404, message: "no such path") }
            return try route(method, Array(segments.dropFirst()), json)
        } catch let refusal as Refusal {
            return (refusal.status, Self.error(refusal.message))
        } catch let error as GraphSimulatorError {
            return (
                error == .unknownMailbox || error == .unknownMessage || error == .unknownFolder
                    || error == .unknownSubscription ? 404 : 400, Self.error(error.description)
            )
        } catch {
            return (400, Self.error("\(error)"))
        }
    }

    static func error(_ message: String) -> JSONValue { .object([("error", .string(message))]) }
    static let done = JSONValue.object([("ok", .bool(true))])

    private func route(_ method: String, _ path: [String], _ body: JSONValue) throws -> (Int, JSONValue) {
        switch (method, path.count, path.first) {
        case ("GET", 1, "mailboxes"): return (200, mailboxes())
        case ("POST", 1, "mailboxes"):
            let address = try string(body, "address")
            let userID = simulator.addMailbox(
                address, displayName: body["displayName"]?.stringValue,
                userID: body["userId"]?.stringValue)
            return (201, .object([("address", .string(address)), ("userId", .string(userID))]))
        case (_, _, "mailboxes") where path.count >= 3:
            return try mailboxRoute(method, path[1], Array(path.dropFirst(2)), body)
        case ("POST", 1, "failures"):
            simulator.failNext(
                try endpoint(body), mailbox: body["mailbox"]?.stringValue, with: try failure(body),
                count: Int(body["count"]?.doubleValue ?? 1), after: Int(body["after"]?.doubleValue ?? 0))
            return (200, Self.done)
        case ("DELETE", 1, "failures"):
            simulator.clearFailures()
            return (200, Self.done)
        case ("POST", 1, "response-delay"):
            simulator.setResponseDelay(.milliseconds(Int(try number(body, "milliseconds"))))
            return (200, Self.done)
        case ("POST", 2, "tokens") where path[1] == "expire":
            simulator.expireIssuedTokens()
            return (200, Self.done)
        case ("POST", 1, "token-failures"):
            let kind = try string(body, "failure")
            let failure: EntraTokenFailure
            switch kind {
            case "serviceUnavailable": failure = .serviceUnavailable
            case "throttled": failure = .throttled(retryAfter: Int(body["retryAfter"]?.doubleValue ?? 1))
            default: throw Refusal(status: 400, message: "failure must be serviceUnavailable or throttled")
            }
            simulator.failNextTokenRequests(with: failure, count: Int(body["count"]?.doubleValue ?? 1))
            return (200, Self.done)
        case ("POST", 3, "applications"): return try applicationRoute(path[1], path[2], body)
        case ("GET", 1, "requests"):
            return (
                200,
                .array(
                    simulator.receivedRequests.map { record in
                        .object([
                            ("method", .string(record.method)), ("target", .string(record.target)),
                            ("endpoint", .optional(record.endpoint?.rawValue)), ("status", .int(record.status)),
                        ])
                    })
            )
        case ("GET", 1, "subscriptions"): return (200, .array(simulator.subscriptionIDs.map(JSONValue.string)))
        case ("POST", 3, "subscriptions") where path[2] == "lifecycle":
            guard let event = GraphLifecycleEvent(rawValue: try string(body, "event")) else {
                throw Refusal(
                    status: 400, message: "event must be subscriptionRemoved, missed or reauthorizationRequired")
            }
            try simulator.sendLifecycleEvent(event, subscriptionID: path[1])
            return (200, Self.done)
        case ("GET", 1, "deliveries"):
            return (
                200,
                .array(
                    simulator.notificationDeliveries.map { delivery in
                        .object([
                            ("kind", .string(delivery.kind.rawValue)),
                            ("subscriptionId", .optional(delivery.subscriptionID)),
                            ("url", .string(delivery.url)), ("status", delivery.status.map(JSONValue.int) ?? .null),
                        ])
                    })
            )
        default:
            throw Refusal(status: 404, message: "no such path: \(method) /admin/\(path.joined(separator: "/"))")
        }
    }

    private func mailboxRoute(
        _ method: String, _ mailbox: String, _ path: [String],
        _ body: JSONValue
    ) throws -> (Int, JSONValue) {
        switch (method, path.count, path[0]) {
        case ("POST", 1, "folders"):
            let parent = body["parent"]?.stringValue.map(GraphFolderReference.init(text:)) ?? .top
            let id = try simulator.createFolder(named: try string(body, "displayName"), in: parent, mailbox: mailbox)
            return (201, .object([("id", .string(id))]))
        case ("GET", 1, "messages"):
            let folder = GraphFolderReference(text: body["folder"]?.stringValue ?? "inbox")
            return (200, .array(try simulator.messages(in: folder, mailbox: mailbox).map(describe)))
        case ("POST", 1, "messages"):
            let mime: [UInt8]
            if let text = body["mime"]?.stringValue {
                mime = Array(text.utf8)
            } else if let base64 = body["mimeBase64"]?.stringValue, let data = Data(base64Encoded: base64) {
                mime = Array(data)
            } else {
                throw Refusal(status: 400, message: "give the message as mime (text) or mimeBase64")
            }
            var received = Date()
            if let text = body["receivedDateTime"]?.stringValue {
                guard let date = GraphDate.parse(text) else {
                    throw Refusal(status: 400, message: "receivedDateTime is not an ISO 8601 instant: \(text)")
                }
                received = date
            }
            let handle = try simulator.deliver(
                mime, to: GraphFolderReference(text: body["folder"]?.stringValue ?? "inbox"),
                mailbox: mailbox, received: received,
                isRead: body["isRead"]?.boolValue ?? false)
            return (201, describe(handle))
        case ("POST", 1, "invalidate-delta"):
            let answer = try body["skipTokenAnswer"]?.stringValue.map { name in
                guard let answer = StaleSkipTokenAnswer(rawValue: name) else {
                    throw Refusal(status: 400, message: "skipTokenAnswer must be one of "
                                    + StaleSkipTokenAnswer.allCases.map(\.rawValue).joined(separator: ", "))
                }
                return answer
            }
            try simulator.invalidateDeltaTokens(
                mailbox: mailbox,
                folder: body["folder"]?.stringValue.map(GraphFolderReference.init(text:)), skipTokenAnswer: answer)
            return (200, Self.done)
        case ("POST", 1, "rest"):
            guard let enabled = body["enabled"]?.boolValue else {
                throw Refusal(status: 400, message: "enabled is required")
            }
            try simulator.setRESTEnabled(enabled, mailbox: mailbox)
            return (200, Self.done)
        case (_, _, "messages") where path.count >= 2:
            guard let message = simulator.message(id: path[1], mailbox: mailbox) else {
                throw Refusal(status: 404, message: "no message \(path[1]) in \(mailbox)")
            }
            switch (method, path.count > 2 ? path[2] : nil) {
            case ("DELETE", nil): try simulator.delete(message)
            case ("POST", "move"):
                try simulator.move(message, to: GraphFolderReference(text: try string(body, "folder")))
            case ("POST", "read"): try simulator.markRead(message, body["isRead"]?.boolValue ?? true)
            case ("GET", nil): break
            default: throw Refusal(status: 404, message: "no such path")
            }
            return (200, describe(message))
        default:
            throw Refusal(status: 404, message: "no such path")
        }
    }

    private func applicationRoute(_ clientID: String, _ action: String, _ body: JSONValue) throws -> (Int, JSONValue) {
        switch action {
        case "expire-secrets": simulator.expireSecrets(clientID: clientID)
        case "enabled":
            guard let enabled = body["enabled"]?.boolValue else {
                throw Refusal(status: 400, message: "enabled is required")
            }
            simulator.setApplicationEnabled(enabled, clientID: clientID)
        case "access-policy":
            let allowed = body["allowedMailboxes"]?.arrayValue.map { Set($0.compactMap(\.stringValue)) }
            simulator.setApplicationAccessPolicy(clientID: clientID, allowedMailboxes: allowed)
        default: throw Refusal(status: 404, message: "no such path")
        }
        return (200, Self.done)
    }

    private func describe(_ message: GraphMessageHandle) -> JSONValue {
        .object([
            ("id", .string(message.immutableID)), ("restId", .optional(simulator.restID(of: message))),
            ("folderId", .optional(simulator.folderID(of: message))),
        ])
    }

    private func mailboxes() -> JSONValue {
        let records = simulator.state.withLock { state in
            state.store.mailboxes.values.sorted { $0.address < $1.address }
        }
        return .array(
            records.map { mailbox in
                .object([
                    ("address", .string(mailbox.address)), ("userId", .string(mailbox.userID)),
                    (
                        "folders",
                        .array(
                            mailbox.mailFolderTree().map { folder in
                                .object([
                                    ("id", .string(folder.id)), ("displayName", .string(folder.displayName)),
                                    ("parentFolderId", .optional(folder.parentKey.flatMap { mailbox.folders[$0]?.id })),
                                    ("wellKnownName", .optional(folder.wellKnownName)),
                                ])
                            })
                    ),
                ])
            })
    }

    private func string(_ body: JSONValue, _ field: String) throws -> String {
        guard let value = body[field]?.stringValue, !value.isEmpty else {
            throw Refusal(status: 400, message: "\(field) is required")
        }
        return value
    }

    private func number(_ body: JSONValue, _ field: String) throws -> Double {
        guard let value = body[field]?.doubleValue, value >= 0 else {
            throw Refusal(status: 400, message: "\(field) must be a number ≥ 0")
        }
        return value
    }

    private func endpoint(_ body: JSONValue) throws -> GraphEndpoint? {
        guard let name = body["endpoint"]?.stringValue else { return nil }
        guard let endpoint = GraphEndpoint(rawValue: name) else {
            throw Refusal(
                status: 400,
                message: "endpoint must be one of "
                    + GraphEndpoint.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return endpoint
    }

    private func failure(_ body: JSONValue) throws -> GraphFailure {
        let name = try string(body, "failure")
        guard let failure = GraphFailure(name: name, retryAfter: body["retryAfter"]?.doubleValue) else {
            throw Refusal(
                status: 400,
                message: "unknown failure '\(name)': use " + GraphFailure.names.dropLast().joined(separator: ", ")
                    + " or " + (GraphFailure.names.last ?? ""))
        }
        return failure
    }
}

extension GraphSimulator {
    func adminRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { [self] request, _ in
            let body = try await request.body.collect(upTo: 32 * 1024 * 1024)
            let path = request.uri.path
            if request.method == .get, let query = request.uri.query {
                // GET /admin/mailboxes/{m}/messages?folder=… reads its folder from the query.
                let folder = QueryOptions(query: query)["folder"]
                let (status, json) = AdminAPI(simulator: self).handle(
                    method: "GET", path: path,
                    body: folder.map { JSONValue.object([("folder", .string($0))]).encoded } ?? [])
                return Self.adminResponse(status, json)
            }
            let (status, json) = AdminAPI(simulator: self).handle(
                method: request.method.rawValue, path: path,
                body: Array(buffer: body))
            return Self.adminResponse(status, json)
        }
        for method in [HTTPRequest.Method.get, .post, .delete] { router.on("/admin/**", method: method, use: handler) }
        return router
    }

    private static func adminResponse(_ status: Int, _ json: JSONValue) -> Response {
        Response(
            status: HTTPResponse.Status(code: status), headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.encoded)))
    }
}

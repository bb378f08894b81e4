import API
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import SQLiteStore
import Store
import Testing

/// The document's own examples run, in order, against a fresh server: each operation's path, query and body
/// examples are sent, and each answers the operation's documented success. Ids the server makes (tokens, buckets,
/// sources, datasets, sequence ids) are carried over from each documented answer example to the live answer, so a
/// later example naming the documented id reaches the object the earlier one made.
///
/// Creations (PUT) run first, then updates and actions (POST), then reads (GET), then deletions (DELETE) in reverse
/// order, each phase in the document's order. One call can't be reached from examples alone: an attachment comes
/// only from synced mail, so an email with one is synced first and its reference stands for the documented one.
@Suite struct OpenAPIExampleRunTests {
    struct Call: CustomStringConvertible {
        let method: String
        let path: String
        let operation: [String: Any]
        let parameters: [[String: Any]]
        let order: Int
        var description: String { "\(method.uppercased()) \(path)" }
    }

    @Test func everyExampleRunsAgainstAFreshServer() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let responder = MailstreamApplication.responder(store: harness.store, connectors: APIHarness.connectors,
                                                        sources: IntegrationRouteTests.FakeSources())
        let app = Application(router: responder)
        try await app.test(.router) { client in
            let client = APIHarness.Client(client: client, admin: harness.adminSecret)
            let document = try OpenAPIDocumentTests.document()
            let validator = JSONSchemaValidator(document: document)
            let text = try String(contentsOf: OpenAPIDocumentTests.documentURL, encoding: .utf8)
            let calls = try Self.calls(in: document, text: text, validator: validator)
            #expect(calls.count > 40)
            var ids: [String: String] = [:]
            // The documented notification and integration stand for an admin's notification made now (only the
            // engine makes notifications).
            let now = Date()
            try await harness.store.saveIntegration(Integration(
                id: "int-notify-tour", owner: "ops", name: "notify-tour", kind: Integration.Kind("imap"),
                connection: ConnectionSettings(fields: ["host": .string("imap.example.com")], secrets: [:]),
                mailboxes: [], createdAt: now, updatedAt: now))
            try await harness.store.recordError(IntegrationError(
                id: "tour", integrationID: "int-notify-tour", kind: .invalidIMAPCredentials, errorText: "refused",
                fullErrorText: "NO", action: .integrationDisabled, createdAt: now))
            ids["7c1d2e3f4a5b6c7d"] = "int-notify-tour"
            ids["9a8b7c6d5e4f3a2b"] = try #require(try await harness.store.notifications(
                userID: harness.admin.id, projects: nil, unreadOnly: false, offset: 0, limit: 1).notifications.first?.id)
            var seeded = false
            for call in calls {
                if call.method == "get", !seeded {
                    // The attachment's documented reference stands for the one of an email synced now.
                    let (source, comment) = try await harness.syncedEmail(messageID: "attachment-tour@example.com",
                                                                          attachment: Array("%PDF-1.4".utf8))
                    let stored = try await harness.store.comment(sourceID: source.id, id: comment.id)
                    let live = try #require(stored?.comment.attachments.first?.attachmentReference)
                    ids[Self.exampleReference(in: calls) ?? ""] = live
                    seeded = true
                }
                for body in Self.bodies(of: call.operation, validator) {
                    let uri = Self.substitute(try Self.uri(for: call, validator: validator), ids)
                    let raw = try body.map {
                        Self.substitute(String(decoding: try OpenAPIWalk.canonical($0), as: UTF8.self), ids)
                    }
                    let answer = try await client.call(.init(call.method.uppercased())!, uri,
                                                       raw: raw.map { Array($0.utf8) })
                    let expected = Self.successStatus(of: call.operation)
                    #expect(answer.status.code == expected,
                            "\(call) \(uri) answered \(answer.status.code) (\(answer.message)), documented \(expected)")
                    guard answer.status.code == expected,
                          let documented = Self.answerExample(of: call.operation, status: expected, validator),
                          let live = try? JSONSerialization.jsonObject(with: Data(answer.bytes)) else { continue }
                    Self.collectIDs(documented: documented, live: live, into: &ids)
                }
            }
        }
    }

    /// The operations in run order (see the type's comment).
    static func calls(in document: [String: Any], text: String, validator: JSONSchemaValidator) throws -> [Call] {
        let paths = try #require(document["paths"] as? [String: Any])
        var calls: [Call] = []
        for (path, item) in paths {
            let item = item as? [String: Any] ?? [:]
            let order = text.range(of: "\"\(path)\": {").map { text.distance(from: text.startIndex, to: $0.lowerBound) }
                ?? .max
            let shared = item["parameters"] as? [[String: Any]] ?? []
            for method in ["put", "post", "get", "delete"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                let own = operation["parameters"] as? [[String: Any]] ?? []
                calls.append(Call(method: method, path: path, operation: operation,
                                  parameters: (shared + own).compactMap {
                                      OpenAPIWalk.dereference($0, validator) as? [String: Any]
                                  }, order: order))
            }
        }
        let phase = ["put": 0, "post": 1, "get": 2, "delete": 3]
        return calls.sorted { lhs, rhs in
            let (left, right) = (phase[lhs.method]!, phase[rhs.method]!)
            if left != right { return left < right }
            return left == 3 ? lhs.order > rhs.order : lhs.order < rhs.order
        }
    }

    /// The path with its parameters' examples, and the query parameters that have a non-null example.
    static func uri(for call: Call, validator: JSONSchemaValidator) throws -> String {
        var path = call.path
        var query: [String] = []
        for parameter in call.parameters {
            let name = try #require(parameter["name"] as? String)
            let example = parameter["example"] ?? (parameter["schema"] as? [String: Any])?["example"]
            let values: [Any] = (example as? [Any]) ?? (example.map { [$0] } ?? [])
            let texts = values.compactMap { value -> String? in
                value is NSNull ? nil : (value as? String) ?? "\(value)"
            }
            switch parameter["in"] as? String {
            case "path":
                let value = try #require(texts.first, "\(call): path parameter \(name) has no example")
                let encoded = value.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/"]))
                path = path.replacingOccurrences(of: "{\(name)}", with: encoded ?? value)
            case "query":
                for value in texts {
                    query.append("\(name)=\(value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? value)")
                }
            default:
                break
            }
        }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }

    /// The request body examples (`example`, or each of `examples` in name order); one nil when there is no body.
    static func bodies(of operation: [String: Any], _ validator: JSONSchemaValidator) -> [Any?] {
        let media = ((operation["requestBody"] as? [String: Any])?["content"] as? [String: Any])?["application/json"]
            as? [String: Any]
        guard let media else { return [nil] }
        if let example = media["example"] { return [example] }
        let named = media["examples"] as? [String: Any] ?? [:]
        return named.sorted { $0.key < $1.key }.map {
            (OpenAPIWalk.dereference($0.value, validator) as? [String: Any])?["value"]
        }
    }

    static func successStatus(of operation: [String: Any]) -> Int {
        let codes = (operation["responses"] as? [String: Any] ?? [:]).keys.compactMap(Int.init)
        return codes.filter { (200..<300).contains($0) }.min() ?? 200
    }

    static func answerExample(of operation: [String: Any], status: Int, _ validator: JSONSchemaValidator) -> Any? {
        guard let response = (operation["responses"] as? [String: Any])?[String(status)],
              let resolved = OpenAPIWalk.dereference(response, validator) as? [String: Any],
              let media = (resolved["content"] as? [String: Any])?["application/json"] as? [String: Any] else {
            return nil
        }
        return media["example"]
            ?? ((media["examples"] as? [String: Any])?.sorted { $0.key < $1.key }.first?.value as? [String: Any])?["value"]
    }

    /// The documented example reference of the attachment download, to stand for a live one.
    static func exampleReference(in calls: [Call]) -> String? {
        let download = calls.first { $0.path == "/api/v1/attachments/{reference}" }
        return download?.parameters.first { $0["name"] as? String == "reference" }?["example"] as? String
    }

    /// Records documented → live for ids the server makes: `id`, `*_id`, `continuation`, `sequence_id`, and the
    /// ids inside `source_ids`.
    static func collectIDs(documented: Any, live: Any, key: String = "", into ids: inout [String: String]) {
        switch (documented, live) {
        case (let left as [String: Any], let right as [String: Any]):
            for (name, value) in left { if let other = right[name] { collectIDs(documented: value, live: other, key: name, into: &ids) } }
        case (let left as [Any], let right as [Any]):
            for (value, other) in zip(left, right) { collectIDs(documented: value, live: other, key: key, into: &ids) }
        case (let left as String, let right as String):
            let carried = key == "id" || key.hasSuffix("_id") || key == "source_ids" || key == "continuation"
            if carried, left != right, left.count >= 8, ids[left] == nil { ids[left] = right }
        default:
            break
        }
    }

    static func substitute(_ text: String, _ ids: [String: String]) -> String {
        ids.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
    }
}

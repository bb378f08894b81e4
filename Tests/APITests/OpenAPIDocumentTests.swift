import API
import Foundation
import Hummingbird
import Store
import Testing

/// The OpenAPI document (Sources/API/openapi.json) is valid in itself, its examples match its schemas, it lists
/// exactly the router's routes, and it is served.
@Suite struct OpenAPIDocumentTests {
    /// Found from this file's place in the package: Tests/APITests/ → the package root.
    static let documentURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/API/openapi.json")

    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    static func document() throws -> [String: Any] {
        let data = try Data(contentsOf: documentURL)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func documentIsOpenAPI31AndEveryReferenceResolves() throws {
        let document = try Self.document()
        #expect(document["openapi"] as? String == "3.1.0")
        let info = try #require(document["info"] as? [String: Any])
        #expect((info["title"] as? String)?.isEmpty == false)
        #expect((info["version"] as? String)?.isEmpty == false)
        #expect((document["paths"] as? [String: Any])?.isEmpty == false)
        let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
        #expect((schemes?["bearer"] as? [String: Any])?["scheme"] as? String == "bearer")

        let validator = JSONSchemaValidator(document: document)
        let references = OpenAPIWalk.references(in: document)
        #expect(references.count > 100)
        let unresolved = references.filter { validator.resolve($0.reference) == nil }
            .map { "\($0.location): \($0.reference)" }
        #expect(unresolved.isEmpty, "unresolved $refs:\n\(unresolved.joined(separator: "\n"))")
    }

    @Test func everyExampleMatchesItsSchema() throws {
        let document = try Self.document()
        let validator = JSONSchemaValidator(document: document)
        let examples = OpenAPIWalk.examples(in: document, validator: validator)
        #expect(examples.count > 100)
        for example in examples {
            let errors = validator.errors(in: example.value, against: example.schema)
            #expect(errors.isEmpty, "example at \(example.location):\n\(errors.joined(separator: "\n"))")
        }
    }

    @Test func everyOperationIsDescribedWithExamples() throws {
        let document = try Self.document()
        let validator = JSONSchemaValidator(document: document)
        let paths = try #require(document["paths"] as? [String: Any])
        var operationIDs: [String] = []
        for (path, item) in paths {
            let item = try #require(item as? [String: Any])
            for method in Self.methods {
                guard let operation = item[method] as? [String: Any] else { continue }
                let name = "\(method.uppercased()) \(path)"
                operationIDs.append(operation["operationId"] as? String ?? "")
                #expect((operation["summary"] as? String)?.isEmpty == false, "\(name) has no summary")
                let description = operation["description"] as? String ?? ""
                let isOpen = (operation["security"] as? [Any])?.isEmpty == true
                #expect(description.contains(isOpen ? "No authentication." : "Needs "),
                        "\(name) does not say which permission it needs")
                if let body = operation["requestBody"] as? [String: Any] {
                    #expect(OpenAPIWalk.mediaTypesWithoutExamples(body).isEmpty, "\(name): request without example")
                }
                let responses = try #require(operation["responses"] as? [String: Any], "\(name) has no responses")
                let successes = responses.filter { $0.key.hasPrefix("2") }
                #expect(!successes.isEmpty, "\(name) has no success response")
                for (status, response) in successes {
                    let response = try #require(OpenAPIWalk.dereference(response, validator) as? [String: Any])
                    #expect(OpenAPIWalk.mediaTypesWithoutExamples(response).isEmpty,
                            "\(name) \(status): answer without example")
                }
                if !isOpen { #expect(responses["401"] != nil, "\(name) does not document 401") }
            }
        }
        #expect(operationIDs.count == Set(operationIDs).count, "operationIds repeat")
        #expect(!operationIDs.contains(""), "an operation has no operationId")
    }

    /// The validator can fail: a comment wrong in ten ways gets exactly those ten errors.
    @Test func validatorRejectsAWrongComment() throws {
        let document = try Self.document()
        let validator = JSONSchemaValidator(document: document)
        let text = """
            {"id": "6a", "uid": "s.6a", "source_id": "s", "timestamp": "yesterday", "thread_id": 7,
             "messages": [{"to": [], "cc": [], "bcc": [], "body": {"text": "hi"}, "subject": "hi"}],
             "user_properties": {"colour:Folder": "INBOX", "number:Messages": "3"}, "text_format": "rich",
             "attachments": [{"name": "a.pdf", "size": -1, "content_type": "application/pdf", "inline": 1}],
             "created_at": "2025-01-06T10:15:00Z", "last_modified": "2025-02-30T10:15:00Z", "extra": true}
            """
        let comment = try JSONSerialization.jsonObject(with: Data(text.utf8))
        let errors = validator.errors(in: comment, against: ["$ref": "#/components/schemas/Comment"])
        for expected in ["$.timestamp:", "$.thread_id: expected string", "$.messages[0].subject: expected object",
                         "$.user_properties[\"colour:Folder\"]:", "$.user_properties[\"number:Messages\"]:",
                         "$.text_format:", "$.attachments[0].size:", "$.attachments[0].inline: expected boolean",
                         "$.last_modified:", "$.extra:"] {
            #expect(errors.contains { $0.hasPrefix(expected) }, "no error \(expected)… in \(errors)")
        }
        #expect(errors.count == 10, "\(errors)")
    }

    /// Each keyword of the validator, on its own.
    @Test(arguments: ValidatorFixture.all)
    func validatorAppliesEachKeyword(_ fixture: ValidatorFixture) throws {
        let schema = try JSONSerialization.jsonObject(with: Data(fixture.schema.utf8), options: .fragmentsAllowed)
        let value = try JSONSerialization.jsonObject(with: Data(fixture.value.utf8), options: .fragmentsAllowed)
        let document: [String: Any] = ["components": ["schemas": ["Named": ["type": "string", "minLength": 2]]]]
        let errors = JSONSchemaValidator(document: document).errors(in: value, against: schema)
        #expect(errors.isEmpty == fixture.valid, "\(fixture.value) against \(fixture.schema): \(errors)")
    }

    @Test func documentedOperationsAreExactlyTheRoutes() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let router = MailstreamApplication.router(store: harness.store)
        let routes = Set(router.routes.map { "\($0.method) \($0.path)" })
        let paths = try #require(try Self.document()["paths"] as? [String: Any])
        var documented = Set<String>()
        for (path, item) in paths {
            for method in Self.methods where (item as? [String: Any])?[method] != nil {
                documented.insert("\(method.uppercased()) \(path)")
            }
        }
        #expect(routes.subtracting(documented).sorted() == [], "routes missing from openapi.json")
        #expect(documented.subtracting(routes).sorted() == [], "documented operations that are not routes")
    }

    @Test func documentIsServedWithoutAToken() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        let file = try Data(contentsOf: Self.documentURL)
        try await harness.run { client in
            let answer = try await client.call(.get, "/api/openapi.json", token: .some(nil))
            #expect(answer.status == .ok)
            #expect(answer.headers[.contentType]?.hasPrefix("application/json") == true)
            let served = try JSONSerialization.jsonObject(with: Data(answer.bytes))
            let expected = try JSONSerialization.jsonObject(with: file)
            #expect(try OpenAPIWalk.canonical(served) == OpenAPIWalk.canonical(expected))
        }
    }

    /// Real answers, successes and errors, match the schemas the document gives for them.
    @Test func answersMatchTheirDocumentedSchemas() async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.syncedEmail(attachment: Array("%PDF-1.4 tour".utf8))
        try await harness.run { client in
            let document = try Self.document()
            let validator = JSONSchemaValidator(document: document)
            let listed = try await client.call(.get, "/api/_private/sources/ops/mail/comments")
            let commentID = try #require((listed.json["comments"] as? [[String: Any]])?.first?["id"] as? String)
            for call in TourCall.all(commentID: commentID) {
                let token: String?? = call.authenticated ? .none : .some(nil)
                let answer = try await client.call(call.method, call.uri, raw: call.body.map { Array($0.utf8) },
                                                   token: token)
                let name = "\(call.method) \(call.uri)"
                #expect(answer.status.code == call.status, "\(name) answered \(answer.status.code) \(answer.message)")
                let schema = OpenAPIWalk.answerSchema(in: document, validator, path: call.path,
                                                      method: "\(call.method)".lowercased(), status: answer.status.code)
                guard let schema else {
                    Issue.record("\(name): the document has no JSON answer \(answer.status.code) for it")
                    continue
                }
                let json = try JSONSerialization.jsonObject(with: Data(answer.bytes))
                let errors = validator.errors(in: json, against: schema)
                #expect(errors.isEmpty, "\(name):\n\(errors.joined(separator: "\n"))")
            }
        }
    }
}

/// One call of a tour of the API: what to send, the documented path it is an operation of, and the status expected.
struct TourCall: Sendable {
    let method: HTTPRequest.Method
    let uri: String
    let path: String
    let body: String?
    let status: Int
    let authenticated: Bool

    init(_ method: HTTPRequest.Method, _ uri: String, path: String? = nil, body: String? = nil, status: Int = 200,
         authenticated: Bool = true) {
        self.method = method
        self.uri = uri
        self.path = path ?? uri
        self.body = body
        self.status = status
        self.authenticated = authenticated
    }

    /// Over the harness's `ops/mail` source (one synced email with an attachment), in an order where each call
    /// finds what the earlier ones made.
    static func all(commentID: String) -> [TourCall] {
        let bucket = "/api/_private/buckets/{owner}/{name}"
        let source = "/api/v1/sources/{owner}/{name}"
        let dataset = "/api/v1/datasets/{owner}/{name}"
        let integration = "/api/_private/integrations/{owner}/{name}"
        let comment = #"{"id": "t1", "timestamp": "2025-01-06T10:00:00Z", "user_properties": "#
            + #"{"string:Folder": "INBOX", "number:Priority": 2}, "messages": [{"from": "ann@example.com", "#
            + #""to": ["ops@example.com"], "subject": {"text": "Hi"}, "body": {"text": "hello"}}]}"#
        let rawEmail = #"{"raw_email": {"headers": {"parsed": {"Message-ID": "<raw@example.com>", "#
            + #""From": "Ann <ann@example.com>", "To": ["ops@example.com"], "Subject": "Invoice", "#
            + #""Date": "Mon, 6 Jan 2025 10:15:00 +0000"}}, "body": {"plain": "Please pay.\n\nAnn"}}}"#
        let connection = #"{"host": "imap.example.com", "port": 993, "security": "tls", "username": "svc", "#
            + #""password": "pw"}"#
        let mailbox = #"{"email": "support@example.com", "folder_denylist": [["Junk"]], "#
            + #""bucket_specification": {"project_name": "ops", "name": "mail"}}"#
        let filter = #"{"user_properties": {"string:Folder": {"one_of": ["INBOX"]}}, "#
            + #""timestamp": {"minimum": "2020-01-01T00:00:00Z"}}"#
        return [
            TourCall(.get, "/healthz"),
            TourCall(.get, "/api/v1/sources", status: 401, authenticated: false),
            TourCall(.get, "/api/v1/tokens"),
            TourCall(.post, "/api/v1/tokens", body: #"{"name": "tour", "permissions": ["sources-read"], "#
                + #""projects": ["ops"]}"#, status: 201),
            TourCall(.get, "/api/_private/buckets"),
            TourCall(.get, "/api/_private/buckets/ops/mail", path: bucket),
            TourCall(.post, "/api/_private/buckets/ops/mail", path: bucket, body: #"{"bucket": {"title": "Mail"}}"#),
            TourCall(.put, "/api/_private/buckets/ops/mail", path: bucket, body: "{}", status: 409),
            TourCall(.post, "/api/_private/buckets/ops/mail/emails", path: bucket + "/emails", body: #"{"limit": 1}"#),
            TourCall(.get, "/api/_private/buckets/ops/mail/emails?id=\(commentID)", path: bucket + "/emails"),
            TourCall(.get, "/api/_private/buckets/ops/mail/statistics", path: bucket + "/statistics"),
            TourCall(.get, "/auth/user"),
            TourCall(.post, "/auth/refresh-user-permissions", body: "{}"),
            TourCall(.get, "/api/_private/users"),
            TourCall(.get, "/api/v1/sources"),
            TourCall(.get, "/api/v1/sources/ops/mail", path: source),
            TourCall(.get, "/api/v1/sources/ops/ghost", path: source, status: 404),
            TourCall(.get, "/api/v1/sources/id:0123456789abcdef", path: "/api/v1/sources/{owner}", status: 404),
            TourCall(.post, "/api/v1/sources/ops/mail/statistics", path: source + "/statistics",
                     body: #"{"comment_filter": {"timestamp": {"minimum": "2020-01-01T00:00:00Z"}}}"#),
            TourCall(.put, "/api/v1/sources/ops/pushed", path: source, body: #"{"source": {"title": "Pushed"}}"#),
            TourCall(.post, "/api/v1/sources/ops/pushed/sync", path: source + "/sync",
                     body: #"{"comments": [\#(comment)]}"#),
            TourCall(.post, "/api/v1/sources/ops/pushed/sync", path: source + "/sync",
                     body: #"{"comments": [{"id": "t2"}]}"#, status: 400),
            TourCall(.put, "/api/_private/sources/ops/pushed/comments",
                     path: "/api/_private/sources/{owner}/{name}/comments", body: #"{"comments": [\#(comment)]}"#),
            TourCall(.post, "/api/v1/sources/ops/pushed/sync-raw-emails", path: source + "/sync-raw-emails",
                     body: #"{"documents": [\#(rawEmail)], "include_comments": true}"#),
            TourCall(.get, "/api/v1/sources/ops/mail/comments/\(commentID)", path: source + "/comments/{id}"),
            TourCall(.get, "/api/_private/sources/ops/mail/comments?limit=1",
                     path: "/api/_private/sources/{owner}/{name}/comments"),
            TourCall(.put, "/api/v1/datasets/ops/support", path: dataset,
                     body: #"{"dataset": {"source_ids": ["ops/mail", "ops/pushed"]}}"#),
            TourCall(.get, "/api/v1/datasets"),
            TourCall(.put, "/api/v1/datasets/ops/support/streams", path: dataset + "/streams",
                     body: #"{"stream": {"name": "inbox", "comment_filter": \#(filter)}}"#),
            TourCall(.get, "/api/v1/datasets/ops/support/streams", path: dataset + "/streams"),
            TourCall(.get, "/api/v1/datasets/ops/support/streams/inbox/results?max_results=4",
                     path: dataset + "/streams/{stream}/results"),
            TourCall(.post, "/api/v1/datasets/ops/support/streams/inbox/fetch",
                     path: dataset + "/streams/{stream}/fetch", body: #"{"size": 4}"#),
            TourCall(.put, "/api/_private/integrations/ops/support", path: integration,
                     body: #"{"integration": {"title": "Support", "configuration": "#
                         + #"{"connection": \#(connection), "mailboxes": [\#(mailbox)]}}}"#),
            TourCall(.get, "/api/_private/integrations"),
            TourCall(.post, "/api/_private/integrations/ops/support/mailboxes/support@example.com/disable",
                     path: integration + "/mailboxes/{email}/disable"),
            TourCall(.get, "/api/_private/integrations/ops/support/errors", path: integration + "/errors"),
            TourCall(.get, "/api/_private/integrations/ops/support/usage", path: integration + "/usage"),
            TourCall(.put, "/api/_private/check-connection", body: #"{"connection": \#(connection)}"#, status: 503),
            TourCall(.get, "/api/_private/quotas"),
            TourCall(.put, "/api/_private/quotas/comments", path: "/api/_private/quotas/{id}",
                     body: #"{"hard_limit": 100000}"#),
            TourCall(.post, "/api/_private/quotas/default/comments", path: "/api/_private/quotas/{id}/{kind}",
                     body: #"{"hard_limit": 100000}"#),
            TourCall(.get, "/api/_private/notifications/webhook", status: 404),
            TourCall(.put, "/api/_private/notifications/webhook",
                     body: #"{"webhook": {"url": "http://hooks.example.com/n"}}"#, status: 400),
            TourCall(.put, "/api/_private/notifications/webhook",
                     body: #"{"webhook": {"url": "https://hooks.example.com/n"}}"#),
            TourCall(.get, "/api/_private/notifications/webhook"),
            TourCall(.delete, "/api/_private/notifications/webhook"),
        ]
    }
}

/// A schema, a value, and whether the value conforms; both as JSON text.
struct ValidatorFixture: Sendable, CustomTestStringConvertible {
    let schema: String
    let value: String
    let valid: Bool

    var testDescription: String { "\(value) \(valid ? "conforms to" : "breaks") \(schema)" }

    static let all: [ValidatorFixture] = [
        .init(schema: #"{"type": "integer"}"#, value: "3", valid: true),
        .init(schema: #"{"type": "integer"}"#, value: "3.5", valid: false),
        .init(schema: #"{"type": "integer"}"#, value: "true", valid: false),
        .init(schema: #"{"type": "boolean"}"#, value: "1", valid: false),
        .init(schema: #"{"type": "boolean"}"#, value: "false", valid: true),
        .init(schema: #"{"type": "number"}"#, value: "false", valid: false),
        .init(schema: #"{"type": ["string", "null"]}"#, value: "null", valid: true),
        .init(schema: #"{"type": ["string", "null"]}"#, value: "0", valid: false),
        .init(schema: #"{"enum": ["a", null]}"#, value: "null", valid: true),
        .init(schema: #"{"enum": [1, 2]}"#, value: "true", valid: false),
        .init(schema: #"{"const": {"a": [1, "x"]}}"#, value: #"{"a": [1.0, "x"]}"#, valid: true),
        .init(schema: #"{"const": "ok"}"#, value: #""error""#, valid: false),
        .init(schema: #"{"required": ["a"], "properties": {"a": {"type": "string"}}}"#, value: "{}", valid: false),
        .init(schema: #"{"properties": {"a": {"type": "string"}}, "additionalProperties": false}"#,
              value: #"{"a": "x", "b": 1}"#, valid: false),
        .init(schema: #"{"additionalProperties": {"type": "number"}}"#, value: #"{"b": "x"}"#, valid: false),
        .init(schema: #"{"patternProperties": {"^n:": {"type": "number"}}, "additionalProperties": false}"#,
              value: #"{"n:a": 1}"#, valid: true),
        .init(schema: #"{"propertyNames": {"pattern": "^[a-z]+$"}}"#, value: #"{"Ab": 1}"#, valid: false),
        .init(schema: #"{"items": {"type": "string"}, "minItems": 1}"#, value: "[]", valid: false),
        .init(schema: #"{"items": {"type": "string"}, "maxItems": 1}"#, value: #"["a", 2]"#, valid: false),
        .init(schema: #"{"minimum": 1, "maximum": 256}"#, value: "257", valid: false),
        .init(schema: #"{"exclusiveMinimum": 0}"#, value: "0", valid: false),
        .init(schema: #"{"minLength": 2, "maxLength": 3}"#, value: #""ééé""#, valid: true),
        .init(schema: #"{"maxLength": 3}"#, value: #""abcd""#, valid: false),
        .init(schema: #"{"pattern": "^[A-Za-z0-9_-]{1,64}$"}"#, value: #""ops/mail""#, valid: false),
        .init(schema: #"{"format": "date-time"}"#, value: #""2025-01-06T10:15:00.25+01:00""#, valid: true),
        .init(schema: #"{"format": "date-time"}"#, value: #""2025-01-06 10:15:00Z""#, valid: false),
        .init(schema: #"{"format": "date-time"}"#, value: #""2025-02-29T10:15:00Z""#, valid: false),
        .init(schema: #"{"format": "date-time"}"#, value: #""2025-01-06T10:15:00Zjunk""#, valid: false),
        .init(schema: #"{"oneOf": [{"type": "integer"}, {"type": "number"}]}"#, value: "1", valid: false),
        .init(schema: #"{"oneOf": [{"type": "integer"}, {"type": "string"}]}"#, value: #""x""#, valid: true),
        .init(schema: #"{"anyOf": [{"type": "integer"}, {"type": "string"}]}"#, value: "[]", valid: false),
        .init(schema: #"{"allOf": [{"minimum": 1}, {"maximum": 2}]}"#, value: "3", valid: false),
        .init(schema: #"{"not": {"type": "null"}}"#, value: "null", valid: false),
        .init(schema: ##"{"$ref": "#/components/schemas/Named"}"##, value: #""a""#, valid: false),
        .init(schema: ##"{"$ref": "#/components/schemas/Missing"}"##, value: #""a""#, valid: false),
        .init(schema: "false", value: "1", valid: false),
        .init(schema: "true", value: "1", valid: true),
    ]
}

/// What the tests look for in an OpenAPI document; locations are JSON pointers (`#/paths/~1healthz/get`).
enum OpenAPIWalk {
    struct Reference {
        let location: String
        let reference: String
    }

    struct Example {
        let location: String
        let value: Any
        let schema: Any
    }

    /// Every `$ref` in the document.
    static func references(in node: Any, at location: String = "#") -> [Reference] {
        switch JSONKind(node) {
        case .object(let object):
            var found: [Reference] = []
            if let reference = object["$ref"] as? String {
                found.append(Reference(location: location, reference: reference))
            }
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                found += references(in: value, at: "\(location)/\(escape(key))")
            }
            return found
        case .array(let array):
            return array.enumerated().flatMap { references(in: $0.element, at: "\(location)/\($0.offset)") }
        default:
            return []
        }
    }

    /// Every example with the schema it must match: `example` and `examples.<name>.value` of media types,
    /// parameters and headers (against their `schema`), and `example` and `examples[i]` of schemas (against the
    /// schema itself), wherever they are.
    static func examples(in document: [String: Any], validator: JSONSchemaValidator) -> [Example] {
        var found: [Example] = []
        holderExamples(document, "#", validator, &found)
        let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
        for (name, schema) in schemas.sorted(by: { $0.key < $1.key }) {
            schemaExamples(schema, "#/components/schemas/\(escape(name))", &found)
        }
        return found
    }

    /// The media types under `content` that have neither `example` nor `examples`.
    static func mediaTypesWithoutExamples(_ holder: [String: Any]) -> [String] {
        let content = holder["content"] as? [String: Any] ?? [:]
        return content.compactMap { type, media in
            let media = media as? [String: Any] ?? [:]
            let hasExamples = media["example"] != nil || (media["examples"] as? [String: Any])?.isEmpty == false
            return hasExamples ? nil : type
        }
    }

    /// The value itself, or what its `$ref` points at.
    static func dereference(_ value: Any, _ validator: JSONSchemaValidator) -> Any? {
        guard let reference = (value as? [String: Any])?["$ref"] as? String else { return value }
        return validator.resolve(reference)
    }

    /// The schema of an operation's JSON answer with `status`, or nil when the document gives none.
    static func answerSchema(in document: [String: Any], _ validator: JSONSchemaValidator, path: String,
                             method: String, status: Int) -> Any? {
        let operation = ((document["paths"] as? [String: Any])?[path] as? [String: Any])?[method] as? [String: Any]
        guard let response = (operation?["responses"] as? [String: Any])?[String(status)],
              let resolved = dereference(response, validator) as? [String: Any] else { return nil }
        return ((resolved["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
    }

    /// The same JSON gives the same bytes, whatever its key order or spacing.
    static func canonical(_ value: Any) throws -> Data {
        try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
    }

    /// Objects with a `schema` (media types, parameters, headers), outside `#/components/schemas`.
    private static func holderExamples(_ node: Any, _ location: String, _ validator: JSONSchemaValidator,
                                       _ found: inout [Example]) {
        switch JSONKind(node) {
        case .object(let object):
            guard location != "#/components/schemas" else { return }
            if let schema = object["schema"] {
                if let example = object["example"] {
                    found.append(Example(location: "\(location)/example", value: example, schema: schema))
                }
                for (name, entry) in (object["examples"] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                    let value = (dereference(entry, validator) as? [String: Any])?["value"]
                    found.append(Example(location: "\(location)/examples/\(escape(name))/value",
                                         value: value ?? NSNull(), schema: schema))
                }
                schemaExamples(schema, "\(location)/schema", &found)
            }
            for (key, value) in object.sorted(by: { $0.key < $1.key })
            where !(object["schema"] != nil && ["schema", "example", "examples"].contains(key)) {
                holderExamples(value, "\(location)/\(escape(key))", validator, &found)
            }
        case .array(let array):
            for (index, item) in array.enumerated() { holderExamples(item, "\(location)/\(index)", validator, &found) }
        default:
            break
        }
    }

    private static func schemaExamples(_ schema: Any, _ location: String, _ found: inout [Example]) {
        guard case .object(let object) = JSONKind(schema) else { return }
        if let example = object["example"] {
            found.append(Example(location: "\(location)/example", value: example, schema: schema))
        }
        for (index, example) in (object["examples"] as? [Any] ?? []).enumerated() {
            found.append(Example(location: "\(location)/examples/\(index)", value: example, schema: schema))
        }
        for key in ["items", "additionalProperties", "not", "propertyNames"] {
            if let subschema = object[key] { schemaExamples(subschema, "\(location)/\(key)", &found) }
        }
        for key in ["properties", "patternProperties"] {
            for (name, subschema) in (object[key] as? [String: Any] ?? [:]).sorted(by: { $0.key < $1.key }) {
                schemaExamples(subschema, "\(location)/\(key)/\(escape(name))", &found)
            }
        }
        for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            for (index, subschema) in (object[key] as? [Any] ?? []).enumerated() {
                schemaExamples(subschema, "\(location)/\(key)/\(index)", &found)
            }
        }
    }

    /// RFC 6901: `~` and `/` in a key.
    private static func escape(_ key: String) -> String {
        key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }
}

import Config
import Domain
import Foundation
import HTTPTypes
import Sync
import Testing

/// One connector reads every connection, so the same mistake gets the same words through the API and in a
/// configuration file (issue 17: "the same bad input gets the same message everywhere").
@Suite struct ConnectionMessagesTests {
    /// A bad connection (as JSON and as YAML) and the field its message must name.
    struct Case: Sendable, CustomStringConvertible {
        var type: String
        var json: [String: any Sendable]
        var yaml: String
        var field: String
        var description: String { field }
    }

    static let cases: [Case] = [
        Case(type: "imap", json: ["username": "u", "password": "p"], yaml: "{username: u, password: p}",
             field: "host"),
        Case(type: "imap", json: ["host": "h", "username": "u", "password": "p", "security": "ssl"],
             yaml: "{host: h, username: u, password: p, security: ssl}", field: "security"),
        Case(type: "imap", json: ["host": "h", "username": "u", "password": "p", "port": 70_000],
             yaml: "{host: h, username: u, password: p, port: 70000}", field: "port"),
        Case(type: "imap", json: ["host": "h", "username": "u", "pasword": "p"],
             yaml: "{host: h, username: u, pasword: p}", field: "pasword"),
        Case(type: "ews", json: ["ews_endpoint": "http://mail.example.com/EWS/Exchange.asmx", "username": "u",
                                 "password": "p"],
             yaml: "{ews_endpoint: 'http://mail.example.com/EWS/Exchange.asmx', username: u, password: p}",
             field: "ews_endpoint"),
        Case(type: "ews", json: ["ews_endpoint": "https://mail.example.com/EWS/Exchange.asmx",
                                 "application": ["kind": "custom", "client_id": "c", "client_secret": "s"]],
             yaml: "{ews_endpoint: 'https://mail.example.com/EWS/Exchange.asmx', "
                + "application: {kind: custom, client_id: c, client_secret: s}}",
             field: "application.tenant_id"),
    ]

    @Test(arguments: cases)
    func theAPIAndTheConfigurationFileSayTheSame(_ bad: Case) async throws {
        let harness = try await APIHarness()
        defer { harness.cleanup() }
        try await harness.run { client in
            let body: [String: Any] = ["integration": ["type": bad.type, "configuration": [
                "connection": bad.json,
                "mailboxes": [["email": "a@example.com",
                               "bucket_specification": ["project_name": "ops", "name": "mail"]]],
            ]]]
            let answer = try await client.call(.put, "/api/_private/integrations/ops/bad", json: body)
            #expect(answer.status == .badRequest)
            #expect(answer.json["field"] as? String == "integration.configuration.connection.\(bad.field)")
            let message = try #require(answer.json["message"] as? String)

            let yaml = "integrations: [{name: bad, type: \(bad.type), connection: \(bad.yaml), mailboxes: [{email: a@b.c}]}]"
            var fileError = ""
            do {
                _ = try ConfigurationFile(text: yaml, environment: [:], connectors: APIHarness.connectors)
            } catch {
                fileError = "\(error)"
            }
            #expect(fileError.hasSuffix("connection.\(bad.field) \(message)"), "API: \(message); file: \(fileError)")
        }
    }
}

import ClientTLS
import Config
import Domain
import EWS
import Foundation
import IMAP
import Sync
import Testing

/// Integrations declared in a file, including an Exchange one with its EWS settings and a password from the
/// environment-independent file form.
@Suite struct ConfigurationFileTests {
    static let connectors = ConnectorRegistry([IMAPConnector(outboundPolicy: OutboundPolicy()),
                                               EWSConnector(outboundPolicy: OutboundPolicy())])

    @Test func imapAndEWSIntegrationsAreRead() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-config-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("ews-password")
        try Data("s3cret\n".utf8).write(to: secret)
        let file = folder.appendingPathComponent("mail.yaml")
        try Data("""
            integrations:
              - name: support
                type: imap
                connection: {host: imap.example.com, username: support@example.com, password: pw}
                mailboxes: [{email: support@example.com}]
              - name: exchange
                owner: ops
                type: ews
                connection:
                  ews_endpoint: https://mail.example.com/EWS/Exchange.asmx
                  username: CONTOSO\\svc
                  password_file: \(secret.path)
                  authentication: ntlm
                  access_type: impersonation
                  server_version: Exchange2013_SP1
                mailboxes:
                  - email: alice@example.com
                    exclude: [[Junk]]
            """.utf8).write(to: file)
        let configuration = try ConfigurationFile(path: file.path, connectors: Self.connectors)
        #expect(configuration.integrations.map(\.name) == ["support", "exchange"])
        let exchange = try #require(configuration.integrations.last)
        #expect(exchange.kind == .ews)
        let connection = try EWSConnection(exchange.connection)
        #expect(connection.endpoint.absoluteString == "https://mail.example.com/EWS/Exchange.asmx")
        #expect(connection.username == "CONTOSO\\svc")
        #expect(connection.password == "s3cret")
        #expect(connection.authentication == .ntlm)
        #expect(connection.accessType == .impersonation)
        #expect(connection.serverVersion == .exchange2013SP1)
        #expect(exchange.mailboxes.first?.folderDenylist == [["Junk"]])
    }

    /// Names follow the API's rule; connection texts are bounded, as through the API.
    @Test func namesAndTextsFollowTheAPIsRules() throws {
        func problem(_ yaml: String) -> String? {
            do {
                _ = try ConfigurationFile(text: yaml, environment: [:], connectors: Self.connectors)
                return nil
            } catch {
                return "\(error)"
            }
        }
        let connection = "connection: {host: imap.example.com, username: u, password: pw}"
        #expect(problem("integrations: [{name: ok, type: imap, \(connection), mailboxes: [{email: a@b.c}]}]") == nil)
        #expect(problem("integrations: [{name: 'a b', type: imap, \(connection), mailboxes: []}]")?
            .contains("name must be 1-64 ASCII letters") == true)
        #expect(problem("integrations: [{name: ok, owner: '../x', type: imap, \(connection), mailboxes: []}]")?
            .contains("owner must be 1-64 ASCII letters") == true)
        #expect(problem("integrations: [{name: ok, type: imap, \(connection), mailboxes: [{email: a@b.c, bucket: 'a/b'}]}]")?
            .contains("bucket must be 1-64 ASCII letters") == true)
        let long = String(repeating: "h", count: 254)
        #expect(problem("integrations: [{name: ok, type: imap, connection: {host: \(long), username: u, password: p}, "
            + "mailboxes: []}]")?.contains("connection.host must be at most 253 characters") == true)
    }
}

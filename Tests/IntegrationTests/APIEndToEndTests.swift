import API
import ClientTLS
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import IMAP
import Logging
import NIOCore
import SQLiteStore
import Store
import Sync
import Testing

/// The whole path a user sees: a Dovecot mailbox, an integration created through the API, comments read from a
/// stream, `advance`, new mail arriving, the next `results` holding exactly the new comment, and an attachment
/// downloaded by reference, byte-identical to what was mailed.
@Suite(.enabled(if: DovecotPeer.available, DovecotPeer.missing))
struct APIEndToEndTests {
    static func mail(_ id: String, attachment: [UInt8]? = nil) -> [UInt8] {
        var text = "Message-ID: <\(id)>\r\nFrom: Ann <ann@example.com>\r\nTo: ops@example.com\r\nSubject: \(id)\r\n"
            + "Date: Mon, 6 Jan 2025 10:15:00 +0000\r\nMIME-Version: 1.0\r\n"
        if let attachment {
            text += "Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\n"
                + "See the report.\r\n--XX\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Disposition: attachment; filename=\"report.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Data(attachment).base64EncodedString(options: .lineLength76Characters) + "\r\n--XX--\r\n"
        } else {
            text += "Content-Type: text/plain\r\n\r\nNew mail.\r\n"
        }
        return Array(text.utf8)
    }

    @Test func mailboxToStreamToAttachment() async throws {
        let peer = try #require(DovecotPeer.shared)
        let user = try peer.addUser("e2e")
        let attachment = (0..<3_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try peer.save(Self.mail("first-\(user.name)@test", attachment: attachment), user: user.name, folder: "INBOX")

        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-e2e-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFolder = try DataFolder(path: folder.path)
        let store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        let admin = try await TokenSecrets.create(name: "admin", permissions: Permission.allCases, projects: nil,
                                                  userID: try #require(await store.firstAdministrator()).id,
                                                  in: store).secret
        var configuration = SyncEngine.Configuration()
        configuration.pollInterval = .seconds(1)
        configuration.reloadInterval = .milliseconds(200)
        // Dovecot listens on 127.0.0.1, which the outbound policy refuses by default.
        let sources = IMAPConnector(outboundPolicy: OutboundPolicy(allowPrivateNetworks: true))
        let engine = SyncEngine(store: store, factory: sources, configuration: configuration,
                                logger: Logger(label: "e2e"))
        let running = Task { try await engine.run() }
        defer { running.cancel() }

        let app = Application(router: MailstreamApplication.responder(store: store,
                                                                   connectors: ConnectorRegistry([sources]), sources: sources))
        try await app.test(.router) { client in
            func call(_ method: HTTPRequest.Method, _ uri: String, _ json: [String: Any]? = nil) async throws
                -> (HTTPResponse.Status, [String: Any], [UInt8]) {
                let body = try json.map { ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: $0)) }
                return try await client.execute(uri: uri, method: method,
                                                headers: [.authorization: "Bearer \(admin)",
                                                          .contentType: "application/json"],
                                                body: body) { response in
                    let bytes = Array(response.body.readableBytesView)
                    let object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
                    return (response.status, object, bytes)
                }
            }
            let connection: [String: Any] = ["host": peer.host, "port": peer.imapsPort, "security": "tls",
                                              "username": user.name, "password": user.password, "ca_file": peer.caFile]
            let check = try await call(.put, "/api/_private/check-connection", ["connection": connection])
            #expect((check.1["result"] as? [String: Any])?["ok"] as? Bool == true)
            let created = try await call(.put, "/api/_private/integrations/ops/e2e", ["integration": [
                "type": "imap",
                "configuration": ["connection": connection, "mailboxes": [[
                    "email": user.name, "bucket_specification": ["project_name": "ops", "name": "mail"],
                ]]],
            ]])
            #expect(created.0 == .ok)

            // The engine picks the integration up, creates bucket and source ops/mail, and syncs the first mail.
            try await waitUntil { try await store.source(owner: "ops", name: "mail") != nil }
            #expect(try await call(.put, "/api/v1/datasets/ops/all",
                                   ["dataset": ["source_ids": ["ops/mail"]]]).0 == .ok)
            #expect(try await call(.put, "/api/v1/datasets/ops/all/streams", ["stream": ["name": "bot"]]).0 == .ok)
            let results = "/api/v1/datasets/ops/all/streams/bot/results?max_results=10"
            var first: [[String: Any]] = []
            try await waitUntil {
                first = try await call(.get, results).1["results"] as? [[String: Any]] ?? []
                return !first.isEmpty
            }
            #expect(first.count == 1)
            let comment = try #require(first.first?["comment"] as? [String: Any])
            let reference = try #require((comment["attachments"] as? [[String: Any]])?.first?["attachment_reference"]
                as? String)
            let download = try await call(.get, "/api/v1/attachments/\(reference)")
            #expect(download.0 == .ok)
            #expect(download.2 == attachment)

            let continuation = try #require(first.last?["continuation"] as? String)
            #expect(try await call(.post, "/api/v1/datasets/ops/all/streams/bot/advance",
                                   ["sequence_id": continuation]).0 == .ok)
            #expect((try await call(.get, results).1["results"] as? [Any])?.isEmpty == true)

            try peer.save(Self.mail("second-\(user.name)@test"), user: user.name, folder: "INBOX")
            var next: [[String: Any]] = []
            try await waitUntil {
                next = try await call(.get, results).1["results"] as? [[String: Any]] ?? []
                return !next.isEmpty
            }
            let ids = next.compactMap { ($0["comment"] as? [String: Any])?["id"] as? String }
            #expect(ids == [ContentHash.hex("second-\(user.name)@test".utf8)])
        }
    }

    private func waitUntil(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<300 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("condition not met within 30 s")
        throw CancellationError()
    }
}

import API
import ClientTLS
import Domain
import EWS
import Foundation
import Hummingbird
import HummingbirdTesting
import IMAP
import NIOCore
import SQLiteStore
import Store
import Testing

/// A store in a temporary data folder, an admin token (of the `admin` user the store's upgrade creates), and the
/// API's router over them.
struct APIHarness {
    let folder: URL
    let dataFolder: DataFolder
    let store: SQLiteStore
    let adminSecret: String
    let admin: User
    /// Cheap password hashes, so that tests that sign in take milliseconds, not seconds.
    static let sessions = SessionPolicy(secureCookie: false,
                                        passwordParameters: .init(logN: 10, blockSize: 8, parallelism: 1))

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-api-\(UUID().uuidString)")
        dataFolder = try DataFolder(path: folder.path)
        store = SQLiteStore(dataFolder: dataFolder,
                            secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        admin = try #require(await store.firstAdministrator())
        adminSecret = try await TokenSecrets.create(name: "admin", permissions: Permission.allCases, projects: nil,
                                                    userID: admin.id, in: store).secret
    }

    func cleanup() { try? FileManager.default.removeItem(at: folder) }

    /// The kinds `serve` registers, reading connections as in production (sources are never made from them here).
    static let connectors = ConnectorRegistry([IMAPConnector(outboundPolicy: OutboundPolicy()),
                                               EWSConnector(outboundPolicy: OutboundPolicy())])

    /// A token of the `admin` user, or of `user`.
    func token(_ name: String, _ permissions: [Permission], projects: [String]? = nil,
               user: User? = nil) async throws -> String {
        try await TokenSecrets.create(name: name, permissions: permissions, projects: projects,
                                      userID: (user ?? admin).id, in: store).secret
    }

    /// A user with `permissions` on `projects` (every project when nil) and, when given, a password.
    func user(_ login: String, _ permissions: [Permission], projects: [String]? = nil,
              password: String? = nil) async throws -> User {
        let hash = try password.map {
            try PasswordHash.make($0, parameters: Self.sessions.passwordParameters).encoded
        }
        let user = User(id: User.newID(), login: login, email: "\(login)@example.com", permissions: permissions,
                        projects: projects, hasPassword: hash != nil, createdAt: Date())
        try await store.createUser(user, passwordHash: hash)
        return user
    }

    func run(_ body: @Sendable (Client) async throws -> Void) async throws {
        let app = Application(router: MailstreamApplication.responder(store: store, connectors: APIHarness.connectors,
                                                                      sessions: Self.sessions))
        try await app.test(.router) { client in try await body(Client(client: client, admin: adminSecret)) }
    }

    /// The test client with JSON helpers; requests carry the admin token unless told otherwise.
    struct Client {
        let client: any TestClientProtocol
        let admin: String

        struct Answer {
            let status: HTTPResponse.Status
            let headers: HTTPFields
            let bytes: [UInt8]
            var json: [String: Any] {
                (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
            }
            var message: String { json["message"] as? String ?? "" }
        }

        @discardableResult
        func call(_ method: HTTPRequest.Method, _ uri: String, json: Any? = nil, raw: [UInt8]? = nil,
                  token: String?? = .none, headers extra: HTTPFields = [:]) async throws -> Answer {
            var headers: HTTPFields = [.contentType: "application/json"]
            let secret: String? = switch token {
            case .none: admin
            case .some(let value): value
            }
            if let secret { headers[.authorization] = "Bearer \(secret)" }
            for field in extra { headers[field.name] = field.value }
            var body: ByteBuffer?
            if let raw { body = ByteBuffer(bytes: raw) }
            if let json { body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json)) }
            return try await client.execute(uri: uri, method: method, headers: headers, body: body) { response in
                Answer(status: response.status, headers: response.headers,
                       bytes: Array(response.body.readableBytesView))
            }
        }
    }

    /// A source `ops/mail` on bucket `ops/mail` holding one synced email (with an attachment when asked).
    @discardableResult
    func syncedEmail(messageID: String = "first@example.com", subject: String = "Invoice 42",
                     attachment: [UInt8]? = nil, folder: String = "INBOX") async throws -> (Source, Domain.Comment) {
        var bucket = try await store.bucket(owner: "ops", name: "mail")
        if bucket == nil { bucket = try await store.createBucket(owner: "ops", name: "mail", title: "Mail") }
        guard let bucket else { throw StoreError.notFound("bucket") }
        var source = try await store.source(owner: "ops", name: "mail")
        if source == nil { source = try await store.createSource(owner: "ops", name: "mail", bucketID: bucket.id) }
        guard let source else { throw StoreError.notFound("source") }
        var text = "Message-ID: <\(messageID)>\r\nFrom: Ann <ann@example.com>\r\nTo: ops@example.com\r\n"
            + "Subject: \(subject)\r\nDate: Mon, 6 Jan 2025 10:15:00 +0000\r\nMIME-Version: 1.0\r\n"
        if let attachment {
            text += "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                + "Please pay.\r\n--b\r\nContent-Type: application/pdf\r\n"
                + "Content-Disposition: attachment; filename=\"in\\\"voice/../42.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"
                + Data(attachment).base64EncodedString() + "\r\n--b--\r\n"
        } else {
            text += "Content-Type: text/plain\r\n\r\nPlease pay.\r\n"
        }
        let raw = Array(text.utf8)
        let converted = EmailToComment.convert(raw, metadata: EmailMetadata(folder: [folder], mailbox: "ops@example.com"))
        _ = try await store.apply(SyncBatch(
            integrationID: "int", mailboxID: "mb", mailboxAddress: "ops@example.com", bucketID: bucket.id,
            folder: folder, changes: [.upsert(IncomingEmail(serverID: "\(messageID.hashValue)", raw: raw,
                                                              converted: converted, receivedAt: nil,
                                                              storesAttachments: true))],
            cursor: nil
        ))
        return (source, converted.comment)
    }
}

import Domain
import Foundation
import IMAP
import Logging
import MIME
import Store
import Sync
import Testing

/// pymap has no ENABLE, CONDSTORE or QRESYNC: the sync must work from UIDs alone (new UIDs above the cursor,
/// removals from the difference with `UID SEARCH ALL`), over STARTTLS.
@Suite(.enabled(if: PymapPeer.available, PymapPeer.missing))
struct PymapFallbackTests {
    @Test func syncMovesAndExpungesWithoutCondstore() async throws {
        let peer = try #require(PymapPeer.shared)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-pymap-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFolder = try DataFolder(path: folder.path)
        let store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        let engine = SyncEngine(store: store, factory: IMAPSourceFactory(), logger: Logger(label: "test"))
        let now = Date()
        try await store.saveIntegration(Integration(
            id: "pymap", owner: "ops", name: "pymap", kind: .imap,
            connection: .init(host: peer.host, port: peer.port, security: .starttls, username: peer.user,
                              password: peer.password, caFile: peer.caFile),
            mailboxes: [Mailbox(id: "pymap-mb", email: peer.user, bucketOwner: "ops", bucketName: "mail")],
            createdAt: now, updatedAt: now
        ))
        let tag = UUID().uuidString.prefix(8)
        try peer.imap("""
            for i in range(3):
                c.append('INBOX', None, None, ('Message-ID: <p%d-\(tag)@test>\\r\\nSubject: p%d\\r\\n'
                    'Date: Mon, 6 Jan 2025 10:15:00 +0000\\r\\n\\r\\nbody %d\\r\\n' % (i, i, i)).encode())
            """)
        let first = try #require(try await engine.syncOnce().first)
        #expect(first.failure == nil)
        #expect(first.report?.result.created == 3)

        try peer.imap("""
            c.create('Kept-\(tag)')
            c.select('INBOX')
            typ, data = c.uid('SEARCH', None, 'HEADER', 'Message-ID', 'p0-\(tag)')
            c.uid('MOVE', data[0].split()[0].decode(), 'Kept-\(tag)')
            typ, data = c.uid('SEARCH', None, 'HEADER', 'Message-ID', 'p1-\(tag)')
            c.uid('STORE', data[0].split()[0].decode(), '+FLAGS', '(\\\\Deleted)')
            c.expunge()
            """)
        let second = try #require(try await engine.syncOnce().first)
        #expect(second.failure == nil)
        #expect(second.report?.result.created == 0)
        #expect(second.report?.result.removed == 2)
        let source = try #require(try await store.source(owner: "ops", name: "mail"))
        let comments = try await store.comments(sourceID: source.id, afterSequence: 0, limit: 100)
        #expect(comments.count == 3)
        let moved = comments.first { $0.comment.id == ContentHash.hex("p0-\(tag)@test".utf8) }
        #expect(moved?.comment.userProperties["string:Folder"] == .string("Kept-\(tag)"))
    }
}

/// The pymap server `scripts/test` starts (scripts/peers/pymap).
struct PymapPeer: Sendable {
    let host: String
    let port: Int
    let user: String
    let password: String
    let caFile: String

    static let shared: PymapPeer? = {
        let environment = ProcessInfo.processInfo.environment
        guard let host = environment["MAILSTREAM_PYMAP_HOST"],
              let port = environment["MAILSTREAM_PYMAP_PORT"].flatMap(Int.init),
              let user = environment["MAILSTREAM_PYMAP_USER"], let password = environment["MAILSTREAM_PYMAP_PASSWORD"],
              let caFile = environment["MAILSTREAM_PYMAP_CA_FILE"] else { return nil }
        return PymapPeer(host: host, port: port, user: user, password: password, caFile: caFile)
    }()

    static let available = shared != nil || ProcessInfo.processInfo.environment["CI"] != nil
    static let missing: Testing.Comment = "pymap not running: run scripts/test, which starts it (scripts/peers/pymap)"

    /// Runs Python `imaplib` statements with `c` logged in, to change the mailbox the way another client would.
    func imap(_ statements: String) throws {
        let script = """
            import imaplib
            c = imaplib.IMAP4('\(host)', \(port))
            c.login('\(user)', '\(password)')
            \(statements)
            c.logout()
            """
        try DovecotPeer.run("/usr/bin/env", ["python3", "-c", script])
    }
}

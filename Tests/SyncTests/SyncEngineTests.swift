import Domain
import Foundation
import GRDB
import Logging
import SQLiteStore
import Store
import Synchronization
import Testing
@testable import Sync

/// The engine's scenarios over the in-memory server: each of DESIGN.md's invariants that the engine owns.
@Suite struct SyncEngineTests {
    struct World {
        let server = FakeMailServer()
        let store: SQLiteStore
        let engine: SyncEngine
        let folder: URL

        init(mailboxes: [String] = ["alice@example.com"], start: Date? = nil,
             metrics: SyncMetrics = SyncMetrics(), logger: Logger = Logger(label: "test"),
             retryBudget: Duration = .seconds(60)) async throws {
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-sync-\(UUID())")
            let dataFolder = try DataFolder(path: folder.path)
            store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
            var configuration = SyncEngine.Configuration()
            configuration.reloadInterval = .milliseconds(20)
            configuration.pollInterval = .milliseconds(20)
            configuration.backoffBase = .milliseconds(5)
            configuration.retryBudget = retryBudget
            engine = SyncEngine(store: store, factory: FakeSourceFactory(server: server), configuration: configuration,
                                logger: logger, metrics: metrics)
            let now = Date()
            try await store.saveIntegration(Integration(
                id: "int", owner: "ops", name: "imap", kind: .imap, connection: .init(host: "fake"),
                mailboxes: mailboxes.enumerated().map { index, email in
                    Mailbox(id: "mb\(index)", email: email, startTimestamp: start, bucketOwner: "ops",
                            bucketName: "mail")
                },
                createdAt: now, updatedAt: now
            ))
        }

        func cleanup() { try? FileManager.default.removeItem(at: folder) }

        func comments() async throws -> [StoredComment] {
            guard let source = try await store.source(owner: "ops", name: "mail") else { return [] }
            return try await store.comments(sourceID: source.id, afterSequence: 0, limit: 1_000)
        }

        func folderOf(_ messageID: String) async throws -> String? {
            try await comments().first { $0.comment.id == ContentHash.hex(messageID.utf8) }?
                .comment.userProperties["string:Folder"]?.stringValue
        }
    }

    static func mail(_ id: String, date: String = "Mon, 6 Jan 2025 10:15:00 +0000") -> String {
        "Message-ID: <\(id)>\r\nFrom: sender@example.com\r\nSubject: mail \(id)\r\nDate: \(date)\r\n\r\nBody of \(id)\r\n"
    }

    @Test func initialSyncAcrossFoldersInPages() async throws {
        let log = CapturedLog()
        let world = try await World(logger: log.logger)
        defer { world.cleanup() }
        for index in 0..<5 { await world.server.add(Self.mail("i\(index)@x"), to: "INBOX", in: "alice@example.com") }
        await world.server.add(Self.mail("s@x"), to: "Sent", in: "alice@example.com")
        let outcomes = try await world.engine.syncOnce()
        #expect(outcomes.count == 1)
        #expect(outcomes[0].failure == nil)
        #expect(outcomes[0].report?.result.created == 6)
        #expect(outcomes[0].report?.folders == 2)
        #expect(try await world.comments().count == 6)
        // A second pass creates nothing, and writes nothing: each folder's page is empty and keeps its cursor.
        let writes = log.entries.filter { $0.message == "pages written" }.count
        #expect(writes >= 2)
        let again = try await world.engine.syncOnce()
        #expect(again[0].report?.result == SyncBatchResult())
        #expect(log.entries.filter { $0.message == "pages written" }.count == writes)
    }

    @Test func pagesConvertedWhileAWriteWaitsAreWrittenTogetherInOrder() async throws {
        let log = CapturedLog()
        let world = try await World(logger: log.logger)
        defer { world.cleanup() }
        // A first pass makes the bucket and its source, so the next one's first write is a page.
        await world.server.add(Self.mail("g@x"), to: "INBOX", in: "alice@example.com")
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        for index in 0..<10 { await world.server.add(Self.mail("g\(index)@x"), to: "INBOX", in: "alice@example.com") }
        // Another connection holds the write lock, so the first page's write waits (the store's busy timeout)
        // while the other four pages are converted.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let blocker = try DatabaseQueue(path: world.folder.appendingPathComponent("mailstream.sqlite").path,
                                        configuration: configuration)
        try blocker.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
        let sync = Task { try await world.engine.syncOnce() }
        try await waitUntil { log.entries.filter { $0.message == "page" }.count == 1 + 5 }
        try blocker.inDatabase { try $0.execute(sql: "ROLLBACK") }
        let outcome = try #require(try await sync.value.first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.result.created == 10)
        // The first page alone, then the four that waited, in one transaction.
        let writes = log.entries.filter { $0.message == "pages written" }.map { $0.metadata["mailstream.pages"] }
        #expect(writes == ["1", "1", "4"])
        let comments = try await world.comments()
        #expect(comments.map(\.comment.id)
            == [ContentHash.hex("g@x".utf8)] + (0..<10).map { ContentHash.hex("g\($0)@x".utf8) })
        #expect(comments.map(\.sequence) == Array(1...11))
        #expect(try await world.store.folderCursor(mailboxID: "mb0", folder: "INBOX")
            == "1:11:" + (1...11).map(String.init).joined(separator: ","))
    }

    @Test func startTimestampSkipsOlderMail() async throws {
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        let world = try await World(start: start)
        defer { world.cleanup() }
        await world.server.add(Self.mail("old@x"), to: "INBOX", in: "alice@example.com",
                               receivedAt: start.addingTimeInterval(-60))
        await world.server.add(Self.mail("new@x"), to: "INBOX", in: "alice@example.com",
                               receivedAt: start.addingTimeInterval(60))
        let outcome = try await world.engine.syncOnce()[0]
        #expect(outcome.report?.skippedBeforeStart == 1)
        #expect(try await world.comments().map(\.comment.id) == [ContentHash.hex("new@x".utf8)])
    }

    @Test(arguments: [true, false])
    func moveKeepsOneCommentAndChangesItsFolder(targetFirst: Bool) async throws {
        let world = try await World()
        defer { world.cleanup() }
        let server = world.server
        await server.createFolder(targetFirst ? "A-Archive" : "Z-Archive", in: "alice@example.com")
        await server.add(Self.mail("m@x"), to: "INBOX", in: "alice@example.com")
        _ = try await world.engine.syncOnce()
        let archive = targetFirst ? "A-Archive" : "Z-Archive"
        await server.move(uid: 1, from: "INBOX", to: archive, in: "alice@example.com")
        let outcome = try await world.engine.syncOnce()[0]
        #expect(outcome.report?.result.removed == 1)
        #expect(outcome.report?.result.updated == 1)
        #expect(try await world.comments().count == 1)
        #expect(try await world.folderOf("m@x") == archive)
        #expect(try await world.comments()[0].comment.messages[0].body.text == "Body of m@x")
    }

    @Test func sameMessageInTwoMailboxesIsOneComment() async throws {
        let world = try await World(mailboxes: ["one@example.com", "two@example.com"])
        defer { world.cleanup() }
        await world.server.add(Self.mail("shared@x"), to: "INBOX", in: "one@example.com")
        await world.server.add(Self.mail("shared@x"), to: "Team", in: "two@example.com")
        _ = try await world.engine.syncOnce()
        let comments = try await world.comments()
        #expect(comments.count == 1)
        let mailbox = comments[0].comment.userProperties["string:Mailbox"]?.stringValue
        #expect(mailbox == "one@example.com" || mailbox == "two@example.com")
    }

    @Test func recreatedFolderResyncsWithoutDuplicates() async throws {
        let world = try await World()
        defer { world.cleanup() }
        for index in 0..<3 { await world.server.add(Self.mail("r\(index)@x"), to: "INBOX", in: "alice@example.com") }
        _ = try await world.engine.syncOnce()
        await world.server.recreate("INBOX", in: "alice@example.com")
        let outcome = try await world.engine.syncOnce()[0]
        #expect(outcome.report?.result.created == 0)
        #expect(try await world.comments().count == 3)
    }

    @Test func commentQuotaDisablesTheIntegrationAndRaisingItResumes() async throws {
        let world = try await World()
        defer { world.cleanup() }
        for index in 0..<5 { await world.server.add(Self.mail("q\(index)@x"), to: "INBOX", in: "alice@example.com") }
        try await world.store.setQuota(.comments, limit: 3)
        let outcome = try await world.engine.syncOnce()[0]
        #expect(outcome.failure != nil)
        #expect(try await world.comments().count <= 3)
        let integration = try #require(try await world.store.integration(id: "int"))
        #expect(integration.enabled == false)
        #expect(integration.disabledReason == .quota)
        let errors = try await world.store.errors(integrationID: "int")
        #expect(errors.map(\.kind) == [.commentQuotaHit])
        #expect(errors.first?.action == .integrationDisabled)

        try await world.store.setQuota(.comments, limit: 100)
        try await world.store.setIntegrationEnabled(id: "int", enabled: true, reason: nil)
        #expect(try await world.engine.syncOnce()[0].failure == nil)
        let ids = try await world.comments().map(\.comment.id)
        #expect(ids.count == 5)
        #expect(Set(ids).count == 5)
    }

    @Test func wrongPasswordDisablesTheIntegrationWithAnErrorRecord() async throws {
        let world = try await World()
        defer { world.cleanup() }
        await world.server.add(Self.mail("a@x"), to: "INBOX", in: "alice@example.com")
        await world.server.fail("alice@example.com", with: MailSourceError(.authentication, "login failed",
                                                                           detail: "NO [AUTHENTICATIONFAILED]"))
        let outcome = try await world.engine.syncOnce()[0]
        #expect(outcome.failure != nil)
        let integration = try #require(try await world.store.integration(id: "int"))
        #expect(integration.enabled == false)
        #expect(integration.disabledReason == .syncError)
        let errors = try await world.store.errors(integrationID: "int")
        // An IMAP integration: the kind names the IMAP server, not Exchange, and the text says what to do.
        #expect(errors.map(\.kind) == [.invalidIMAPCredentials])
        #expect(errors.first?.action == .integrationDisabled)
        #expect(errors.first?.errorText == "login failed: check the credentials; then re-enable it with "
            + "`mailstream integration enable ops/imap` or POST /api/_private/integrations/ops/imap/enable")
        #expect(try await world.engine.syncOnce().isEmpty)
    }

    @Test func missingMailboxDisablesOnlyThatMailbox() async throws {
        let world = try await World(mailboxes: ["gone@example.com", "here@example.com"])
        defer { world.cleanup() }
        await world.server.add(Self.mail("h@x"), to: "INBOX", in: "here@example.com")
        let outcomes = try await world.engine.syncOnce()
        #expect(outcomes.count == 2)
        let integration = try #require(try await world.store.integration(id: "int"))
        #expect(integration.enabled)
        #expect(integration.mailboxes.map(\.enabled) == [false, true])
        let errors = try await world.store.errors(integrationID: "int")
        #expect(errors.map(\.kind) == [.mailboxNotFound])
        #expect(errors.first?.action == .mailboxDisabled(mailbox: "gone@example.com"))
        #expect(try await world.comments().count == 1)
    }

    /// Without a retry budget the pass fails at once; the next pass catches up.
    @Test func transientFailureIsRecordedAndTheNextPassCatchesUp() async throws {
        let world = try await World(retryBudget: .zero)
        defer { world.cleanup() }
        await world.server.add(Self.mail("t@x"), to: "INBOX", in: "alice@example.com")
        await world.server.fail("alice@example.com", with: MailSourceError(.transient(retryAfter: .seconds(2)),
                                                                           "server busy"))
        #expect(try await world.engine.syncOnce()[0].failure != nil)
        #expect(try await world.store.integration(id: "int")?.enabled == true)
        let errors = try await world.store.errors(integrationID: "int")
        #expect(errors.first?.kind == .serverUnavailable)
        #expect(errors.first?.action == .retrying(afterSeconds: 2))
        #expect(try await world.engine.syncOnce()[0].report?.result.created == 1)
    }

    @Test func unreadableItemIsSkippedAndRecorded() async throws {
        let world = try await World()
        defer { world.cleanup() }
        for index in 0..<3 { await world.server.add(Self.mail("c\(index)@x"), to: "INBOX", in: "alice@example.com") }
        await world.server.setCorrupt([2])
        let outcome = try await world.engine.syncOnce()[0]
        #expect(outcome.report?.skippedItems == 1)
        #expect(try await world.comments().count == 2)
        #expect(try await world.store.errors(integrationID: "int").map(\.kind) == [.itemSkipped])
    }

    @Test func reEnablingResumesFromTheSavedCursor() async throws {
        let world = try await World()
        defer { world.cleanup() }
        await world.server.add(Self.mail("1@x"), to: "INBOX", in: "alice@example.com")
        _ = try await world.engine.syncOnce()
        try await world.store.setIntegrationEnabled(id: "int", enabled: false, reason: nil)
        await world.server.add(Self.mail("2@x"), to: "INBOX", in: "alice@example.com")
        #expect(try await world.engine.syncOnce().isEmpty)
        try await world.store.setIntegrationEnabled(id: "int", enabled: true, reason: nil)
        let outcome = try await world.engine.syncOnce()[0]
        #expect(outcome.report?.result.created == 1)
        let cursors = await world.server.requestedCursors
        #expect(cursors.last == "alice@example.com/INBOX=1:1:1")
    }

    @Test func runningEngineSyncsNewMailAndStopsOnCancel() async throws {
        let world = try await World()
        defer { world.cleanup() }
        await world.server.add(Self.mail("first@x"), to: "INBOX", in: "alice@example.com")
        let running = Task { try await world.engine.run() }
        try await waitUntil { try await world.comments().count == 1 }
        await world.server.add(Self.mail("second@x"), to: "INBOX", in: "alice@example.com")
        try await waitUntil { try await world.comments().count == 2 }
        running.cancel()
        _ = await running.result
    }

    private func waitUntil(_ condition: () async throws -> Bool) async throws {
        for _ in 0..<200 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(25))
        }
        Issue.record("condition not met within 5 s")
    }
}

extension FakeMailServer {
    func setCorrupt(_ uids: Set<Int>) { corruptUIDs = uids }
}

/// Log entries kept in memory, at debug level, to see what the engine did and when.
final class CapturedLog: Sendable {
    struct Entry: Sendable {
        var message: String
        var metadata: [String: String]
    }

    private let state = Mutex<[Entry]>([])

    var entries: [Entry] { state.withLock { $0 } }

    var logger: Logger {
        var logger = Logger(label: "test") { _ in Handler(log: self) }
        logger.logLevel = .debug
        return logger
    }

    struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .debug

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let entry = Entry(message: event.message.description,
                              metadata: (event.metadata ?? [:]).mapValues(\.description))
            log.state.withLock { $0.append(entry) }
        }
    }
}

import ClientTLS
import Domain
import EWS
import EWSSimulator
import Foundation
import Logging
import MIME
import SQLiteStore
import Store
import Sync
import Testing

/// The sync engine over EWS against the simulator: the store-and-sync scenarios, and the EWS failures of
/// issue 5, each going to the right level.
@Suite struct EWSSyncTests {
    static let alice = "alice@contoso.com"
    static let password = "Alice-Passw0rd!"

    struct World {
        let simulator: EWSSimulator
        let port: Int
        let store: SQLiteStore
        let engine: SyncEngine
        let folder: URL
        /// Where the engine may connect: the simulator listens on 127.0.0.1, which the default policy refuses.
        let policy: OutboundPolicy

        init(authentication: EWSSimulatorConfiguration.AuthenticationSchemes = [.ntlm],
             tls: EWSSimulatorConfiguration.TLS? = nil,
             extendedProtection: EWSSimulatorConfiguration.ExtendedProtection = .off,
             channelBindingCertificatePEM: String? = nil,
             applications: [RegisteredApplication] = [],
             policy: OutboundPolicy = OutboundPolicy(allowPrivateNetworks: true),
             retryBudget: Duration = .seconds(60), pollInterval: Duration = .seconds(60)) async throws {
            self.policy = policy
            simulator = EWSSimulator(configuration: EWSSimulatorConfiguration(
                authentication: authentication,
                accounts: [.init(login: "alice", password: EWSSyncTests.password, smtpAddress: EWSSyncTests.alice),
                           .init(login: "svc", password: "svc-pw", canImpersonate: true)],
                extraMailboxes: ["shared@contoso.com"],
                applications: applications,
                tls: tls,
                extendedProtection: extendedProtection,
                channelBindingCertificatePEM: channelBindingCertificatePEM
            ))
            port = try await simulator.start()
            folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-ews-\(UUID())")
            let dataFolder = try DataFolder(path: folder.path)
            store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
            var configuration = SyncEngine.Configuration()
            configuration.backoffBase = .milliseconds(5)
            configuration.retryBudget = retryBudget
            configuration.pollInterval = pollInterval
            engine = SyncEngine(store: store, factory: EWSConnector(outboundPolicy: policy),
                                configuration: configuration,
                                logger: Logger(label: "ews-test"))
        }

        func stop() async {
            await simulator.stop()
            try? FileManager.default.removeItem(at: folder)
        }

        @discardableResult
        func addIntegration(user: String = "CONTOSO\\alice", password: String = EWSSyncTests.password,
                            mailboxes: [String] = [EWSSyncTests.alice], accessType: String? = nil,
                            authentication: String? = nil, caFile: String? = nil,
                            insecureSkipVerify: Bool? = nil) async throws -> Integration {
            try await addIntegration(
                connection: EWSConnection(
                    endpoint: URL(string: "\(baseURL)/EWS/Exchange.asmx")!,
                    authentication: authentication.flatMap(EWSConnection.Authentication.init(rawValue:)) ?? .ntlm,
                    username: user, password: password,
                    accessType: accessType.flatMap(EWSConnection.AccessType.init(rawValue:)),
                    tls: TLSOptions(caFile: caFile, insecureSkipVerify: insecureSkipVerify ?? false)),
                mailboxes: mailboxes)
        }

        @discardableResult
        func addIntegration(connection: EWSConnection,
                            mailboxes: [String] = [EWSSyncTests.alice]) async throws -> Integration {
            let now = Date()
            let integration = Integration(
                id: "ews", owner: "ops", name: "exchange", kind: .ews, connection: connection.settings,
                mailboxes: mailboxes.map { Mailbox(id: "mb-\($0)", email: $0, bucketOwner: "ops", bucketName: "mail") },
                createdAt: now, updatedAt: now
            )
            try await store.saveIntegration(integration)
            return integration
        }

        /// `http://127.0.0.1:port`, or `https://` when the simulator serves TLS.
        var baseURL: String {
            "\(simulator.configuration.tls == nil ? "http" : "https")://127.0.0.1:\(port)"
        }

        func comments() async throws -> [StoredComment] {
            guard let source = try await store.source(owner: "ops", name: "mail") else { return [] }
            return try await store.comments(sourceID: source.id, afterSequence: 0, limit: 10_000)
        }

        func folder(of messageID: String) async throws -> String? {
            try await comments().first { $0.comment.id == ContentHash.hex(messageID.utf8) }?
                .comment.userProperties["string:Folder"]?.stringValue
        }
    }

    static func mail(_ id: String, date: String = "Mon, 6 Jan 2025 10:15:00 +0000") -> [UInt8] {
        Array(("Message-ID: <\(id)>\r\nFrom: ann@example.com\r\nTo: alice@contoso.com\r\nSubject: \(id)\r\n"
            + "Date: \(date)\r\n\r\nBody of \(id)\r\n").utf8)
    }

    @Test func initialSyncAcrossFoldersThenNothingNew() async throws {
        let world = try await World()
        try await world.addIntegration()
        let projects = try world.simulator.createFolder(named: "Projects", in: .inbox, mailbox: Self.alice)
        for index in 0..<30 { try world.simulator.addMessage(Self.mail("i\(index)@x"), mailbox: Self.alice) }
        try world.simulator.addMessage(Self.mail("p@x"), to: .id(projects), mailbox: Self.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.result.created == 31)
        #expect(try await world.folder(of: "p@x") == "Inbox/Projects")
        #expect(try await world.folder(of: "i0@x") == "Inbox")
        let again = try #require(try await world.engine.syncOnce().first)
        #expect(again.report?.result == SyncBatchResult())
        await world.stop()
    }

    /// A move is a Delete in one folder and a Create with a new ItemId in the other: one comment, new folder,
    /// whichever folder syncs first.
    @Test func moveKeepsOneCommentWithTheNewFolder() async throws {
        let world = try await World()
        try await world.addIntegration()
        let archive = try world.simulator.createFolder(named: "Archive", mailbox: Self.alice)
        let message = try world.simulator.addMessage(Self.mail("m@x"), mailbox: Self.alice)
        _ = try await world.engine.syncOnce()
        let before = try #require(try await world.comments().first)
        try world.simulator.move(message, to: .id(archive))
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.result.removed == 1)
        let comments = try await world.comments()
        #expect(comments.count == 1)
        #expect(comments.first?.comment.userProperties["string:Folder"] == .string("Archive"))
        #expect(comments.first?.comment.messages == before.comment.messages)
        await world.stop()
    }

    @Test func wrongPasswordDisablesTheIntegration() async throws {
        let world = try await World()
        try await world.addIntegration(password: "wrong")
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure != nil)
        let integration = try #require(try await world.store.integration(id: "ews"))
        #expect(!integration.enabled)
        let errors = try await world.store.errors(integrationID: "ews")
        #expect(errors.map(\.kind) == [.invalidExchangeCredentials])
        // Plain http: no channel binding was sent, and the text says what that means.
        #expect(errors.first?.errorText == "the Exchange server refused the NTLM login for CONTOSO\\alice: "
            + "check the username (DOMAIN\\user or user@domain) and password; over http a login carries no channel "
            + "binding, which Exchange refuses when Extended Protection is required: use the https endpoint; then "
            + "re-enable it with `mailstream integration enable ops/exchange` or POST "
            + "/api/_private/integrations/ops/exchange/enable")
        await world.stop()
    }

    @Test func missingMailboxDisablesOnlyThatMailbox() async throws {
        let world = try await World(authentication: [.basic])
        try await world.addIntegration(user: "svc", password: "svc-pw",
                                       mailboxes: [Self.alice, "nobody@contoso.com"], accessType: "impersonation",
                                       authentication: "basic")
        try world.simulator.addMessage(Self.mail("a@x"), mailbox: Self.alice)
        let outcomes = try await world.engine.syncOnce()
        #expect(outcomes.count == 2)
        let integration = try #require(try await world.store.integration(id: "ews"))
        #expect(integration.enabled)
        #expect(integration.mailboxes.first { $0.email == Self.alice }?.enabled == true)
        #expect(integration.mailboxes.first { $0.email == "nobody@contoso.com" }?.enabled == false)
        #expect(try await world.comments().count == 1)
        await world.stop()
    }

    /// Without a retry budget (`--retry-budget 0`) the pass fails at once, and the next one catches up.
    @Test func serverBusyBacksOffAndTheNextPassCatchesUp() async throws {
        let world = try await World(retryBudget: .zero)
        try await world.addIntegration()
        for index in 0..<3 { try world.simulator.addMessage(Self.mail("b\(index)@x"), mailbox: Self.alice) }
        world.simulator.failNext(.syncFolderItems, with: .serverBusy(backOffMilliseconds: 1_500))
        let first = try #require(try await world.engine.syncOnce().first)
        #expect(first.failure != nil)
        let errors = try await world.store.errors(integrationID: "ews")
        // BackOffMilliseconds 1500 is honoured, and the record says so to the millisecond.
        #expect(errors.first?.action == .retrying(afterSeconds: 1.5))
        #expect(try await world.store.integration(id: "ews")?.enabled == true)
        let second = try #require(try await world.engine.syncOnce().first)
        #expect(second.failure == nil)
        #expect(try await world.comments().count == 3)
        await world.stop()
    }

    @Test func invalidSyncStateResyncsWithoutDuplicates() async throws {
        let world = try await World()
        try await world.addIntegration()
        for index in 0..<4 { try world.simulator.addMessage(Self.mail("s\(index)@x"), mailbox: Self.alice) }
        _ = try await world.engine.syncOnce()
        try world.simulator.addMessage(Self.mail("s-new@x"), mailbox: Self.alice)
        world.simulator.failNext(.syncFolderItems, with: .invalidSyncState)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        let ids = try await world.comments().map(\.comment.id)
        #expect(ids.count == 5)
        #expect(Set(ids).count == 5)
        await world.stop()
    }

    @Test func itemErrorsAreSkippedAndRecorded() async throws {
        let world = try await World()
        try await world.addIntegration()
        let bad = try world.simulator.addMessage(Self.mail("bad@x"), mailbox: Self.alice)
        try world.simulator.addMessage(Self.mail("good@x"), mailbox: Self.alice)
        try world.simulator.setItemFailure(.mimeContentConversionFailed, for: bad)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(try await world.comments().map(\.comment.id) == [ContentHash.hex("good@x".utf8)])
        #expect(try await world.store.errors(integrationID: "ews").map(\.kind) == [.itemSkipped])
        await world.stop()
    }

    @Test func startTimeSkipsOlderMailAndNewMailFollows() async throws {
        let world = try await World()
        let integration = try await world.addIntegration()
        var updated = integration
        updated.mailboxes[0].startTimestamp = Date(timeIntervalSince1970: 1_735_689_600) // 2025-01-01
        try await world.store.saveIntegration(updated)
        try world.simulator.addMessage(Self.mail("old@x", date: "Mon, 2 Dec 2024 10:00:00 +0000"), mailbox: Self.alice,
                                       received: Date(timeIntervalSince1970: 1_733_133_600))
        try world.simulator.addMessage(Self.mail("recent@x"), mailbox: Self.alice,
                                       received: Date(timeIntervalSince1970: 1_736_158_500))
        _ = try await world.engine.syncOnce()
        #expect(try await world.comments().map(\.comment.id) == [ContentHash.hex("recent@x".utf8)])
        try world.simulator.addMessage(Self.mail("newer@x"), mailbox: Self.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.report?.result.created == 1)
        #expect(try await world.comments().count == 2)
        await world.stop()
    }

    /// The other direction: the source folder ("Inbox") sorts after the target ("Archive"), or before ("Zeta").
    @Test(arguments: ["Archive", "Zeta"])
    func moveIntoAFolderSyncedBeforeOrAfter(target: String) async throws {
        let world = try await World()
        try await world.addIntegration()
        let folder = try world.simulator.createFolder(named: target, mailbox: Self.alice)
        let message = try world.simulator.addMessage(Self.mail("mv@x"), mailbox: Self.alice)
        _ = try await world.engine.syncOnce()
        try world.simulator.move(message, to: .id(folder))
        _ = try await world.engine.syncOnce()
        try world.simulator.move(message, to: .inbox)
        _ = try await world.engine.syncOnce()
        let comments = try await world.comments()
        #expect(comments.count == 1)
        #expect(comments.first?.comment.userProperties["string:Folder"] == .string("Inbox"))
        await world.stop()
    }

    @Test func sameMessageInTwoMailboxesIsOneComment() async throws {
        let world = try await World(authentication: [.basic])
        try await world.addIntegration(user: "svc", password: "svc-pw", mailboxes: [Self.alice, "shared@contoso.com"],
                                       accessType: "impersonation", authentication: "basic")
        try world.simulator.addMessage(Self.mail("both@x"), mailbox: Self.alice)
        try world.simulator.addMessage(Self.mail("both@x"), mailbox: "shared@contoso.com")
        let outcomes = try await world.engine.syncOnce()
        #expect(outcomes.allSatisfy { $0.failure == nil })
        #expect(try await world.comments().count == 1)
        await world.stop()
    }

    @Test func reEnablingResumesFromTheSyncState() async throws {
        let world = try await World()
        try await world.addIntegration()
        try world.simulator.addMessage(Self.mail("r1@x"), mailbox: Self.alice)
        _ = try await world.engine.syncOnce()
        try await world.store.setIntegrationEnabled(id: "ews", enabled: false, reason: .user)
        try world.simulator.addMessage(Self.mail("r2@x"), mailbox: Self.alice)
        #expect(try await world.engine.syncOnce().isEmpty)
        try await world.store.setIntegrationEnabled(id: "ews", enabled: true, reason: nil)
        let outcome = try #require(try await world.engine.syncOnce().first)
        // Only the new message comes: the saved SyncState was used, not a full resync.
        #expect(outcome.report?.result.created == 1)
        #expect(outcome.report?.result.unchanged == 0)
        #expect(try await world.comments().count == 2)
        await world.stop()
    }

    /// Throttling, outages and dropped connections back off (with the server's hint when it gave one) and never
    /// disable anything; the next pass catches up.
    @Test(arguments: [InjectedFailure.http503, .http429(retryAfter: 2), .dropConnection, .timeoutExpired,
                      .internalServerTransientError])
    func transientFailuresBackOffAndTheNextPassCatchesUp(failure: InjectedFailure) async throws {
        let world = try await World(retryBudget: .zero)
        try await world.addIntegration()
        for index in 0..<2 { try world.simulator.addMessage(Self.mail("t\(index)@x"), mailbox: Self.alice) }
        world.simulator.failNext(.syncFolderItems, with: failure)
        let first = try #require(try await world.engine.syncOnce().first)
        #expect(first.failure != nil)
        let integration = try #require(try await world.store.integration(id: "ews"))
        #expect(integration.enabled && integration.mailboxes.allSatisfy(\.enabled))
        let errors = try await world.store.errors(integrationID: "ews")
        #expect(errors.map(\.kind) == [.serverUnavailable])
        if case .http429(let seconds) = failure {
            #expect(errors.first?.action == .retrying(afterSeconds: Double(seconds)))
        }
        let second = try #require(try await world.engine.syncOnce().first)
        #expect(second.failure == nil)
        #expect(try await world.comments().count == 2)
        await world.stop()
    }
}

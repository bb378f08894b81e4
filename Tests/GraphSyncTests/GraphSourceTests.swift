import ClientTLS
import Domain
import EntraSimulator
import Foundation
import GraphSimulator
import Logging
import MicrosoftGraph
import SQLiteStore
import Store
import Sync
import Testing

/// The Graph source on its own and with the engine: folders and roles, immutable ids, attachments from the MIME,
/// Graph's 4-concurrent-requests limit, certificate credentials, and the outbound policy.
@Suite struct GraphSourceTests {
    static let alice = GraphWorld.alice

    func settings(_ world: GraphWorld, mailbox: String = GraphWorld.alice) throws -> GraphSourceSettings {
        try GraphConnection(try world.connection()).sourceSettings(mailbox: mailbox)
    }

    func source(_ world: GraphWorld, mailbox: String = GraphWorld.alice) async throws -> GraphMailSource {
        try await world.connector.makeSource(try settings(world, mailbox: mailbox))
    }

    @Test func foldersAreNestedWithPathsAndWellKnownRoles() async throws {
        let world = try await GraphWorld()
        let projects = try world.simulator.createFolder(named: "Projects", in: .inbox, mailbox: Self.alice)
        try world.simulator.createFolder(named: "2026", in: .id(projects), mailbox: Self.alice)
        let folders = try await source(world).folders()
        let byName = Dictionary(uniqueKeysWithValues: folders.map { ($0.name, $0) })
        #expect(byName["Inbox/Projects/2026"] != nil)
        #expect(byName["Inbox/Projects"]?.serverID == projects)
        #expect(byName["Inbox"]?.role == "inbox")
        #expect(byName["Sent Items"]?.role == "sent")
        #expect(byName["Deleted Items"]?.role == "trash")
        #expect(byName["Junk Email"]?.role == "junk")
        #expect(byName["Drafts"]?.role == "drafts")
        #expect(byName["Archive"]?.role == "archive")
        #expect(byName["Inbox/Projects"]?.role == nil)
        await world.stop()
    }

    /// Ids are immutable (`Prefer: IdType="ImmutableId"`): what the source reports is the id that survives moves.
    @Test func serverIDsAreImmutableIDs() async throws {
        let world = try await GraphWorld()
        let message = try world.simulator.deliver(GraphWorld.mail("id@x"), mailbox: Self.alice)
        let source = try await source(world)
        let inbox = try #require(try await source.folders().first { $0.role == "inbox" })
        var ids: [String] = []
        for page in try await source.allPages(in: inbox, since: nil, startTimestamp: nil) {
            for case .upsert(let serverID, _, _, let isRead) in page.changes {
                ids.append(serverID)
                #expect(isRead == false)
            }
        }
        #expect(ids == [message.immutableID])
        #expect(world.simulator.restID(of: message) != message.immutableID)
        await world.stop()
    }

    /// The cursor saved with each page is the link Graph gave: the next page's while a round goes on, the delta
    /// link at its end.
    @Test func theCursorSavedWithEachPageIsGraphsLink() async throws {
        let world = try await GraphWorld()
        let integration = try await world.addIntegration()
        for index in 0..<3 { try world.simulator.deliver(GraphWorld.mail("k\(index)@x"), mailbox: Self.alice) }
        let source = try await source(world)
        let inbox = try #require(try await source.folders().first { $0.role == "inbox" })
        var cursors: [String] = []
        for page in try await source.allPages(in: inbox, since: nil, startTimestamp: nil) { cursors.append(page.cursor) }
        #expect(cursors.count == 1)
        #expect(cursors.first?.hasPrefix("https://127.0.0.1:\(world.port)/v1.0/users/") == true)
        #expect(cursors.first?.contains("$deltatoken=") == true, "\(cursors)")

        #expect(try await world.engine.syncOnce().first?.failure == nil)
        let saved = try await world.store.folderCursor(mailboxID: integration.mailboxes[0].id, folder: "Inbox")
        #expect(saved?.contains("$deltatoken=") == true, "\(saved ?? "none")")
        await world.stop()
    }

    @Test func aPageCursorIsTheNextLinkWhileTheRoundGoesOn() async throws {
        let world = try await GraphWorld()
        for index in 0..<5 { try world.simulator.deliver(GraphWorld.mail("n\(index)@x"), mailbox: Self.alice) }
        var settings = try settings(world)
        settings.pageSize = 2
        let source = try await world.connector.makeSource(settings)
        let inbox = try #require(try await source.folders().first { $0.role == "inbox" })
        var cursors: [String] = []
        var ids: [String] = []
        for page in try await source.allPages(in: inbox, since: nil, startTimestamp: nil) {
            cursors.append(page.cursor)
            for case .upsert(let id, _, _, _) in page.changes { ids.append(id) }
        }
        #expect(cursors.count == 3)
        #expect(cursors.dropLast().allSatisfy { $0.contains("$skiptoken=") }, "\(cursors)")
        #expect(cursors.last?.contains("$deltatoken=") == true)
        // Resuming from a page's link goes on after that page.
        var resumed: [String] = []
        for page in try await source.allPages(in: inbox, since: cursors[0], startTimestamp: nil) {
            for case .upsert(let id, _, _, _) in page.changes { resumed.append(id) }
        }
        #expect(resumed == Array(ids.dropFirst(2)))
        await world.stop()
    }

    /// The read state comes with each message and follows later changes (isRead is in the small `$select`).
    @Test func readStateFollowsTheMailbox() async throws {
        let world = try await GraphWorld()
        try await world.addIntegration()
        let message = try world.simulator.deliver(GraphWorld.mail("rd@x"), mailbox: Self.alice)
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        let bucket = try #require(try await world.store.bucket(owner: "ops", name: "mail"))
        func isRead() async throws -> Bool? {
            try await world.store.emails(bucketID: bucket.id, afterID: nil, limit: 10).first?.isRead
        }
        #expect(try await isRead() == false)
        let sequence = try await world.comments().first?.sequence
        try world.simulator.markRead(message)
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        #expect(try await isRead() == true)
        #expect(try await world.comments().first?.sequence == sequence)
        await world.stop()
    }

    /// A page of 40 downloads with every request slowed down: never more than 4 at once, so Graph never throttles.
    @Test func downloadsStayWithinFourConcurrentRequests() async throws {
        let world = try await GraphWorld(retryBudget: .zero) {
            $0.responseDelay = .milliseconds(20)
            $0.defaultPageSize = 50
        }
        try await world.addIntegration()
        for index in 0..<40 { try world.simulator.deliver(GraphWorld.mail("c\(index)@x"), mailbox: Self.alice) }
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(try await world.comments().count == 40)
        #expect(world.simulator.receivedRequests.allSatisfy { $0.status != 429 })
        await world.stop()
    }

    /// Attachments come from the MIME, an attached email (message/rfc822, Graph's itemAttachment) included, and
    /// stay readable.
    @Test func attachmentsComeFromTheMIMEIncludingAnAttachedEmail() async throws {
        let world = try await GraphWorld()
        try await world.addIntegration()
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../scripts/graph-sim").standardized
        for name in ["invoice-with-attachment.eml", "forwarded-email.eml"] {
            let mime = try [UInt8](Data(contentsOf: samples.appendingPathComponent(name)))
            try world.simulator.deliver(mime, mailbox: Self.alice)
        }
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        let forwarded = try #require(try await world.comment("fwd-12@example.com"))
        let attached = try #require(forwarded.attachments.first)
        #expect(attached.name == "Original question.eml")
        #expect(attached.contentType == "message/rfc822")
        let reference = try #require(attached.attachmentReference)
        let content = try #require(try await world.store.attachment(reference: reference)?.content)
        #expect(String(decoding: content, as: UTF8.self).contains("Can Contoso ship by April?"))
        let comments = try await world.comments()
        #expect(comments.count == 2)
        let invoice = try #require(comments.first { $0.comment.id != forwarded.id }?.comment)
        #expect(!invoice.attachments.isEmpty)
        #expect(invoice.attachments.allSatisfy { $0.attachmentReference != nil })
        await world.stop()
    }

    /// The app may prove itself with its certificate (a signed client assertion) instead of a secret.
    @Test func aCertificateCredentialSyncs() async throws {
        let world = try await GraphWorld()
        var input = try GraphWorld.connectionInput(port: world.port, secret: nil)
        input["client_certificate"] = .string(try GraphWorld.fixture("app-certificate"))
        input["client_private_key"] = .string(try GraphWorld.fixture("app-private-key"))
        try await world.addIntegration(connection: try world.connector.settings(from: input, previous: nil))
        try world.simulator.deliver(GraphWorld.mail("cert@x"), mailbox: Self.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(world.simulator.tokenRequests.map(\.credential) == [.assertion])
        #expect(try await world.comments().count == 1)
        await world.stop()
    }

    /// Invariant 8: Graph on 127.0.0.1 is refused by the default policy before anything reaches it, with the
    /// address, the reason and the setting that allows it; with the allowance the same integration syncs.
    @Test func aGraphEndpointOnLoopbackIsRefusedWithoutTheAllowance() async throws {
        let world = try await GraphWorld(policy: OutboundPolicy())
        try await world.addIntegration()
        try world.simulator.deliver(GraphWorld.mail("o@x"), mailbox: Self.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        let failure = outcome.failure ?? "no failure"
        #expect(failure.contains("outbound connection to 127.0.0.1 refused: a loopback address"), "\(failure)")
        #expect(world.simulator.tokenRequests.isEmpty)
        #expect(world.simulator.receivedRequests.isEmpty)
        #expect(try await world.store.integration(id: "graph")?.enabled == false)
        let errors = try await world.store.errors(integrationID: "graph")
        #expect(errors.map(\.action) == [.integrationDisabled])
        #expect(errors.first?.fullErrorText.contains("127.0.0.1, port \(world.port)") == true)
        #expect(errors.first?.errorText.contains("--allow-private-networks") == true)

        try await world.store.setIntegrationEnabled(id: "graph", enabled: true, reason: nil)
        let allowing = SyncEngine(
            store: world.store,
            factory: GraphConnector(outboundPolicy: OutboundPolicy(allowPrivateNetworks: true)),
            logger: Logger(label: "graph-outbound-test"))
        let synced = try #require(try await allowing.syncOnce().first)
        #expect(synced.failure == nil)
        #expect(synced.report?.result.created == 1)
        await world.stop()
    }
}

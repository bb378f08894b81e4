import ClientTLS
import Domain
import EWS
import EWSSimulator
import Foundation
import Logging
import SQLiteStore
import Store
import Sync
import Testing

/// ErrorMailboxMoveInProgress and its kin: Exchange moving a mailbox between databases or failing it over. The
/// engine retries for a while, and disables only that mailbox, with an error record, when it lasts longer than
/// `mailboxUnavailableLimit` (counted in the store from the first failure of the run).
@Suite struct EWSMailboxOutageTests {
    typealias World = EWSSyncTests.World

    /// An engine over the world's store whose limit is one second, so a test can outlast it. No retries within a
    /// pass: each injected failure then fails its pass, and the tests see the clock across passes.
    static func engine(_ world: World) -> SyncEngine {
        var configuration = SyncEngine.Configuration()
        configuration.backoffBase = .milliseconds(5)
        configuration.mailboxUnavailableLimit = .seconds(1)
        configuration.retryBudget = .zero
        return SyncEngine(store: world.store, factory: EWSSourceFactory(outboundPolicy: world.policy),
                          configuration: configuration,
                          logger: Logger(label: "ews-outage-test"))
    }

    static func mailbox(_ world: World, _ address: String) async throws -> Mailbox? {
        try await world.store.integration(id: "ews")?.mailboxes.first { $0.email == address }
    }

    @Test func aMoveThatLastsTooLongDisablesOnlyThatMailbox() async throws {
        let world = try await World(authentication: [.basic])
        let moving = "shared@contoso.com", other = EWSSyncTests.alice
        try await world.addIntegration(user: "svc", password: "svc-pw", mailboxes: [other, moving],
                                       accessType: "impersonation", authentication: "basic")
        try world.simulator.addMessage(EWSSyncTests.mail("s@x"), mailbox: moving)
        let engine = Self.engine(world)
        world.simulator.failNext(operation: "SyncFolderHierarchy", mailbox: moving, with: .mailboxMoveInProgress)
        var outcomes = try await engine.syncOnce()
        #expect(outcomes.filter { $0.failure != nil }.map(\.mailbox) == [moving])
        // First failure of the run: retrying, and recorded as such.
        #expect(try await Self.mailbox(world, moving)?.enabled == true)
        let first = try await world.store.errors(integrationID: "ews")
        #expect(first.map(\.kind) == [.mailboxUnavailable])
        #expect(first.first?.mailboxID == "mb-\(moving)")
        guard case .retrying? = first.first?.action else {
            Issue.record("expected a retrying action, got \(String(describing: first.first?.action))")
            return
        }

        // Still moving after the limit: that mailbox is disabled, the other one and the integration are not.
        try await Task.sleep(for: .milliseconds(1_200))
        world.simulator.failNext(operation: "SyncFolderHierarchy", mailbox: moving, with: .mailboxMoveInProgress)
        outcomes = try await engine.syncOnce()
        #expect(outcomes.count == 2)
        let failed = try #require(try await Self.mailbox(world, moving))
        #expect(!failed.enabled)
        #expect(failed.disabledReason == .syncError)
        #expect(try await Self.mailbox(world, other)?.enabled == true)
        #expect(try await world.store.integration(id: "ews")?.enabled == true)
        let last = try #require(try await world.store.errors(integrationID: "ews").last)
        #expect(last.kind == .mailboxUnavailable)
        #expect(last.action == .mailboxDisabled(mailbox: moving))
        #expect(last.errorText.contains("unavailable for"))
        #expect(last.fullErrorText.contains("ErrorMailboxMoveInProgress"))

        // Re-enabling starts the clock over: one more failure retries instead of disabling, and then it resumes.
        try await world.store.setMailboxEnabled(integrationID: "ews", mailboxID: failed.id, enabled: true, reason: nil)
        world.simulator.failNext(operation: "SyncFolderHierarchy", mailbox: moving, with: .mailboxMoveInProgress)
        _ = try await engine.syncOnce()
        #expect(try await Self.mailbox(world, moving)?.enabled == true)
        outcomes = try await engine.syncOnce()
        #expect(outcomes.allSatisfy { $0.failure == nil })
        #expect(try await world.comments().count == 1)
        await world.stop()
    }

    @Test func aGoodPassEndsTheOutageSoALaterOneStartsItsOwnClock() async throws {
        let world = try await World()
        try await world.addIntegration()
        try world.simulator.addMessage(EWSSyncTests.mail("a@x"), mailbox: EWSSyncTests.alice)
        let engine = Self.engine(world)
        world.simulator.failNext(operation: "SyncFolderItems", with: .mailboxMoveInProgress, count: 1)
        #expect(try await engine.syncOnce().first?.failure != nil)
        try await Task.sleep(for: .milliseconds(1_200))
        // The move finished: the pass goes through and the run ends.
        #expect(try await engine.syncOnce().first?.failure == nil)
        #expect(try await world.comments().count == 1)
        // A new move, long after the first one began: retried, not disabled.
        world.simulator.failNext(operation: "SyncFolderItems", with: .mailboxMoveInProgress, count: 1)
        #expect(try await engine.syncOnce().first?.failure != nil)
        #expect(try await Self.mailbox(world, EWSSyncTests.alice)?.enabled == true)
        #expect(try await world.store.errors(integrationID: "ews").map(\.action).allSatisfy {
            if case .retrying = $0 { true } else { false }
        })
        await world.stop()
    }

    @Test func aServerWideOutageIsNotAMailboxOutage() async throws {
        // ErrorServerBusy stays transient however long it lasts: nothing is disabled, no clock starts.
        let world = try await World()
        try await world.addIntegration()
        let engine = Self.engine(world)
        world.simulator.failNext(operation: "SyncFolderHierarchy", with: .serverBusy(backOffMilliseconds: 10), count: 1)
        #expect(try await engine.syncOnce().first?.failure != nil)
        try await Task.sleep(for: .milliseconds(1_200))
        world.simulator.failNext(operation: "SyncFolderHierarchy", with: .serverBusy(backOffMilliseconds: 10), count: 1)
        #expect(try await engine.syncOnce().first?.failure != nil)
        #expect(try await Self.mailbox(world, EWSSyncTests.alice)?.enabled == true)
        #expect(try await world.store.errors(integrationID: "ews").map(\.kind).allSatisfy { $0 == .serverUnavailable })
        await world.stop()
    }
}

import Domain
import EntraSimulator
import EWS
import EWSSimulator
import Foundation
import Logging
import SQLiteStore
import Store
import Sync
import Testing

/// Throttling and outages retried within the pass against the simulator (issue 16, part 3): the pass succeeds,
/// stores every message once, waits at least what Exchange asked for, and leaves no error record; a failure that
/// lasts spends the budget and is reported then.
@Suite struct EWSRetryTests {
    typealias World = EWSSyncTests.World
    static let alice = EWSSyncTests.alice

    /// The issue's case: one 429 with Retry-After: 1 and one ErrorServerBusy with BackOffMilliseconds 300.
    @Test func throttlingAndServerBusyAreRetriedWithinThePass() async throws {
        let world = try await World()
        try await world.addIntegration()
        let archive = try world.simulator.createFolder(named: "Archive", mailbox: Self.alice)
        for index in 0..<3 { try world.simulator.addMessage(EWSSyncTests.mail("h\(index)@x"), mailbox: Self.alice) }
        try world.simulator.addMessage(EWSSyncTests.mail("a@x"), to: .id(archive), mailbox: Self.alice)
        world.simulator.failNext(.syncFolderItems, with: .http429(retryAfter: 1))
        world.simulator.failNext(operation: "GetItem", with: .serverBusy(backOffMilliseconds: 300))
        let clock = ContinuousClock()
        let start = clock.now
        let outcome = try #require(try await world.engine.syncOnce().first)
        let elapsed = clock.now - start
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(outcome.report?.result.created == 4)
        #expect(outcome.retries.count == 2)
        // Retry-After 1 s and BackOffMilliseconds 300 were both waited for, in full.
        #expect(outcome.retries.waited == .milliseconds(1_300))
        #expect(elapsed >= .milliseconds(1_300))
        let ids = try await world.comments().map(\.comment.id)
        #expect(ids.count == 4)
        #expect(Set(ids).count == 4)
        #expect(try await world.store.errors(integrationID: "ews").isEmpty)
        #expect(world.simulator.receivedOperations.filter { $0 == "SyncFolderHierarchy" }.count == 3)
        // The next pass finds nothing new: the retried pass saved every folder's SyncState.
        let again = try #require(try await world.engine.syncOnce().first)
        #expect(again.report?.result == SyncBatchResult())
        await world.stop()
    }

    /// Every transient failure the simulator injects is retried within the pass, a mailbox failing over too.
    @Test(arguments: [InjectedFailure.http503, .http429(retryAfter: 1), .dropConnection, .timeoutExpired,
                      .internalServerTransientError, .serverBusyInResponseMessage(backOffMilliseconds: 200),
                      .mailboxMoveInProgress])
    func transientFailuresAreRetriedWithinThePass(failure: InjectedFailure) async throws {
        let world = try await World()
        try await world.addIntegration()
        for index in 0..<2 { try world.simulator.addMessage(EWSSyncTests.mail("t\(index)@x"), mailbox: Self.alice) }
        world.simulator.failNext(.syncFolderItems, with: failure)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(outcome.retries.count == 1)
        #expect(try await world.comments().count == 2)
        #expect(try await world.store.errors(integrationID: "ews").isEmpty)
        await world.stop()
    }

    /// ErrorServerBusy on every request: retried until the budget is spent, then reported; nothing disabled.
    @Test func aServerThatStaysBusyIsReportedOnceTheBudgetIsSpent() async throws {
        let world = try await World(retryBudget: .seconds(1))
        try await world.addIntegration()
        try world.simulator.addMessage(EWSSyncTests.mail("b@x"), mailbox: Self.alice)
        world.simulator.failNext(.syncFolderItems, with: .serverBusy(backOffMilliseconds: 300), count: 100)
        let outcome = try #require(try await world.engine.syncOnce().first)
        // Each retry waited the 300 ms asked for; the pass stopped when the next wait would end past the budget.
        let retries = outcome.retries
        #expect(retries.count >= 1)
        #expect(retries.waited == .milliseconds(300) * retries.count)
        #expect(retries.waited <= .seconds(1))
        #expect(retries.elapsed + .milliseconds(300) > .seconds(1))
        let failure = try #require(outcome.failure)
        #expect(failure.hasPrefix("the Exchange server is busy: "), "\(failure)")
        #expect(failure.contains("ErrorServerBusy"), "\(failure)")
        #expect(failure.contains("still failing after \(retries.count) retr"), "\(failure)")
        #expect(failure.hasSuffix("the retry budget is 1 s (--retry-budget))"), "\(failure)")
        let errors = try await world.store.errors(integrationID: "ews")
        #expect(errors.map(\.kind) == [.serverUnavailable])
        #expect(errors.first?.action == .retrying(afterSeconds: 0.3))
        #expect(try await world.store.integration(id: "ews")?.enabled == true)
        world.simulator.clearFailures()
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        #expect(try await world.comments().count == 1)
        await world.stop()
    }

    /// The Entra ID token endpoint throttling: retried within the pass after its Retry-After.
    @Test func aThrottledTokenRequestIsRetriedWithinThePass() async throws {
        let world = try await EWSOAuthTests.World()
        try await world.addIntegration(world.withSecret())
        try world.simulator.addMessage(EWSSyncTests.mail("o@x"), mailbox: Self.alice)
        world.simulator.failNextTokenRequests(with: .throttled(retryAfter: 1))
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil, "\(outcome.failure ?? "")")
        #expect(outcome.retries.waited == .seconds(1))
        #expect(try await world.commentCount() == 1)
        #expect(world.simulator.tokenRequests.map(\.status) == [429, 200])
        #expect(try await world.store.errors(integrationID: "ews").isEmpty)
        await world.stop()
    }
}

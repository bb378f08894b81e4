import Domain
import EntraSimulator
import Foundation
import GraphSimulator
import MicrosoftGraph
import SQLiteStore
import Store
import Sync
import Testing

/// Each Graph failure of issue 18's point 2 goes to the right level: back off (honouring Retry-After, fractional
/// seconds too), resync, disable the integration, disable the mailbox, or skip the item and record it.
@Suite struct GraphFailureTests {
    static let alice = GraphWorld.alice

    /// Throttling, outages and dropped connections back off and never disable anything; the next pass catches up.
    @Test(arguments: [GraphFailure.throttled(retryAfter: 2.128), .serviceUnavailable(retryAfter: 1.5),
                      .serviceUnavailable(retryAfter: nil), .gatewayTimeout, .dropConnection])
    func transientFailuresBackOffAndTheNextPassCatchesUp(failure: GraphFailure) async throws {
        let world = try await GraphWorld(retryBudget: .zero)
        try await world.addIntegration()
        for index in 0..<2 { try world.simulator.deliver(GraphWorld.mail("t\(index)@x"), mailbox: Self.alice) }
        world.simulator.failNext(.messageDelta, with: failure)
        let first = try #require(try await world.engine.syncOnce().first)
        #expect(first.failure != nil)
        let integration = try #require(try await world.store.integration(id: "graph"))
        #expect(integration.enabled && integration.mailboxes.allSatisfy(\.enabled))
        let errors = try await world.store.errors(integrationID: "graph")
        #expect(errors.map(\.kind) == [.serverUnavailable])
        switch failure {
        case .throttled(let seconds), .serviceUnavailable(let seconds?):
            // Retry-After is honoured to the millisecond, fractions included.
            #expect(errors.first?.action == .retrying(afterSeconds: seconds), "\(String(describing: errors.first))")
        default:
            break
        }
        let second = try #require(try await world.engine.syncOnce().first)
        #expect(second.failure == nil)
        #expect(try await world.comments().count == 2)
        await world.stop()
    }

    /// With a retry budget the pass retries by itself after Retry-After, and finishes.
    @Test func throttlingIsRetriedWithinThePass() async throws {
        let world = try await GraphWorld()
        try await world.addIntegration()
        try world.simulator.deliver(GraphWorld.mail("w@x"), mailbox: Self.alice)
        world.simulator.failNext(.mime, with: .throttled(retryAfter: 0.25))
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.retries.count == 1)
        #expect(outcome.retries.waited >= .milliseconds(250))
        #expect(try await world.comments().count == 1)
        await world.stop()
    }

    enum Credentials: String, CaseIterable, Sendable {
        case wrongSecret = "AADSTS7000215"
        case expiredSecret = "AADSTS7000222"
        case appNotInTenant = "AADSTS700016"
        case appDisabled = "AADSTS7000112"
    }

    /// Entra ID's invalid_client answers disable the integration, with the AADSTS code and what to do.
    @Test(arguments: Credentials.allCases)
    func credentialErrorsDisableTheIntegration(problem: Credentials) async throws {
        let world = try await GraphWorld()
        var secret = GraphWorld.secret
        switch problem {
        case .wrongSecret: secret = "not-the-secret"
        case .expiredSecret: world.simulator.expireSecrets(clientID: GraphWorld.clientID)
        case .appNotInTenant: world.simulator.removeApplication(clientID: GraphWorld.clientID)
        case .appDisabled: world.simulator.setApplicationEnabled(false, clientID: GraphWorld.clientID)
        }
        try await world.addIntegration(connection: try world.connection(secret: secret))
        let outcomes = try await world.engine.syncOnce()
        #expect(outcomes.first?.failure != nil)
        let integration = try #require(try await world.store.integration(id: "graph"))
        #expect(!integration.enabled)
        let errors = try await world.store.errors(integrationID: "graph")
        #expect(errors.map(\.kind) == [.invalidExchangeCredentials])
        #expect(errors.first?.errorText.hasPrefix(problem.rawValue) == true, "\(errors.first?.errorText ?? "")")
        #expect(world.simulator.receivedRequests.isEmpty)
        await world.stop()
    }

    enum MailboxProblem: String, CaseIterable, Sendable {
        case notEnabledForREST, accessPolicy, invalidUser, noSuchUser
    }

    /// A mailbox Graph can't open disables that mailbox only; the other one syncs.
    @Test(arguments: MailboxProblem.allCases)
    func mailboxErrorsDisableOnlyThatMailbox(problem: MailboxProblem) async throws {
        let world = try await GraphWorld()
        var broken = GraphWorld.bob
        let expected: IntegrationError.Kind
        switch problem {
        case .notEnabledForREST:
            try world.simulator.setRESTEnabled(false, mailbox: broken)
            expected = .mailboxAccessDenied
        case .accessPolicy:
            world.simulator.setApplicationAccessPolicy(clientID: GraphWorld.clientID, allowedMailboxes: [Self.alice])
            expected = .mailboxAccessDenied
        case .invalidUser:
            world.simulator.failNext(mailbox: broken, with: .invalidUser)
            expected = .mailboxNotFound
        case .noSuchUser:
            broken = "nobody@contoso.com"
            expected = .mailboxNotFound
        }
        try await world.addIntegration(mailboxes: [Self.alice, broken])
        try world.simulator.deliver(GraphWorld.mail("a@x"), mailbox: Self.alice)
        let outcomes = try await world.engine.syncOnce()
        #expect(outcomes.count == 2)
        let integration = try #require(try await world.store.integration(id: "graph"))
        #expect(integration.enabled)
        #expect(integration.mailboxes.first { $0.email == Self.alice }?.enabled == true)
        #expect(integration.mailboxes.first { $0.email == broken }?.enabled == false)
        let errors = try await world.store.errors(integrationID: "graph")
        #expect(errors.map(\.kind) == [expected])
        #expect(errors.first?.errorText.contains(broken) == true)
        #expect(try await world.comments().count == 1)
        await world.stop()
    }

    /// A message deleted between the delta page and its download (ErrorItemNotFound) is skipped and recorded; the
    /// rest of the page is stored.
    @Test func anItemDeletedInFlightIsSkippedAndRecorded() async throws {
        let world = try await GraphWorld()
        try await world.addIntegration()
        try world.simulator.deliver(GraphWorld.mail("gone@x"), mailbox: Self.alice)
        try world.simulator.deliver(GraphWorld.mail("kept@x"), mailbox: Self.alice)
        world.simulator.failNext(.mime, with: .itemNotFound)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.skippedItems == 1)
        #expect(try await world.comments().count == 1)
        let errors = try await world.store.errors(integrationID: "graph")
        #expect(errors.map(\.kind) == [.itemSkipped])
        #expect(errors.first?.fullErrorText.contains("ErrorItemNotFound") == true)
        await world.stop()
    }

    /// An expired access token (401) is replaced once, and the sync goes on.
    @Test func anExpiredTokenIsRenewed() async throws {
        let world = try await GraphWorld()
        try await world.addIntegration()
        try world.simulator.deliver(GraphWorld.mail("x1@x"), mailbox: Self.alice)
        #expect(try await world.engine.syncOnce().first?.failure == nil)
        world.simulator.expireIssuedTokens()
        try world.simulator.deliver(GraphWorld.mail("x2@x"), mailbox: Self.alice)
        let outcome = try #require(try await world.engine.syncOnce().first)
        #expect(outcome.failure == nil)
        #expect(outcome.report?.result.created == 1)
        #expect(world.simulator.tokenRequests.filter { $0.status == 200 }.count == 2)
        await world.stop()
    }
}

import Domain
import Foundation
import Logging
import ServiceLifecycle
import SQLiteStore
import Store
import Testing
@testable import Sync

/// DESIGN.md invariant 10 inside the engine: graceful shutdown (what SIGTERM triggers through the ServiceGroup)
/// ends `run` at once, even while a mailbox waits a minute to retry and the engine would look for new
/// integrations only a minute later.
@Suite struct GracefulShutdownTests {
    @Test func shutdownEndsABackOffWaitAtOnce() async throws {
        let server = FakeMailServer()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mailstream-stop-\(UUID())")
        defer { try? FileManager.default.removeItem(at: folder) }
        let dataFolder = try DataFolder(path: folder.path)
        let store = SQLiteStore(dataFolder: dataFolder,
                                secrets: try SecretBox.load(environment: [:], keyFile: dataFolder.secretKeyFile))
        var configuration = SyncEngine.Configuration()
        configuration.reloadInterval = .seconds(60)
        configuration.backoffBase = .seconds(60)
        configuration.backoffMaximum = .seconds(60)
        // The failure is recorded at once, not after the pass has spent its retry budget.
        configuration.retryBudget = .zero
        let engine = SyncEngine(store: store, factory: FakeSourceFactory(server: server), configuration: configuration,
                                logger: Logger(label: "test"))
        let now = Date()
        try await store.saveIntegration(Integration(
            id: "int", owner: "ops", name: "imap", kind: Integration.Kind("imap"),
            connection: ConnectionSettings(fields: ["host": .string("fake")]),
            mailboxes: [Mailbox(id: "mb", email: "alice@example.com", bucketOwner: "ops", bucketName: "mail")],
            createdAt: now, updatedAt: now))
        await server.fail("alice@example.com", with: MailSourceError(.transient(retryAfter: nil), "server down"))

        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: engine)], logger: Logger(label: "test")))
        let running = Task { try await group.run() }
        let clock = ContinuousClock()
        let started = clock.now
        while try await store.errors(integrationID: "int").isEmpty {
            try #require(clock.now - started < .seconds(60), "the first pass recorded no failure within 60 s")
            try await Task.sleep(for: .milliseconds(10))
        }
        // The failure is recorded: the mailbox now waits 30-60 s to retry.
        try await Task.sleep(for: .milliseconds(100))
        let asked = clock.now
        await group.triggerGracefulShutdown()
        try await running.value
        let took = clock.now - asked
        #expect(took < .seconds(5), "run went on for \(took) after graceful shutdown")
    }

    @Test func aTaskCancelledWhileWaitingForAPermitStopsWaiting() async throws {
        let limiter = ConcurrencyLimiter(limit: 1)
        let holder = Task {
            await limiter.withPermit {
                // Holds the only permit far longer than the test waits; not cancellable on purpose.
                let end = ContinuousClock.now + .seconds(3)
                while ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(20)) }
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        let waiter = Task { await limiter.withPermit { Task.isCancelled } }
        try await Task.sleep(for: .milliseconds(50))
        let clock = ContinuousClock()
        let asked = clock.now
        waiter.cancel()
        let ranCancelled = await waiter.value
        // The holder keeps the permit 3 s: a waiter that waited for it would take about 2.9 s.
        #expect(clock.now - asked < .seconds(2), "the cancelled task waited for the permit")
        #expect(ranCancelled, "the operation runs, cancelled, to notice it and end")
        await holder.value
    }
}

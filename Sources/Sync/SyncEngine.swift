import Domain
import Foundation
import Logging
import ServiceLifecycle
import Store

/// Keeps every enabled mailbox of every enabled integration in sync: one task per mailbox, at most
/// `maximumConcurrentMailboxes` syncing at once, each waiting on its source (IDLE) or polling between passes.
/// Runs as a `Service`; `syncOnce` does a single pass for `mailstream sync --once`.
public final class SyncEngine: Service, Sendable {
    public struct Configuration: Sendable {
        /// How long a mailbox waits for news between passes.
        public var pollInterval: Duration = .seconds(60)
        /// How often the engine looks for new, changed or re-enabled integrations.
        public var reloadInterval: Duration = .seconds(5)
        public var maximumConcurrentMailboxes = 8
        public var backoffBase: Duration = .seconds(1)
        public var backoffMaximum: Duration = .seconds(300)
        /// How long a mailbox may stay temporarily unavailable (being moved between Exchange databases, failing
        /// over) before it is disabled with an error record. Moves of large mailboxes take hours; a day of it is
        /// no longer a move.
        public var mailboxUnavailableLimit: Duration = .seconds(12 * 3_600)
        /// How long one pass may keep retrying a mailbox's transient failures (throttling, a busy server, a dropped
        /// connection), from its first failure, before the mailbox is reported as failed; each retry waits at
        /// least what the server asked. Zero: no retries within a pass.
        public var retryBudget: Duration = .seconds(60)

        public init() {}
    }

    let store: any Store
    let factory: any MailSourceFactory
    let configuration: Configuration
    let logger: Logger
    let limiter: ConcurrencyLimiter
    let metrics: SyncMetrics

    public init(store: any Store, factory: any MailSourceFactory, configuration: Configuration = Configuration(),
                logger: Logger, metrics: SyncMetrics = SyncMetrics()) {
        self.metrics = metrics
        self.store = store
        self.factory = factory
        self.configuration = configuration
        self.logger = logger
        limiter = ConcurrencyLimiter(limit: configuration.maximumConcurrentMailboxes)
    }

    /// The outcome of one mailbox's pass.
    public struct MailboxOutcome: Sendable {
        public var integration: String
        public var mailbox: String
        public var report: MailboxSynchronizer.Report?
        /// Set when the pass failed: the error, and why retrying stopped; what was done about it is in the error
        /// records.
        public var failure: String?
        /// When the pass failed: what happened and what to do, as the error record says it.
        public var advice: String?
        /// The retries within the pass, whether it failed or not.
        public var retries = PassRetries()
        /// True when the pass was cancelled (Ctrl-C): pages written stay written, nothing was recorded as an error.
        public var interrupted = false
    }

    /// Syncs every enabled mailbox once, `maximumConcurrentMailboxes` at a time, and reports each as it finishes.
    /// Transient failures are retried within the pass, up to `retryBudget` per mailbox.
    public func syncOnce(progress: @escaping @Sendable (MailboxOutcome) -> Void = { _ in }) async throws
        -> [MailboxOutcome] {
        let work = try await enabledMailboxes()
        return await withTaskGroup(of: MailboxOutcome.self) { group in
            for (integration, mailbox) in work {
                group.addTask {
                    // The pass takes a permit of the limit for each try, not while it waits to retry.
                    let outcome = await self.passOnce(integration: integration, mailbox: mailbox)
                    progress(outcome)
                    return outcome
                }
            }
            var outcomes: [MailboxOutcome] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
    }

    private func passOnce(integration: Integration, mailbox: Mailbox) async -> MailboxOutcome {
        var outcome = MailboxOutcome(integration: integration.name, mailbox: mailbox.email)
        var source: (any MailSource)?
        var toldCredentials: Set<String> = []
        await tellExpiringCredentials(of: integration, told: &toldCredentials)
        var report = MailboxSynchronizer.Report()
        do {
            try await MailboxPass(engine: self, integration: integration, mailbox: mailbox)
                .run(source: &source, report: &report, retries: &outcome.retries)
            outcome.report = report
            metrics.recordPass()
            try await store.clearMailboxUnavailable(mailboxID: mailbox.id)
            try await store.recordSyncHealthy(integrationID: integration.id, mailboxID: mailbox.id, now: Date())
            await source?.close()
        } catch {
            await source?.close()
            if Task.isCancelled {
                outcome.interrupted = true
                outcome.failure = "interrupted"
                return outcome
            }
            metrics.recordError(error)
            var backoff = Backoff(base: configuration.backoffBase, maximum: configuration.backoffMaximum)
            let handled = await FailurePolicy.handleDescribed(error, integration: integration, mailbox: mailbox,
                                                              backoff: &backoff, store: store, recordTransient: true,
                                                              unavailableLimit: configuration.mailboxUnavailableLimit,
                                                              refusedLogin: factory.refusedLogin(for: integration.kind))
            let note = outcome.retries.note(budget: configuration.retryBudget)
            let failure = (error as? MailSourceError)?.description ?? String(describing: error)
            outcome.failure = note.isEmpty ? failure : "\(failure) (\(note))"
            outcome.advice = handled.text
        }
        return outcome
    }

    func synchronizer(integration: Integration, mailbox: Mailbox) async throws -> MailboxSynchronizer {
        let bucket = try await BucketProvisioning.bucket(owner: mailbox.bucketOwner, name: mailbox.bucketName,
                                                         store: store)
        return MailboxSynchronizer(integration: integration, mailbox: mailbox, bucketID: bucket.id, store: store,
                                   logger: logger, metrics: metrics)
    }

    func enabledMailboxes() async throws -> [(Integration, Mailbox)] {
        try await store.integrations().filter(\.enabled).flatMap { integration in
            integration.mailboxes.filter(\.enabled).map { (integration, $0) }
        }
    }

    // MARK: Service

    /// Runs until graceful shutdown (SIGTERM/SIGINT through the ServiceGroup) or cancellation. Graceful shutdown
    /// cancels every mailbox at once: each ends its IDLE (DONE), fetch or back-off wait, lets the page being written
    /// commit with its cursor, and logs out, each server given half a second per answer (DESIGN.md invariant 10).
    public func run() async throws {
        await cancelWhenGracefulShutdown { await self.runMailboxes() }
    }

    private func runMailboxes() async {
        await withDiscardingTaskGroup { group in
            var running: Set<String> = []
            let registry = RunningMailboxes()
            while !Task.isCancelled, !Task.isShuttingDownGracefully {
                for key in await registry.finished() { running.remove(key) }
                if let work = try? await enabledMailboxes() {
                    for (integration, mailbox) in work where !running.contains(Self.key(integration, mailbox)) {
                        let key = Self.key(integration, mailbox)
                        running.insert(key)
                        group.addTask {
                            await MailboxLoop(engine: self, integrationID: integration.id, mailboxID: mailbox.id).run()
                            await registry.markFinished(key)
                        }
                    }
                }
                try? await Task.sleep(for: configuration.reloadInterval)
            }
            group.cancelAll()
        }
    }

    static func key(_ integration: Integration, _ mailbox: Mailbox) -> String { "\(integration.id)/\(mailbox.id)" }
}

/// Mailbox loops that have ended (disabled, removed), so the engine can start them again when re-enabled.
actor RunningMailboxes {
    private var ended: [String] = []
    func markFinished(_ key: String) { ended.append(key) }
    func finished() -> [String] {
        defer { ended.removeAll() }
        return ended
    }
}

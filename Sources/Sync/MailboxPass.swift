import Domain
import Foundation
import Logging
import ServiceLifecycle

/// One pass over one mailbox, with its retries (issue 16, part 3), for `sync --once` and `serve` alike.
///
/// A transient failure (throttling with Retry-After, ErrorServerBusy with BackOffMilliseconds, IMAP
/// `[UNAVAILABLE]`, a dropped connection, a mailbox failing over) starts the pass over once the server's hint, or
/// the backoff when it gave none, has passed: never sooner. The new try connects again and reads from the saved
/// cursors, so pages written before the failure are neither lost nor written twice. The pass keeps trying while
/// the next try would start within ``SyncEngine/Configuration/retryBudget`` of its first failure; then the
/// failure goes up, and only then is the mailbox reported as failed. The permit of the engine's concurrency limit
/// is held while trying, not while waiting.
struct MailboxPass {
    let engine: SyncEngine
    let integration: Integration
    let mailbox: Mailbox

    /// - Parameters:
    ///   - source: the mailbox's source, made when nil; replaced by a new one before each retry.
    ///   - report: what the pass wrote, tries that failed partway included.
    ///   - retries: how many retries there were and how long they waited, also when the pass fails.
    /// - Throws: the failure that was not retried: not transient, past the budget, or at shutdown.
    func run(source: inout (any MailSource)?, report: inout MailboxSynchronizer.Report,
             retries: inout PassRetries) async throws {
        let budget = engine.configuration.retryBudget
        var backoff = Backoff(base: engine.configuration.backoffBase, maximum: engine.configuration.backoffMaximum)
        let clock = ContinuousClock()
        var firstFailure: ContinuousClock.Instant?
        while true {
            do {
                try await engine.limiter.withPermit {
                    if source == nil {
                        source = try await engine.factory.makeSource(integration: integration, mailbox: mailbox)
                    }
                    guard let active = source else { return }
                    let synchronizer = try await engine.synchronizer(integration: integration, mailbox: mailbox)
                    try await synchronizer.syncOnce(using: active, into: &report)
                }
                return
            } catch {
                let now = clock.now
                if let firstFailure { retries.elapsed = now - firstFailure }
                let hint: Duration?
                switch (error as? MailSourceError)?.kind {
                case .transient(let serverHint)?, .mailboxUnavailable(let serverHint)?: hint = serverHint
                // Credentials, configuration, a missing mailbox or folder wait for a person or the next pass.
                default: throw error
                }
                let start = firstFailure ?? now
                firstFailure = start
                let wait = backoff.next(hint: hint)
                guard now + wait <= start + budget else {
                    retries.refusedWait = wait
                    throw error
                }
                if Task.isCancelled || Task.isShuttingDownGracefully { throw error }
                await source?.close()
                source = nil
                engine.metrics.recordRetry(error)
                engine.logger.notice("retrying within the pass", metadata: [
                    "mailstream.mailbox": "\(mailbox.email)",
                    "mailstream.error": "\((error as? MailSourceError)?.summary ?? "error")",
                    "mailstream.wait_s": "\(FailurePolicy.seconds(wait))",
                ])
                // A shutdown ends the wait at once; the failure then goes up untried.
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) }
                if Task.isCancelled || Task.isShuttingDownGracefully { throw error }
                retries.count += 1
                retries.waited += wait
                retries.elapsed = clock.now - start
            }
        }
    }
}

/// What the retries within one pass came to, for the progress line and the error record.
public struct PassRetries: Sendable, Equatable {
    /// How many times the pass started over after a transient failure.
    public var count = 0
    /// How long it waited before those tries, in total: at least what the servers asked for.
    public var waited: Duration = .zero
    /// From the pass's first failure to its last.
    public var elapsed: Duration = .zero
    /// The wait a failure called for when it was not retried because the try would have started past the budget.
    public var refusedWait: Duration?

    public init() {}

    /// Why the pass stopped retrying, for its failure line ("still failing after 3 retries in 58.1 s: …"); empty
    /// when it did not retry and the budget had no say.
    public func note(budget: Duration) -> String {
        let limit = "the retry budget is \(Self.seconds(budget)) s (--retry-budget)"
        switch (count, refusedWait) {
        case (0, nil):
            return ""
        case (0, let wait?):
            return "not retried: waiting \(Self.seconds(wait)) s would pass the budget; \(limit)"
        case (let count, nil):
            return "after \(count) \(count == 1 ? "retry" : "retries") in \(Self.seconds(elapsed)) s"
        case (let count, let wait?):
            return "still failing after \(count) \(count == 1 ? "retry" : "retries") in \(Self.seconds(elapsed)) s, "
                + "and the next wait (\(Self.seconds(wait)) s) would pass the budget; \(limit)"
        }
    }

    /// A duration in seconds, to a tenth ("60", "1.3").
    public static func seconds(_ duration: Duration) -> String {
        let tenths = (Double(duration.components.seconds) * 10
            + Double(duration.components.attoseconds) / 1e17).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}

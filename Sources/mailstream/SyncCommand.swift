import ArgumentParser
import Foundation
import Domain
import SQLiteStore
import Store
import Sync
import UnixSignals

/// `mailstream sync --once`: syncs every enabled mailbox once and exits, with a progress line per mailbox.
/// SIGINT (Ctrl-C) or SIGTERM stops it within seconds: every mailbox still syncing ends its pass (the page being
/// written commits with its cursor, IMAP logs out), says so, and the exit status is 130 (143 for SIGTERM).
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync every enabled mailbox once and exit (no server)."
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var network: NetworkOptions
    @OptionGroup var retry: RetryOptions

    @Flag(help: "Sync once and exit. (Continuous sync runs inside `mailstream serve`.)")
    var once = false

    func validate() throws {
        guard once else { throw ValidationError("`mailstream sync` needs --once; `mailstream serve` syncs continuously.") }
    }

    private enum Event: Sendable {
        case finished(Result<[SyncEngine.MailboxOutcome], any Error>)
        case signal(UnixSignal?)
    }

    func run() async throws {
        let runtime = try await Runtime(options, network: network)
        let configuration = retry.engineConfiguration
        let engine = SyncEngine(store: runtime.store, factory: runtime.connectors, configuration: configuration,
                                logger: runtime.logger)
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let (result, signal) = await withTaskGroup(of: Event.self) { group in
            group.addTask {
                do {
                    return .finished(.success(try await engine.syncOnce { print(Self.progressLine($0)) }))
                } catch {
                    return .finished(.failure(error))
                }
            }
            group.addTask {
                for await signal in signals { return .signal(signal) }
                return .signal(nil)
            }
            var caught: UnixSignal?
            while let event = await group.next() {
                switch event {
                case .signal(let signal?) where caught == nil:
                    // Stops the pass; its outcome (each mailbox interrupted or done) is the next event.
                    caught = signal
                    group.cancelAll()
                case .finished(let outcomes):
                    group.cancelAll()
                    return (outcomes, caught)
                case .signal:
                    continue
                }
            }
            return (.success([]), caught)
        }
        // A background checkpoint still running would keep the database's connections from being the last ones
        // when they close, and so from moving the rest of the log into the database file before the exit.
        runtime.dataFolder.checkpointer.waitUntilIdle()
        // Interrupted before the mailboxes were read: none to report.
        let outcomes = signal == nil ? try result.get() : ((try? result.get()) ?? [])
        if let signal {
            let interrupted = outcomes.filter(\.interrupted).count
            let name = signal == .sigterm ? "SIGTERM" : "SIGINT"
            let line = if outcomes.isEmpty {
                "mailstream sync: interrupted by \(name) before any mailbox was synced"
            } else if interrupted == 0 {
                "mailstream sync: interrupted by \(name) after every mailbox was synced"
            } else {
                "mailstream sync: interrupted by \(name): \(interrupted) of \(outcomes.count) mailbox(es) stopped "
                    + "mid-pass; what they wrote is kept, the next run goes on from there"
            }
            FileHandle.standardError.write(Data((line + "\n").utf8))
            throw ExitCode(signal == .sigterm ? 143 : 130)
        }
        if outcomes.isEmpty { print("no enabled mailboxes") }
        let failed = outcomes.filter { $0.failure != nil }
        guard !failed.isEmpty else { return }
        // Progress lines of a large run scroll away: the failures are said again last, with what to do.
        print("\(failed.count) of \(outcomes.count) mailboxes failed:")
        for outcome in failed {
            let note = outcome.retries.note(budget: configuration.retryBudget)
            print("failed: \(outcome.integration) \(outcome.mailbox): \(outcome.advice ?? outcome.failure ?? "")"
                + (note.isEmpty ? "" : " (\(note))"))
        }
        throw ExitCode(1)
    }

    /// One line per mailbox as it finishes: what it wrote (and the retries it took), that it was interrupted, or
    /// why it failed.
    static func progressLine(_ outcome: SyncEngine.MailboxOutcome) -> String {
        let name = "\(outcome.integration) \(outcome.mailbox)"
        if outcome.interrupted { return "\(name): interrupted (pages written so far are kept)" }
        guard let report = outcome.report else { return "\(name): failed: \(outcome.failure ?? "unknown error")" }
        let retries = outcome.retries.count == 0 ? ""
            : ", \(outcome.retries.count) \(outcome.retries.count == 1 ? "retry" : "retries") "
                + "(waited \(PassRetries.seconds(outcome.retries.waited)) s)"
        return "\(name): \(report.folders) folders, \(report.result.created) new, \(report.result.updated) updated, "
            + "\(report.result.removed) removed, \(report.skippedItems) skipped\(retries)"
    }
}

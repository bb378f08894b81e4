import ArgumentParser
import Foundation
import Domain
import SQLiteStore
import Store
import Sync

/// `mailstream sync --once`: syncs every enabled mailbox once and exits, with a progress line per mailbox.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Sync every enabled mailbox once and exit (no server)."
    )

    @OptionGroup var options: StoreOptions
    @OptionGroup var network: NetworkOptions

    @Flag(help: "Sync once and exit. (Continuous sync runs inside `mailstream serve`.)")
    var once = false

    @Option(help: ArgumentHelp(
        "How long a mailbox's pass may keep retrying throttling, a busy server or a dropped connection, from its "
            + "first failure, before the mailbox counts as failed (0: no retries). Each retry waits at least what "
            + "the server asked.", valueName: "seconds"))
    var retryBudget: Double = 60

    func validate() throws {
        guard once else { throw ValidationError("`mailstream sync` needs --once; `mailstream serve` syncs continuously.") }
        guard retryBudget.isFinite, retryBudget >= 0, retryBudget <= 86_400 else {
            throw ValidationError("--retry-budget must be a number of seconds from 0 to 86400.")
        }
    }

    func run() async throws {
        let runtime = try await Runtime(options, network: network)
        var configuration = SyncEngine.Configuration()
        configuration.retryBudget = .milliseconds(Int64((retryBudget * 1_000).rounded()))
        let engine = SyncEngine(store: runtime.store, factory: runtime.connectors, configuration: configuration,
                                logger: runtime.logger)
        let outcomes = try await engine.syncOnce { outcome in print(Self.progressLine(outcome)) }
        // A background checkpoint still running would keep the database's connections from being the last ones
        // when they close, and so from moving the rest of the log into the database file before the exit.
        runtime.dataFolder.checkpointer.waitUntilIdle()
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

    /// One line per mailbox as it finishes: what it wrote (and the retries it took), or why it failed.
    static func progressLine(_ outcome: SyncEngine.MailboxOutcome) -> String {
        let name = "\(outcome.integration) \(outcome.mailbox)"
        guard let report = outcome.report else { return "\(name): failed: \(outcome.failure ?? "unknown error")" }
        let retries = outcome.retries.count == 0 ? ""
            : ", \(outcome.retries.count) \(outcome.retries.count == 1 ? "retry" : "retries") "
                + "(waited \(PassRetries.seconds(outcome.retries.waited)) s)"
        return "\(name): \(report.folders) folders, \(report.result.created) new, \(report.result.updated) updated, "
            + "\(report.result.removed) removed, \(report.skippedItems) skipped\(retries)"
    }
}

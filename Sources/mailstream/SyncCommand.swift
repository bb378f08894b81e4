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

    func validate() throws {
        guard once else { throw ValidationError("`mailstream sync` needs --once; `mailstream serve` syncs continuously.") }
    }

    func run() async throws {
        let runtime = try await Runtime(options, network: network)
        let engine = SyncEngine(store: runtime.store, factory: runtime.sourceFactory, logger: runtime.logger)
        let outcomes = try await engine.syncOnce { outcome in
            if let report = outcome.report {
                print("\(outcome.integration) \(outcome.mailbox): \(report.folders) folders, "
                    + "\(report.result.created) new, \(report.result.updated) updated, "
                    + "\(report.result.removed) removed, \(report.skippedItems) skipped")
            } else {
                print("\(outcome.integration) \(outcome.mailbox): failed: \(outcome.failure ?? "unknown error")")
            }
        }
        // A background checkpoint still running would keep the database's connections from being the last ones
        // when they close, and so from moving the rest of the log into the database file before the exit.
        runtime.dataFolder.checkpointer.waitUntilIdle()
        if outcomes.isEmpty { print("no enabled mailboxes") }
        if outcomes.contains(where: { $0.failure != nil }) { throw ExitCode(1) }
    }
}

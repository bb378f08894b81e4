import ArgumentParser
import Foundation
import Domain
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

    @Flag(help: "Sync once and exit. (Continuous sync runs inside `mailstream serve`.)")
    var once = false

    func validate() throws {
        guard once else { throw ValidationError("`mailstream sync` needs --once; `mailstream serve` syncs continuously.") }
    }

    private enum Event: Sendable {
        case finished([SyncEngine.MailboxOutcome]?)
        case signal(UnixSignal?)
    }

    func run() async throws {
        let runtime = try await Runtime(options, network: network)
        let engine = SyncEngine(store: runtime.store, factory: runtime.sourceFactory, logger: runtime.logger)
        let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
        let (outcomes, signal) = await withTaskGroup(of: Event.self) { group in
            group.addTask {
                // Interrupted before the mailboxes were read: nil.
                .finished(try? await engine.syncOnce(progress: Self.printProgress))
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
                    return (outcomes ?? [], caught)
                case .signal:
                    continue
                }
            }
            return ([], caught)
        }
        // A background checkpoint still running would keep the database's connections from being the last ones
        // when they close, and so from moving the rest of the log into the database file before the exit.
        runtime.dataFolder.checkpointer.waitUntilIdle()
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
        if outcomes.contains(where: { $0.failure != nil }) { throw ExitCode(1) }
    }

    @Sendable private static func printProgress(_ outcome: SyncEngine.MailboxOutcome) {
        if let report = outcome.report {
            print("\(outcome.integration) \(outcome.mailbox): \(report.folders) folders, "
                + "\(report.result.created) new, \(report.result.updated) updated, "
                + "\(report.result.removed) removed, \(report.skippedItems) skipped")
        } else if outcome.interrupted {
            print("\(outcome.integration) \(outcome.mailbox): interrupted (pages written so far are kept)")
        } else {
            print("\(outcome.integration) \(outcome.mailbox): failed: \(outcome.failure ?? "unknown error")")
        }
    }
}

import ArgumentParser
import Sync

/// `--retry-budget`, for `sync --once` and `serve` alike: how long a mailbox's pass keeps retrying transient
/// failures (throttling, a busy server, a dropped connection) before the mailbox counts as failed.
struct RetryOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "How long a mailbox's pass may keep retrying throttling, a busy server or a dropped connection, from its "
            + "first failure, before the mailbox counts as failed (0: no retries). Each retry waits at least what "
            + "the server asked.", valueName: "seconds"))
    var retryBudget: Double = 60

    func validate() throws {
        guard retryBudget.isFinite, retryBudget >= 0, retryBudget <= 86_400 else {
            throw ValidationError("--retry-budget must be a number of seconds from 0 to 86400.")
        }
    }

    /// The engine's configuration with this budget (the other settings at their defaults).
    var engineConfiguration: SyncEngine.Configuration {
        var configuration = SyncEngine.Configuration()
        configuration.retryBudget = .milliseconds(Int64((retryBudget * 1_000).rounded()))
        return configuration
    }
}

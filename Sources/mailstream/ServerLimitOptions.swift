import API
import ArgumentParser

/// `serve`'s options for how long clients may take and how much they may hold (see `ServerLimits`).
struct ServerLimitOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Seconds a request's head may take to arrive, from the connection's opening or the request's first byte "
            + "(0: no limit).", valueName: "seconds"))
    var headerTimeout: Double = seconds(limitDefaults.headerTimeout)

    @Option(help: ArgumentHelp(
        "Least rate, in bytes per second averaged over \(Int(seconds(limitDefaults.bodyRateWindow))) s after a "
            + "\(Int(seconds(limitDefaults.bodyGracePeriod))) s grace, at which a request body must arrive "
            + "(0: no limit).",
        valueName: "bytes"))
    var bodyMinRate: Int = limitDefaults.bodyMinimumRate

    @Option(help: ArgumentHelp(
        "Seconds a keep-alive connection may stay idle between requests (0: no limit).", valueName: "seconds"))
    var idleTimeout: Double = seconds(limitDefaults.idleTimeout)

    @Option(help: ArgumentHelp(
        "Connections open at once; more wait to be accepted (0: no limit).", valueName: "count"))
    var maxConnections: Int = limitDefaults.maximumConnections

    @Option(help: ArgumentHelp(
        "MiB of request bodies held in memory at once, all requests together; beyond it requests get a 503 with "
            + "Retry-After (0: no limit).", valueName: "MiB"))
    var maxBodyMemory: Int = limitDefaults.maximumBodyMemory / 1_048_576

    func validate() throws {
        _ = try limits()
    }

    /// The limits, or a `ValidationError` naming the option at fault.
    func limits() throws -> ServerLimits {
        for (name, value) in [("--header-timeout", headerTimeout), ("--idle-timeout", idleTimeout)]
        where !(0...1_000_000).contains(value) {
            throw ValidationError("\(name) must be between 0 and 1000000 seconds")
        }
        guard maxBodyMemory <= Int.max / 1_048_576 else { throw ValidationError("--max-body-memory is too large") }
        var limits = ServerLimits.default
        limits.headerTimeout = .milliseconds(Int64((headerTimeout * 1_000).rounded()))
        limits.idleTimeout = .milliseconds(Int64((idleTimeout * 1_000).rounded()))
        limits.bodyMinimumRate = bodyMinRate
        limits.maximumConnections = maxConnections
        limits.maximumBodyMemory = maxBodyMemory * 1_048_576
        if let problem = limits.problem { throw ValidationError(problem) }
        return limits
    }
}

private let limitDefaults = ServerLimits.default

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

import Foundation

/// When a failed delivery is tried again: exponential back-off with jitter from `base` up to `maximum`, never
/// sooner than the receiver's `Retry-After`, for at least `window` from the first failure of a run; a target
/// still failing after that is disabled.
public struct WebhookRetrySchedule: Sendable, Equatable {
    public var base: Duration
    public var maximum: Duration
    public var window: Duration

    /// The defaults: 1 s doubling to 1 h, for 24 h (a target failing all day gets about 30 attempts).
    public init(base: Duration = .seconds(1), maximum: Duration = .seconds(3_600), window: Duration = .seconds(86_400)) {
        self.base = base
        self.maximum = maximum
        self.window = window
    }

    /// The wait after the `failures`-th failure in a row (1 for the first). Jitter spreads the wait over
    /// [½, 1] of the step, so targets that failed together don't retry together. `retryAfter` wins when longer,
    /// up to the window.
    public func delay(afterFailures failures: Int, retryAfter: Duration?,
                      random: Double = Double.random(in: 0.5...1)) -> Duration {
        let exponent = min(max(failures - 1, 0), 30)
        var step = base * (1 << min(exponent, 40))
        if step > maximum || step <= .zero { step = maximum }
        let wait = step * random
        if let retryAfter, retryAfter > wait { return min(retryAfter, window) }
        return wait
    }

    /// True when a run of failures that began at `failingSince` has lasted the whole window at `now`.
    public func isExhausted(failingSince: Date, now: Date) -> Bool {
        now.timeIntervalSince(failingSince) >= Double(window.components.seconds)
            + Double(window.components.attoseconds) / 1e18
    }
}

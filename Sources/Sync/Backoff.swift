/// Exponential backoff with full jitter, honouring a server's hint (Retry-After, BackOffMilliseconds).
public struct Backoff: Sendable {
    public var base: Duration
    public var maximum: Duration
    public private(set) var attempt = 0

    public init(base: Duration = .seconds(1), maximum: Duration = .seconds(300)) {
        self.base = base
        self.maximum = maximum
    }

    /// The wait before the next try; the server's hint wins when it is longer than the computed wait.
    public mutating func next(hint: Duration? = nil, random: Double = Double.random(in: 0.5...1)) -> Duration {
        let exponent = min(attempt, 20)
        attempt += 1
        var wait = base * (1 << exponent)
        if wait > maximum { wait = maximum }
        wait = wait * random
        if let hint, hint > wait { return min(hint, maximum * 4) }
        return wait
    }

    public mutating func reset() {
        attempt = 0
    }
}

import Foundation

/// Slows password guessing, per login and per client address: the first five failures in a row cost nothing,
/// each one after that doubles the wait before the next attempt (1 s, 2 s, 4 s, … up to 15 minutes), during which
/// attempts are answered 429 with `Retry-After` without checking the password. A success clears its login's count
/// (not its address's, so that one good account can't reset the guessing of others from that address); a count
/// is forgotten an hour after its last failure. Kept in memory: a restart forgets it, and with several `serve`
/// processes each counts its own attempts.
public actor LoginThrottle {
    struct Failures {
        var count: Int
        var last: Date
    }

    public static let freeAttempts = 5
    static let maximumDelay: TimeInterval = 15 * 60
    static let forgetAfter: TimeInterval = 3_600
    /// Bounds memory under a flood of made-up logins: past this many, the stalest counts go.
    static let maximumEntries = 10_000

    private var logins: [String: Failures] = [:]
    private var addresses: [String: Failures] = [:]
    private let now: @Sendable () -> Date

    public init(now: @escaping @Sendable () -> Date = { Date() }) {
        self.now = now
    }

    /// Seconds to wait before `login` may be tried from `address`; nil when it may be tried now.
    public func wait(login: String, address: String) -> TimeInterval? {
        let time = now()
        let waits = [logins[login.lowercased()], addresses[address]].compactMap { $0 }.compactMap { failures in
            Self.delay(after: failures.count).map { failures.last.addingTimeInterval($0).timeIntervalSince(time) }
        }
        guard let longest = waits.max(), longest > 0 else { return nil }
        return longest
    }

    public func recordFailure(login: String, address: String) {
        let time = now()
        Self.count(&logins, login.lowercased(), at: time)
        Self.count(&addresses, address, at: time)
    }

    public func recordSuccess(login: String) {
        logins[login.lowercased()] = nil
    }

    /// The wait after `count` failures in a row: none for the free ones, then 1, 2, 4, … seconds.
    static func delay(after count: Int) -> TimeInterval? {
        guard count >= freeAttempts else { return nil }
        return min(pow(2, Double(min(count - freeAttempts, 20))), maximumDelay)
    }

    private static func count(_ table: inout [String: Failures], _ key: String, at time: Date) {
        var failures = table[key].flatMap { time.timeIntervalSince($0.last) < forgetAfter ? $0 : nil }
            ?? Failures(count: 0, last: time)
        failures.count += 1
        failures.last = time
        table[key] = failures
        if table.count > maximumEntries {
            table = table.filter { time.timeIntervalSince($0.value.last) < forgetAfter }
            while table.count > maximumEntries, let stalest = table.min(by: { $0.value.last < $1.value.last }) {
                table[stalest.key] = nil
            }
        }
    }
}

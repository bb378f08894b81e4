import Foundation
import Store

/// Slows password guessing, per login and per client address: the first five failures in a row cost nothing,
/// each one after that doubles the wait before the next attempt (1 s, 2 s, 4 s, … up to 15 minutes), during which
/// attempts are answered 429 with `Retry-After` without checking the password. A success clears its login's count
/// (not its address's, so that one good account can't reset the guessing of others from that address); a count
/// is forgotten an hour after its last failure. The counts live in the store (``SignInThrottleStore``), so a
/// restart forgets nothing and several `serve` processes on one store count together.
public struct LoginThrottle: Sendable {
    public static let freeAttempts = 5
    static let maximumDelay: TimeInterval = 15 * 60
    static let forgetAfter: TimeInterval = 3_600

    private let store: any SignInThrottleStore
    private let now: @Sendable () -> Date

    public init(store: any SignInThrottleStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.now = now
    }

    /// Seconds to wait before `login` may be tried from `address`; nil when it may be tried now.
    public func wait(login: String, address: String) async throws -> TimeInterval? {
        let time = now()
        let counted = try await store.signInFailures([.login(login), .address(address)])
        let waits = counted.values.compactMap { failures in
            Self.delay(after: failures.count).map { failures.last.addingTimeInterval($0).timeIntervalSince(time) }
        }
        guard let longest = waits.max(), longest > 0 else { return nil }
        return longest
    }

    public func recordFailure(login: String, address: String) async throws {
        try await store.recordSignInFailure([.login(login), .address(address)], now: now(),
                                            forgetAfter: Self.forgetAfter)
    }

    public func recordSuccess(login: String) async throws {
        try await store.clearSignInFailures(.login(login))
    }

    /// The wait after `count` failures in a row: none for the free ones, then 1, 2, 4, … seconds.
    static func delay(after count: Int) -> TimeInterval? {
        guard count >= freeAttempts else { return nil }
        return min(pow(2, Double(min(count - freeAttempts, 20))), maximumDelay)
    }
}

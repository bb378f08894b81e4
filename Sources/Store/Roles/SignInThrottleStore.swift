import Foundation

/// Failed sign-ins counted per login name and per client address, so that the login throttle holds across
/// restarts and for every `serve` process on one store. The policy (how many are free, how long each wait is) is
/// the API's; the store only counts, each method one transaction.
public protocol SignInThrottleStore: Sendable {
    /// What is counted for each of `keys`; a key with nothing counted is left out.
    func signInFailures(_ keys: [SignInKey]) async throws -> [SignInKey: SignInFailures]
    /// Counts one failed sign-in at `now` for each of `keys`: a count whose last failure is `forgetAfter` or more
    /// before `now` starts over at one. Every count that old is deleted in the same transaction.
    func recordSignInFailure(_ keys: [SignInKey], now: Date, forgetAfter: TimeInterval) async throws
    /// Forgets what is counted for `key` (a successful sign-in clears its login's count).
    func clearSignInFailures(_ key: SignInKey) async throws
}

/// What a failed sign-in is counted against: the login name tried (compared without case) or the client address.
public struct SignInKey: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case login
        case address
    }

    public var kind: Kind
    public var value: String

    public init(_ kind: Kind, _ value: String) {
        self.kind = kind
        self.value = kind == .login ? value.lowercased() : value
    }

    public static func login(_ name: String) -> Self { Self(.login, name) }
    public static func address(_ address: String) -> Self { Self(.address, address) }
}

/// The failed sign-ins in a row for one key, and when the last one was.
public struct SignInFailures: Sendable, Equatable {
    public var count: Int
    public var last: Date

    public init(count: Int, last: Date) {
        self.count = count
        self.last = last
    }
}

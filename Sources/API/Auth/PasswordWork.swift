import Dispatch
import Foundation
import Hummingbird

/// Runs password hashing (hundreds of milliseconds and 128 MiB each, on purpose) on Dispatch's threads rather
/// than the cooperative pool, which has one thread per core and would stall every request; and at most
/// `maximumConcurrent` at once, so a burst of sign-ins can't take the memory: a caller beyond that gets 503 with
/// `Retry-After` (the login throttle bounds each login and address, this bounds all of them together).
public actor PasswordWork {
    private var running = 0
    private let maximumConcurrent: Int

    public init(maximumConcurrent: Int = 2) {
        self.maximumConcurrent = maximumConcurrent
    }

    func run<Value: Sendable>(_ work: @escaping @Sendable () -> Value) async throws(APIError) -> Value {
        guard running < maximumConcurrent else {
            var error = APIError(.serviceUnavailable, "too many sign-ins at once; try again in a second")
            error.retryAfter = 1
            throw error
        }
        running += 1
        defer { running -= 1 }
        return await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }
}

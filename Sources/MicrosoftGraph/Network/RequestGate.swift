/// At most `limit` requests of one mailbox in flight at once: Outlook allows an app 4 concurrent requests per
/// mailbox and answers the fifth with 429 (learn.microsoft.com/graph/throttling-limits, "Outlook service limits").
/// Waiters are served in order.
actor RequestGate {
    private let limit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    func withPermit<Result: Sendable>(_ body: @Sendable () async throws -> Result) async throws -> Result {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if running < limit {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            // The permit passes straight to the next waiter.
            waiting.removeFirst().resume()
        }
    }
}

@testable import API
import Hummingbird
import NIOCore
import Testing

/// The connection timing rules without a network: the state machine gets the time from the test.
@Suite struct ConnectionDeadlinesTests {
    let start = NIODeadline.uptimeNanoseconds(1_000_000_000_000)
    func at(_ seconds: Double) -> NIODeadline { start + .nanoseconds(Int64(seconds * 1e9)) }

    static let limits = ServerLimits(headerTimeout: .seconds(10), bodyMinimumRate: 1_000,
                                     bodyGracePeriod: .seconds(5), bodyRateWindow: .seconds(20),
                                     idleTimeout: .seconds(60))

    @Test func headMustBeCompleteWithinTheHeaderTimeoutWhateverTrickles() {
        var rules = ConnectionDeadlines(limits: Self.limits)
        #expect(rules.opened(now: at(0)) == .check(at: at(10)))
        for second in 1..<10 {
            _ = rules.bytesArrived(1, now: at(Double(second)))
            _ = rules.readRequested(now: at(Double(second)))
        }
        #expect(rules.timerFired(now: at(10)) == .close(.headerTimeout))
    }

    @Test func bodyBytesBuyTimeAtTheRateUpToTheWindow() {
        var rules = ConnectionDeadlines(limits: Self.limits)
        _ = rules.opened(now: at(0))
        #expect(rules.requestHead(now: at(1)) == .check(at: at(6)))
        // 3,000 bytes at 1,000 bytes/s buy 3 s beyond the grace.
        _ = rules.bytesArrived(3_000, now: at(2))
        _ = rules.readRequested(now: at(2))
        #expect(rules.timerFired(now: at(6)) == .check(at: at(9)))
        #expect(rules.timerFired(now: at(9)) == .close(.bodyTooSlow))
        // A megabyte at once banks no more than the 20 s window.
        var fast = ConnectionDeadlines(limits: Self.limits)
        _ = fast.opened(now: at(0))
        _ = fast.requestHead(now: at(0))
        _ = fast.bytesArrived(1_000_000, now: at(1))
        _ = fast.readRequested(now: at(1))
        #expect(fast.timerFired(now: at(21)) == .close(.bodyTooSlow))
    }

    @Test func timeTheServerIsNotReadingDoesNotCount() {
        var rules = ConnectionDeadlines(limits: Self.limits)
        _ = rules.opened(now: at(0))
        _ = rules.requestHead(now: at(0))
        // Bytes came at 1 s and the busy handler asks for more only at 100 s: the 4 s left of the grace remain.
        _ = rules.bytesArrived(0, now: at(1))
        #expect(rules.timerFired(now: at(50)) == .check(at: at(54)))
        #expect(rules.readRequested(now: at(100)) == .check(at: at(104)))
        #expect(rules.timerFired(now: at(104)) == .close(.bodyTooSlow))
    }

    @Test func handlersAreNotTimedAndIdleConnectionsClose() {
        var rules = ConnectionDeadlines(limits: Self.limits)
        _ = rules.opened(now: at(0))
        _ = rules.requestHead(now: at(1))
        rules.requestEnd()
        #expect(rules.timerFired(now: at(1_000)) == .none)
        #expect(rules.responseEnd(now: at(1_000)) == .check(at: at(1_060)))
        #expect(rules.timerFired(now: at(1_060)) == .close(.idleTimeout))
        // A byte of the next request ends the idle spell and starts the header timeout.
        var next = rules
        #expect(next.bytesArrived(1, now: at(1_030)) == .check(at: at(1_040)))
        _ = next.readRequested(now: at(1_030))
        #expect(next.timerFired(now: at(1_040)) == .close(.headerTimeout))
    }

    @Test func zeroTurnsTheChecksOff() {
        var rules = ConnectionDeadlines(limits: ServerLimits(headerTimeout: .zero, bodyMinimumRate: 0,
                                                            idleTimeout: .zero))
        #expect(rules.opened(now: at(0)) == .none)
        #expect(rules.requestHead(now: at(0)) == .none)
        rules.requestEnd()
        #expect(rules.responseEnd(now: at(1)) == .none)
        #expect(rules.timerFired(now: at(1_000_000)) == .none)
    }

    @Test func theRequestLineIsMeasuredUntilItEnds() {
        var rules = ConnectionDeadlines(limits: Self.limits)
        _ = rules.opened(now: at(0))
        rules.measureRequestLine(ByteBuffer(string: "GET /aaaa").readableBytesView)
        #expect(rules.requestLineBytes == 9)
        rules.measureRequestLine(ByteBuffer(string: "aaa HTTP/1.1\r\nX-Big: bbb").readableBytesView)
        #expect(rules.requestLineBytes == 22)
        rules.measureRequestLine(ByteBuffer(string: "bbbbbb").readableBytesView)
        #expect(rules.requestLineBytes == 22)
        _ = rules.requestHead(now: at(1))
        rules.requestEnd()
        #expect(rules.requestLineBytes == 0)
    }
}

/// The body budget's bookkeeping, and memory handed back once a large peak is over.
@Suite struct BodyBudgetTests {
    final class Counter: @unchecked Sendable {
        var calls = 0
    }

    @Test func reservationsAreRefusedBeyondTheLimitAndGivenBackOnRelease() throws {
        let trims = Counter()
        let budget = BodyBudget(limit: 1_000, trimThreshold: 500, releaseMemory: { trims.calls += 1 })
        let first = BodyReservation(budget: budget)
        let second = BodyReservation(budget: budget)
        try first.reserve(600)
        #expect(throws: APIError.self) { try second.reserve(500) }
        try second.reserve(400)
        #expect(budget.inUse == 1_000)
        do {
            try second.reserve(1)
            Issue.record("a spent budget took more")
        } catch {
            #expect(error.status == .serviceUnavailable)
            #expect(error.retryAfter != nil)
        }
        do {
            try BodyReservation(budget: budget).reserve(1_001)
            Issue.record("a body larger than the budget was taken")
        } catch {
            #expect(error.status == .contentTooLarge)
        }
        first.releaseAll()
        #expect(trims.calls == 0)
        second.releaseAll()
        second.releaseAll()
        #expect(budget.inUse == 0)
        #expect(trims.calls == 1)
        // A small peak doesn't trim.
        try first.reserve(100)
        first.releaseAll()
        #expect(trims.calls == 1)
    }
}

/// Memory is handed back once per busy spell, after it has been quiet for a while.
@Suite struct IdleMemoryTrimmerTests {
    @Test func trimsOnceAfterTheQuietPeriod() {
        let trims = BodyBudgetTests.Counter()
        let trimmer = IdleMemoryTrimmer(quietPeriod: .seconds(1), trim: { trims.calls += 1 })
        let start = ContinuousClock.now
        #expect(!trimmer.check(now: start + .seconds(5)))
        trimmer.noteActivity(now: start)
        trimmer.noteActivity(now: start + .milliseconds(800))
        #expect(!trimmer.check(now: start + .milliseconds(1_500)))
        #expect(trimmer.check(now: start + .milliseconds(1_800)))
        #expect(!trimmer.check(now: start + .seconds(10)))
        #expect(trims.calls == 1)
    }
}

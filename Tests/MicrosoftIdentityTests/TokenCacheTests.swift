import Domain
import Foundation
import MicrosoftIdentity
import Synchronization
import Testing

@Suite struct TokenCacheTests {
    let key = TokenCache.Key(authority: "https://login.microsoftonline.com", tenant: "t", clientID: "c",
                             credential: "f", scope: "https://outlook.office365.com/.default")

    /// A token endpoint stand-in: counts requests, issues `token-N` with the given lifetime, can wait or fail.
    final class Issuer: Sendable {
        let clock: TestClock
        let lifetime: TimeInterval
        private let count = Mutex(0)
        private let failure = Mutex<MailSourceError?>(nil)

        init(clock: TestClock, lifetime: TimeInterval = 3600) {
            self.clock = clock
            self.lifetime = lifetime
        }

        var requests: Int { count.withLock { $0 } }

        func fail(with error: MailSourceError?) { failure.withLock { $0 = error } }

        func fetch(delay: Duration = .zero) async throws -> AccessToken {
            let number = count.withLock { count in
                count += 1
                return count
            }
            if delay > .zero { try await Task.sleep(for: delay) }
            if let error = failure.withLock({ $0 }) { throw error }
            return AccessToken(value: "token-\(number)", issuedAt: clock.now,
                               expiresAt: clock.now.addingTimeInterval(lifetime))
        }
    }

    @Test func aTokenIsReusedUntilFiveMinutesBeforeItExpires() async throws {
        let clock = TestClock()
        let issuer = Issuer(clock: clock)
        let cache = TokenCache(now: { clock.now })
        #expect(try await cache.token(for: key) { try await issuer.fetch() }.value == "token-1")
        clock.advance(3600 - 301)
        #expect(try await cache.token(for: key) { try await issuer.fetch() }.value == "token-1")
        clock.advance(2)
        #expect(try await cache.token(for: key) { try await issuer.fetch() }.value == "token-2")
        #expect(issuer.requests == 2)
    }

    @Test func aShortTokenIsReplacedAtHalfItsLifetime() async throws {
        let clock = TestClock()
        let issuer = Issuer(clock: clock, lifetime: 120)
        let cache = TokenCache(now: { clock.now })
        _ = try await cache.token(for: key) { try await issuer.fetch() }
        clock.advance(59)
        #expect(try await cache.token(for: key) { try await issuer.fetch() }.value == "token-1")
        clock.advance(1)
        #expect(try await cache.token(for: key) { try await issuer.fetch() }.value == "token-2")
    }

    @Test func concurrentCallersShareOneRequest() async throws {
        let clock = TestClock()
        let issuer = Issuer(clock: clock)
        let cache = TokenCache(now: { clock.now })
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.token(for: key) { try await issuer.fetch(delay: .milliseconds(50)) }.value
                }
            }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(values) == ["token-1"])
        #expect(issuer.requests == 1)
    }

    @Test func aRejectedTokenIsReplacedOnceAndLaterRejectionsOfItAreNot() async throws {
        let clock = TestClock()
        let issuer = Issuer(clock: clock)
        let cache = TokenCache(now: { clock.now })
        let first = try await cache.token(for: key) { try await issuer.fetch() }
        let second = try await cache.token(for: key, rejecting: first.value) { try await issuer.fetch() }
        #expect(second.value == "token-2")
        // Another mailbox that still holds the first token gets the new one without a request.
        let third = try await cache.token(for: key, rejecting: first.value) { try await issuer.fetch() }
        #expect(third.value == "token-2")
        #expect(issuer.requests == 2)
    }

    @Test func failuresReachEveryWaiterAndAreNotCached() async throws {
        let clock = TestClock()
        let issuer = Issuer(clock: clock)
        let cache = TokenCache(now: { clock.now })
        issuer.fail(with: MailSourceError(.authentication, "AADSTS7000222: expired"))
        await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<5 {
                group.addTask {
                    do {
                        _ = try await cache.token(for: key) { try await issuer.fetch(delay: .milliseconds(50)) }
                        return false
                    } catch let error as MailSourceError {
                        return error.kind == .authentication
                    } catch {
                        return false
                    }
                }
            }
            for await failed in group { #expect(failed) }
        }
        #expect(issuer.requests == 1)
        issuer.fail(with: nil)
        #expect(try await cache.token(for: key) { try await issuer.fetch() }.value == "token-2")
    }

    @Test func differentKeysHaveDifferentTokens() async throws {
        let clock = TestClock()
        let issuer = Issuer(clock: clock)
        let cache = TokenCache(now: { clock.now })
        var otherSecret = key
        otherSecret.credential = "g"
        var otherTenant = key
        otherTenant.tenant = "u"
        let tokens = [
            try await cache.token(for: key) { try await issuer.fetch() },
            try await cache.token(for: otherSecret) { try await issuer.fetch() },
            try await cache.token(for: otherTenant) { try await issuer.fetch() },
            try await cache.token(for: key) { try await issuer.fetch() },
        ].map(\.value)
        #expect(tokens == ["token-1", "token-2", "token-3", "token-1"])
    }
}

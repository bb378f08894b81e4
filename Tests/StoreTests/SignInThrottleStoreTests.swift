import Foundation
import Store
import Testing

/// The store's count of failed sign-ins (``SignInThrottleStore``): per login name (without case) and per address,
/// starting over after the window, cleared per key, and pruned when old.
@Suite struct SignInThrottleStoreTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let window: TimeInterval = 3_600

    @Test(arguments: StoreSuite.implementations)
    func failuresAreCountedPerLoginAndAddressWithinTheWindow(_ implementation: StoreSuite.Implementation)
        async throws {
        try await StoreSuite.withWorld(implementation) { world in
            let store = world.store
            let ann = SignInKey.login("Ann"), here = SignInKey.address("192.0.2.1")
            #expect(try await store.signInFailures([ann, here]).isEmpty)
            for second in 0..<3 {
                try await store.recordSignInFailure([ann, here], now: Self.start.addingTimeInterval(Double(second)),
                                                    forgetAfter: Self.window)
            }
            try await store.recordSignInFailure([.login("bob"), here], now: Self.start.addingTimeInterval(3),
                                                forgetAfter: Self.window)
            let counted = try await store.signInFailures([.login("ANN"), here, .login("bob"), .address("x")])
            #expect(counted[.login("ann")] == SignInFailures(count: 3, last: Self.start.addingTimeInterval(2)))
            #expect(counted[here] == SignInFailures(count: 4, last: Self.start.addingTimeInterval(3)))
            #expect(counted[.login("bob")]?.count == 1)
            #expect(counted[.address("x")] == nil)
            // A login's name and an address with the same text are different keys.
            #expect(try await store.signInFailures([.address("ann")]).isEmpty)

            try await store.clearSignInFailures(.login("ANN"))
            #expect(try await store.signInFailures([ann]).isEmpty)
            #expect(try await store.signInFailures([here])[here]?.count == 4, "the address keeps its count")

            // Past the window a count starts over, and every count that old is deleted.
            let later = Self.start.addingTimeInterval(3 + Self.window)
            try await store.recordSignInFailure([here], now: later, forgetAfter: Self.window)
            #expect(try await store.signInFailures([here])[here] == SignInFailures(count: 1, last: later))
            #expect(try await store.signInFailures([.login("bob")]).isEmpty, "bob's stale count was pruned")
        }
    }
}

import Foundation
import Synchronization
import Testing
@testable import Sync

/// The hand-off between a source's read and the engine: order, the bound on how far the read runs ahead, and how
/// each side ends it.
@Suite struct PageHandOffTests {
    struct ReadFailed: Error {}

    /// A count that escaping closures can share.
    final class Counter: Sendable {
        private let value = Atomic(0)
        var count: Int { value.load(ordering: .sequentiallyConsistent) }
        func add() { value.add(1, ordering: .sequentiallyConsistent) }
    }

    /// Waits until `condition` holds, for at most 5 s.
    static func eventually(_ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(5)
        while !condition() {
            if ContinuousClock.now > deadline { return false }
            try await Task.sleep(for: .milliseconds(5))
        }
        return true
    }

    @Test func elementsArriveInOrderThenTheEnd() async throws {
        let handOff = PageHandOff<Int>(capacity: 2)
        try await handOff.send(1)
        try await handOff.send(2)
        handOff.finish(nil)
        #expect(try await handOff.next() == 1)
        #expect(try await handOff.next() == 2)
        #expect(try await handOff.next() == nil)
    }

    @Test func aSendWaitsWhileCapacityElementsWait() async throws {
        let handOff = PageHandOff<Int>(capacity: 2)
        let sent = Counter()
        let reader = Task {
            for value in 1...5 {
                try await handOff.send(value)
                sent.add()
            }
            handOff.finish(nil)
        }
        #expect(try await Self.eventually { sent.count == 2 })
        // The third waits for room: nothing the receiver did lets it through.
        try await Task.sleep(for: .milliseconds(200))
        #expect(sent.count == 2)
        #expect(try await handOff.next() == 1)
        #expect(try await Self.eventually { sent.count == 3 })
        var rest: [Int] = []
        while let value = try await handOff.next() { rest.append(value) }
        #expect(rest == [2, 3, 4, 5])
        try await reader.value
    }

    @Test func aReceiverWaitingForTheNextElementGetsIt() async throws {
        let handOff = PageHandOff<Int>(capacity: 1)
        let receiver = Task { try await handOff.next() }
        try await Task.sleep(for: .milliseconds(50))
        try await handOff.send(7)
        #expect(try await receiver.value == 7)
    }

    @Test func theReadsFailureComesAfterWhatWasSentBeforeIt() async throws {
        let handOff = PageHandOff<Int>(capacity: 2)
        try await handOff.send(1)
        handOff.finish(ReadFailed())
        #expect(try await handOff.next() == 1)
        await #expect(throws: ReadFailed.self) { try await handOff.next() }
    }

    @Test func cancellingAWaitingSendEndsIt() async throws {
        let handOff = PageHandOff<Int>(capacity: 1)
        let reader = Task {
            try await handOff.send(1)
            try await handOff.send(2)
        }
        try await Task.sleep(for: .milliseconds(50))
        reader.cancel()
        await #expect(throws: CancellationError.self) { try await reader.value }
    }

    @Test func aReceiverThatClosesEndsAWaitingSendAndRefusesLaterOnes() async throws {
        let handOff = PageHandOff<Int>(capacity: 1)
        let reader = Task {
            try await handOff.send(1)
            try await handOff.send(2)
        }
        try await Task.sleep(for: .milliseconds(50))
        handOff.close()
        await #expect(throws: CancellationError.self) { try await reader.value }
        await #expect(throws: CancellationError.self) { try await handOff.send(3) }
    }
}

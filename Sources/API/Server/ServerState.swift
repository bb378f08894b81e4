import NIOCore
import Synchronization

/// What the server's connections and its request handling share: the body budget, the memory trimmer, and which
/// clients have closed their sending side.
struct ServerState: Sendable {
    var bodyBudget: BodyBudget?
    var memoryTrimmer: IdleMemoryTrimmer?
    var connections = OpenConnections()
}

/// The open connections whose client closed its sending side, readable from any thread: a request's handler runs
/// off the connection's event loop, and asking the loop would hold every answer for a round trip through it.
final class OpenConnections: Sendable {
    /// Per connection: true once its input closed.
    private let inputClosed = Mutex<[ObjectIdentifier: Bool]>([:])

    func opened(_ channel: any Channel) {
        inputClosed.withLock { $0[ObjectIdentifier(channel)] = false }
        channel.closeFuture.whenComplete { [self] _ in
            _ = inputClosed.withLock { $0.removeValue(forKey: ObjectIdentifier(channel)) }
        }
    }

    func inputClosed(on channel: any Channel) {
        inputClosed.withLock { $0[ObjectIdentifier(channel)] = true }
    }

    /// True when the client closed the connection, or its sending side.
    func clientLeft(_ channel: any Channel) -> Bool {
        !channel.isActive || inputClosed.withLock { $0[ObjectIdentifier(channel)] ?? false }
    }
}

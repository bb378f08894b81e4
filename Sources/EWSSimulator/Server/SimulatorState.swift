/// The simulator's mutable state, kept behind one lock: the store, waiting failures, and each open
/// connection's authentication.
struct SimulatorState: Sendable {
    var store: SimulatorStore
    var failures = FailureSchedule()
    var connections: [ObjectIdentifier: ConnectionAuthenticator] = [:]
    /// The operation of every request that reached the EWS layer (authenticated), in arrival order.
    var operations: [String] = []
}

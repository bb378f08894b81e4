import EWS
import EntraSimulator

/// The simulator's mutable state, kept behind one lock: the store, waiting failures, each open connection's
/// authentication, and the token endpoint's applications and tokens.
struct SimulatorState: Sendable {
    var store: SimulatorStore
    var failures = FailureSchedule()
    var connections: [ObjectIdentifier: ConnectionAuthenticator] = [:]
    /// Extended Protection as ``ListenerSecurity`` read it when the server started.
    var channelBinding = NTLMServer.ChannelBindingPolicy.off
    /// The operation of every request that reached the EWS layer (authenticated), in arrival order.
    var operations: [String] = []
    /// The simulated Entra ID behind the token endpoint.
    var identity = EntraIdentityState<EWSApplicationRights>(applications: [])
}

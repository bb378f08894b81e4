import EntraSimulator
import Foundation

/// The simulator's mutable state, behind one lock: the mailboxes, Entra ID, waiting failures, requests in flight
/// per app and mailbox (for the concurrency limit), subscriptions, and what was received.
struct GraphState: Sendable {
    var store: MailStore
    var identity: EntraIdentityState<GraphApplicationAccess>
    var failures = FailureSchedule()
    /// `clientID|mailbox` → requests under way.
    var inFlight: [String: Int] = [:]
    var requests: [GraphRequestRecord] = []
    var subscriptions: [String: SubscriptionRecord] = [:]
    var deliveries: [NotificationDelivery] = []
    var responseDelay: Duration
    var moveRemovalReason: RemovalReason
}

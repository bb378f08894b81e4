import EntraSimulator
import Foundation
import Synchronization

/// The test control API for failures, Entra ID and subscriptions, and what the simulator saw.
extension GraphSimulator {
    /// Answers the next `count` Graph requests to `endpoint` (nil: any) for `mailbox` (nil: any) with `failure`,
    /// after letting `after` of them through. Authentication comes first: a request without a valid token gets 401
    /// and uses up nothing.
    public func failNext(
        _ endpoint: GraphEndpoint? = nil, mailbox: String? = nil, with failure: GraphFailure,
        count: Int = 1, after: Int = 0
    ) {
        state.withLock { $0.failures.add(failure, endpoint: endpoint, mailbox: mailbox, count: count, after: after) }
    }

    /// Drops every scheduled failure.
    public func clearFailures() {
        state.withLock { $0.failures.removeAll() }
    }

    /// How long every Graph request takes from now on (requests hold their concurrency slot meanwhile).
    public func setResponseDelay(_ delay: Duration) {
        state.withLock { $0.responseDelay = delay }
    }

    /// The `@removed` reason of later moves.
    public func setMoveRemovalReason(_ reason: RemovalReason) {
        state.withLock { $0.moveRemovalReason = reason }
    }

    /// An application access policy: the app may open only these mailboxes (nil lifts it).
    public func setApplicationAccessPolicy(clientID: String, allowedMailboxes: Set<String>?) {
        withEntraIdentity { $0.updateApplications(clientID: clientID) { $0.allowedMailboxes = allowedMailboxes } }
    }

    /// Every Graph request answered, in order.
    public var receivedRequests: [GraphRequestRecord] { state.withLock { $0.requests } }

    /// The ids of the live subscriptions.
    public var subscriptionIDs: [String] {
        state.withLock { state in state.subscriptions.values.filter { $0.expiration > Date() }.map(\.id).sorted() }
    }

    /// Every validation request and notification sent, in order.
    public var notificationDeliveries: [NotificationDelivery] { state.withLock { $0.deliveries } }

    /// Sends a lifecycle event to the subscription's `lifecycleNotificationUrl`; `subscriptionRemoved` also
    /// removes the subscription, as Graph does.
    /// - Throws: ``GraphSimulatorError/unknownSubscription`` when there is no such subscription or it has no
    ///   lifecycle URL.
    public func sendLifecycleEvent(_ event: GraphLifecycleEvent, subscriptionID: String) throws {
        let notification = try state.withLock { state throws(GraphSimulatorError) -> OutgoingNotification in
            guard let record = state.subscriptions[subscriptionID], let url = record.lifecycleNotificationURL else {
                throw GraphSimulatorError(code: .unknownSubscription, detail: subscriptionID)
            }
            if event == .subscriptionRemoved { state.subscriptions[subscriptionID] = nil }
            return OutgoingNotification(
                kind: .lifecycle, subscriptionID: subscriptionID, url: url,
                body: record.lifecycleNotification(event).encoded)
        }
        _ = outbox.withLock { $0?.yield(notification) }
    }
}

/// The simulated Entra ID's control API (``EntraIdentityHost``): expire secrets and tokens, disable or remove
/// applications, fail token requests, see them.
extension GraphSimulator: EntraIdentityHost {
    /// Runs `body` on the simulated Entra ID's state, under the simulator's lock.
    public func withEntraIdentity<Result: Sendable>(
        _ body: (inout EntraIdentityState<GraphApplicationAccess>) -> Result
    ) -> Result {
        state.withLock { body(&$0.identity) }
    }
}

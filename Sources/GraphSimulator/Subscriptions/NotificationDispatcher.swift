import Foundation
import ServiceLifecycle
import Synchronization

/// A POST the simulator owes a subscriber: a change notification or a lifecycle event.
struct OutgoingNotification: Sendable {
    var kind: NotificationDelivery.Kind
    var subscriptionID: String
    var url: String
    var body: [UInt8]
}

/// Sends notifications in the order the changes happened, each with a 30 s timeout (Graph drops slow receivers);
/// a receiver should answer 202. Runs in the simulator's service group, so it stops with it.
struct NotificationDispatcher: Service {
    let simulator: GraphSimulator
    let notifications: AsyncStream<OutgoingNotification>

    func run() async throws {
        for await notification in notifications.cancelOnGracefulShutdown() {
            var status: Int?
            if let client = simulator.notificationClient, let url = URL(string: notification.url) {
                status = try? await client.post(
                    url, contentType: "application/json; charset=utf-8",
                    body: notification.body, timeout: .seconds(30)
                ).status
            }
            simulator.state.withLock { state in
                state.deliveries.append(
                    NotificationDelivery(
                        kind: notification.kind,
                        subscriptionID: notification.subscriptionID,
                        url: notification.url, status: status))
            }
        }
    }
}

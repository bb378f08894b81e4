import Domain
import Foundation
import NIOCore
import NIOHTTP1

/// A change notification subscription on every message of the mailbox: its id, secret and expiry.
struct GraphSubscription: Sendable {
    var id: String
    var clientState: String
    var expires: Date
}

/// The mailbox's subscription (learn.microsoft.com/graph/change-notifications-delivery-webhooks): made on the first
/// wait (`POST /subscriptions`, resource `users/{id}/messages`, created, updated and deleted, a random
/// `clientState`, the lifecycle URL beside the notification URL; Graph checks the URL with its validation request
/// before answering), renewed before it expires (`PATCH`), made again when Graph removed it, and deleted on close.
/// Lifecycle events come through the hub: `subscriptionRemoved` → a new subscription, `reauthorizationRequired` →
/// a renewal, `missed` → nothing more than the wake-up, since the pass that follows reads the delta.
extension GraphMailSource {
    /// The key under which the hub wakes this mailbox.
    nonisolated var mailboxKey: String { "\(client.requests.base)|\(client.requests.user.lowercased())" }

    func maintainSubscription(_ hub: GraphNotificationHub) async throws {
        let events = await hub.takeLifecycleEvents(mailbox: mailboxKey)
        if events.contains(.subscriptionRemoved), let removed = subscription {
            await hub.unregister(clientState: removed.clientState)
            subscription = nil
        }
        do {
            if let current = subscription {
                let left = current.expires.timeIntervalSinceNow
                if events.contains(.reauthorizationRequired)
                    || left < Double(hub.settings.renewBefore.components.seconds) {
                    try await renew(current, hub: hub)
                }
            } else {
                try await subscribe(hub)
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // Notifications only shorten the wait: without them the mailbox is polled as before, and the next wait
            // tries again. The pass that follows reports a Graph that is really down.
        }
    }

    private func subscribe(_ hub: GraphNotificationHub) async throws {
        let clientState = Self.newClientState()
        await hub.register(mailbox: mailboxKey, clientState: clientState)
        let expires = Date().addingTimeInterval(Double(hub.settings.lifetime.components.seconds))
        let body: [String: Any] = [
            "changeType": "created,updated,deleted", "notificationUrl": hub.settings.url,
            "lifecycleNotificationUrl": hub.settings.url, "resource": client.requests.mailboxMessagesResource,
            "expirationDateTime": GraphDate.format(expires), "clientState": clientState,
            "latestSupportedTlsVersion": "v1_2",
        ]
        let response: GraphHTTPClient.Response
        do {
            // Graph holds the answer until the notification URL passed its validation request (up to 10 s).
            response = try await client.send(.POST, client.requests.subscriptions, body: Self.json(body),
                                             timeout: .seconds(60))
        } catch {
            await hub.unregister(clientState: clientState)
            throw error
        }
        guard response.status == 201, let object = Self.object(response.body), let id = object["id"] as? String
        else {
            await hub.unregister(clientState: clientState)
            throw client.answer(response).error
        }
        await hub.bind(clientState: clientState, subscriptionID: id)
        let granted = (object["expirationDateTime"] as? String).flatMap(GraphDate.parse) ?? expires
        subscription = GraphSubscription(id: id, clientState: clientState, expires: granted)
    }

    private func renew(_ current: GraphSubscription, hub: GraphNotificationHub) async throws {
        let expires = Date().addingTimeInterval(Double(hub.settings.lifetime.components.seconds))
        let response = try await client.send(.PATCH, client.requests.subscription(current.id),
                                             body: Self.json(["expirationDateTime": GraphDate.format(expires)]),
                                             timeout: .seconds(30))
        if response.status == 404 {
            // Gone (expired, or removed without telling us): a new one.
            await hub.unregister(clientState: current.clientState)
            subscription = nil
            try await subscribe(hub)
            return
        }
        guard (200..<300).contains(response.status) else { throw client.answer(response).error }
        let granted = Self.object(response.body)?["expirationDateTime"] as? String
        subscription?.expires = granted.flatMap(GraphDate.parse) ?? expires
    }

    func deleteSubscription() async {
        guard let current = subscription, let hub = notifications else { return }
        subscription = nil
        await hub.unregister(clientState: current.clientState)
        let client = client
        // A closing source may be a cancelled one (the service stopping, the mailbox disabled): the DELETE runs in
        // a task of its own so it is still sent, bounded by its timeout.
        await Task.detached {
            _ = try? await client.send(.DELETE, client.requests.subscription(current.id), body: nil,
                                       timeout: .seconds(10))
        }.value
    }

    /// 32 random bytes, hex: Graph allows 128 characters.
    static func newClientState() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data())
    }

    static func object(_ body: [UInt8]) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any]
    }
}

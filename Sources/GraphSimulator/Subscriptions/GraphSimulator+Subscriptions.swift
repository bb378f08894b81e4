import Foundation
import Synchronization

extension GraphSimulator {
    /// The subscription endpoints. Creation validates the notification URL (and the lifecycle URL) outside the
    /// lock: a POST of `?validationToken=…` that must come back 200 with the decoded token as the body within
    /// ``GraphSimulatorConfiguration/validationTimeout``, or the subscription is refused (400 ValidationError).
    func subscriptionAnswer(_ ticket: GraphTicket, body: [UInt8], now: Date) async -> Result<GraphAnswer, GraphError> {
        let requests = SubscriptionRequests(configuration: configuration, ticket: ticket, now: now)
        let root = ticket.context.serviceRoot
        switch (ticket.route, ticket.head.method) {
        case (.subscriptions, "POST"):
            let id = state.withLock { $0.store.ids.uuid() }
            let prepared = state.withLock { requests.prepare(body, state: $0, newID: id) }
            guard case .success(let record) = prepared else { return prepared.map { _ in .json(.null) } }
            for url in [record.notificationURL] + (record.lifecycleNotificationURL.map { [$0] } ?? []) {
                if let refusal = await validate(url, subscriptionID: id) { return .failure(refusal) }
            }
            state.withLock { $0.subscriptions[id] = record }
            return .success(.json(record.render(serviceRoot: root), status: 201))
        case (.subscriptions, _):
            let records = state.withLock { state in
                state.subscriptions.values.filter { $0.applicationID == ticket.clientID && $0.expiration > now }
                    .sorted { $0.id < $1.id }
            }
            return .success(
                .json(
                    .object([
                        ("@odata.context", .string("\(root)/$metadata#subscriptions")),
                        ("value", .array(records.map { $0.render(serviceRoot: root, context: false) })),
                    ])))
        case (.subscription(let id), let method), (.reauthorize(let id), let method):
            return state.withLock { state -> Result<GraphAnswer, GraphError> in
                guard let record = state.subscriptions[id], record.applicationID == ticket.clientID,
                    record.expiration > now
                else { return .failure(GraphError(404, "ResourceNotFound", "The object was not found.")) }
                if case .reauthorize = ticket.route { return .success(GraphAnswer(status: 204)) }
                switch method {
                case "DELETE":
                    state.subscriptions[id] = nil
                    return .success(GraphAnswer(status: 204))
                case "PATCH":
                    return requests.renew(body, record: record).map { renewed in
                        state.subscriptions[id] = renewed
                        return .json(renewed.render(serviceRoot: root))
                    }
                default:
                    return .success(.json(record.render(serviceRoot: root)))
                }
            }
        default:
            return .failure(.methodNotAllowed)
        }
    }

    /// The validation handshake; nil when the endpoint echoed the token in time.
    private func validate(_ url: String, subscriptionID: String) async -> GraphError? {
        let token = SubscriptionRequests.validationToken(requestID: UUID().uuidString.lowercased())
        guard let client = notificationClient, let target = SubscriptionRequests.validationURL(url, token: token) else {
            return GraphError(
                400, "ValidationError",
                "Subscription validation request failed. Notification endpoint "
                    + "must respond with 200 OK to validation request.")
        }
        let reply = try? await client.post(
            target, contentType: "text/plain; charset=utf-8", body: [],
            timeout: configuration.validationTimeout)
        state.withLock { state in
            state.deliveries.append(
                NotificationDelivery(
                    kind: .validation, subscriptionID: subscriptionID, url: url,
                    status: reply?.status))
        }
        guard let reply, reply.status == 200 else {
            return GraphError(
                400, "ValidationError",
                "Subscription validation request failed. Notification endpoint "
                    + "must respond with 200 OK to validation request.")
        }
        let isText = reply.contentType?.lowercased().hasPrefix("text/plain") ?? false
        guard isText, String(decoding: reply.body, as: UTF8.self) == token else {
            return GraphError(
                400, "ValidationError",
                "Subscription validation request failed. Response must exactly "
                    + "match validationToken query parameter.")
        }
        return nil
    }

    /// Turns the store's recorded changes into notifications for the subscriptions watching them. Call after
    /// releasing the lock that made the changes.
    func dispatchEvents() {
        let now = Date()
        let outgoing: [OutgoingNotification] = state.withLock { state in
            let events = state.store.events
            state.store.events.removeAll()
            var outgoing: [OutgoingNotification] = []
            for event in events {
                let userID = state.store.mailbox(event.mailbox)?.userID ?? ""
                for subscription in state.subscriptions.values.sorted(by: { $0.id < $1.id })
                where subscription.expiration > now && subscription.watches(event) {
                    outgoing.append(
                        OutgoingNotification(
                            kind: .change, subscriptionID: subscription.id, url: subscription.notificationURL,
                            body: subscription.notification(for: event, userID: userID).encoded))
                }
            }
            return outgoing
        }
        guard !outgoing.isEmpty else { return }
        outbox.withLock { continuation in
            for notification in outgoing { continuation?.yield(notification) }
        }
    }
}

import Domain
import Foundation

/// The process's receiver of Graph change notifications: it knows each subscription's `clientState` (a random
/// secret per subscription), wakes the mailbox a genuine notification names, and keeps the lifecycle events for that
/// mailbox's source to act on. A notification whose `clientState` doesn't match (forged, or for a subscription this
/// process no longer has) wakes nothing and is counted.
public actor GraphNotificationHub: ChangeNotificationReceiver {
    public nonisolated let settings: GraphNotificationSettings
    /// Notifications without resource data are a few hundred bytes each and Graph batches them; 256 KiB holds
    /// hundreds.
    public nonisolated var maximumBody: Int { 256 << 10 }

    private struct Registration {
        var mailbox: String
        var clientState: [UInt8]
        /// Nil until `POST /subscriptions` answers: notifications can arrive before it does.
        var subscriptionID: String?
    }

    private var registrations: [Registration] = []
    /// Mailboxes woken while no one waited: the next wait returns at once, so nothing is missed between passes.
    private var rung: Set<String> = []
    private var waiters: [String: [UUID: CheckedContinuation<Void, Never>]] = [:]
    private var lifecycle: [String: Set<GraphLifecycleEvent>] = [:]
    /// Notifications that woke a mailbox, and those ignored (unreadable, or a `clientState` that matched nothing).
    public private(set) var accepted = 0
    public private(set) var ignored = 0

    public init(settings: GraphNotificationSettings) {
        self.settings = settings
    }

    public func receive(_ body: [UInt8]) {
        guard body.count <= maximumBody,
              let object = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any],
              let items = object["value"] as? [Any]
        else {
            ignored += 1
            return
        }
        for case let item as [String: Any] in items.prefix(1_000) {
            guard let state = item["clientState"] as? String, let id = item["subscriptionId"] as? String,
                  let mailbox = mailbox(subscriptionID: id, clientState: Array(state.utf8))
            else {
                ignored += 1
                continue
            }
            accepted += 1
            if let name = item["lifecycleEvent"] as? String, let event = GraphLifecycleEvent(rawValue: name) {
                lifecycle[mailbox, default: []].insert(event)
            }
            ring(mailbox)
        }
    }

    /// The mailbox of a subscription whose secret matches, compared in constant time.
    private func mailbox(subscriptionID: String, clientState: [UInt8]) -> String? {
        registrations.first { registration in
            (registration.subscriptionID == nil || registration.subscriptionID == subscriptionID)
                && Self.constantTimeEqual(registration.clientState, clientState)
        }?.mailbox
    }

    static func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }

    // MARK: For the mailboxes' sources

    /// Remembers a new subscription's secret before Graph is asked for it.
    func register(mailbox: String, clientState: String) {
        registrations.append(Registration(mailbox: mailbox, clientState: Array(clientState.utf8)))
    }

    /// Binds the secret to the subscription Graph created.
    func bind(clientState: String, subscriptionID: String) {
        let state = Array(clientState.utf8)
        for index in registrations.indices where registrations[index].clientState == state {
            registrations[index].subscriptionID = subscriptionID
        }
    }

    func unregister(clientState: String) {
        let state = Array(clientState.utf8)
        registrations.removeAll { $0.clientState == state }
    }

    /// The lifecycle events received for a mailbox since the last call.
    func takeLifecycleEvents(mailbox: String) -> Set<GraphLifecycleEvent> {
        lifecycle.removeValue(forKey: mailbox) ?? []
    }

    /// Returns when a notification for the mailbox arrives (or arrived since the last wait), or after `timeout`.
    /// - Throws: `CancellationError`.
    func wait(mailbox: String, timeout: Duration) async throws {
        if rung.remove(mailbox) != nil { return }
        let id = UUID()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await self.park(mailbox: mailbox, id: id) }
            group.addTask { try await Task.sleep(for: timeout) }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
        release(mailbox: mailbox, id: id)
    }

    private func park(mailbox: String, id: UUID) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                // Cancelled before parking (the timeout won): the handler below found nothing to release.
                if Task.isCancelled || rung.remove(mailbox) != nil {
                    continuation.resume()
                } else {
                    waiters[mailbox, default: [:]][id] = continuation
                }
            }
        } onCancel: {
            Task { await self.release(mailbox: mailbox, id: id) }
        }
    }

    private func release(mailbox: String, id: UUID) {
        waiters[mailbox]?.removeValue(forKey: id)?.resume()
    }

    private func ring(_ mailbox: String) {
        guard let parked = waiters.removeValue(forKey: mailbox), !parked.isEmpty else {
            rung.insert(mailbox)
            return
        }
        for continuation in parked.values { continuation.resume() }
    }
}

/// The lifecycle events Graph sends to `lifecycleNotificationUrl` (learn.microsoft.com/graph/
/// change-notifications-lifecycle-events).
public enum GraphLifecycleEvent: String, Sendable, Hashable {
    /// Graph removed the subscription: create a new one.
    case subscriptionRemoved
    /// Notifications were lost: the woken pass reads the delta, which has them all.
    case missed
    /// The subscription must be reauthorized (renewed) or Graph removes it.
    case reauthorizationRequired
}

import API
import Domain
import Foundation
import Hummingbird
import Logging
import MicrosoftGraph
import NIOCore
import ServiceLifecycle
import Store
import Synchronization

/// The product's API on http://127.0.0.1 with its `POST /graph/notifications` route, feeding a hub made once the
/// port (and so the notification URL) is known. The simulator may post to loopback over plain HTTP.
final class NotificationServer: Sendable {
    /// The hub the route feeds; set by ``start(store:lifetime:renewBefore:)``.
    private let target = Mutex<GraphNotificationHub?>(nil)
    private let server = Mutex<(Task<Void, Never>, ServiceGroup)?>(nil)

    /// Forwards the route's bodies to the hub, whichever it is by then.
    private struct Forwarder: ChangeNotificationReceiver {
        let server: NotificationServer
        var maximumBody: Int { 256 << 10 }
        func receive(_ body: [UInt8]) async {
            let hub = server.target.withLock { $0 }
            await hub?.receive(body)
        }
    }

    /// Starts the API and returns the hub, whose URL is this server's route.
    func start(store: any Store, lifetime: Duration = .seconds(4_200 * 60), renewBefore: Duration = .seconds(86_400))
        async throws -> (hub: GraphNotificationHub, port: Int) {
        var logger = Logger(label: "test.notifications")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(
            router: MailstreamApplication.responder(store: store, notifications: Forwarder(server: self)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { continuation.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(services: [app], logger: logger)
        let task = Task<Void, Never> { try? await group.run() }
        server.withLock { $0 = (task, group) }
        var port = 0
        for await listening in ports {
            port = listening
            break
        }
        let hub = GraphNotificationHub(settings: try GraphNotificationSettings(
            url: "http://127.0.0.1:\(port)/graph/notifications", lifetime: lifetime, renewBefore: renewBefore))
        target.withLock { $0 = hub }
        return (hub, port)
    }

    func stop() async {
        guard let (task, group) = server.withLock({ $0 }) else { return }
        await group.triggerGracefulShutdown()
        await task.value
    }
}

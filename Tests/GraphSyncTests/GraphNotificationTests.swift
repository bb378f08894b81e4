import Domain
import Foundation
import GraphSimulator
import Logging
import MicrosoftGraph
import ServiceLifecycle
import Sync
import Testing
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Change notification subscriptions against the simulator, which validates the notification URL and posts to the
/// product's `POST /graph/notifications`: a notification cuts the poll short, a forged one wakes nothing, and the
/// subscription is renewed, made again and deleted as Graph's lifecycle asks.
@Suite struct GraphNotificationTests {
    struct Setup {
        let world: GraphWorld
        let server: NotificationServer
        let hub: GraphNotificationHub
        let port: Int
        let connector: GraphConnector

        init(lifetime: Duration = .seconds(4_200 * 60), renewBefore: Duration = .seconds(86_400)) async throws {
            world = try await GraphWorld()
            server = NotificationServer()
            (hub, port) = try await server.start(store: world.store, lifetime: lifetime, renewBefore: renewBefore)
            connector = GraphConnector(outboundPolicy: world.policy, notifications: hub)
        }

        func source() async throws -> GraphMailSource {
            try await connector.makeSource(try GraphConnection(try world.connection())
                .sourceSettings(mailbox: GraphWorld.alice))
        }

        /// Graph's requests on `/subscriptions`, by method.
        func subscriptionRequests(_ method: String) -> Int {
            world.simulator.receivedRequests.filter { $0.endpoint == .subscriptions && $0.method == method }.count
        }

        func stop() async {
            await server.stop()
            await world.stop()
        }
    }

    /// Waits up to `seconds` for `condition`.
    static func eventually(_ seconds: Double = 5, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    /// How long a wait took.
    static func timed(_ body: @Sendable () async throws -> Void) async throws -> Duration {
        let start = ContinuousClock.now
        try await body()
        return ContinuousClock.now - start
    }

    /// With a subscription, `serve`'s engine shows new mail in a fraction of the 30 s poll interval; `missed` wakes a
    /// delta pass; the subscription goes when the engine stops.
    @Test func newMailIsVisibleWellBeforeThePollInterval() async throws {
        let setup = try await Setup()
        try await setup.world.addIntegration()
        var configuration = SyncEngine.Configuration()
        configuration.pollInterval = .seconds(30)
        let engine = SyncEngine(store: setup.world.store, factory: setup.connector, configuration: configuration,
                                logger: Logger(label: "graph-notification-test"))
        let group = ServiceGroup(services: [engine], logger: Logger(label: "graph-notification-test"))
        let running = Task { try await group.run() }
        // The simulator records a request once it has answered it, after the subscription exists: wait for both.
        #expect(try await Self.eventually(30) {
            setup.world.simulator.subscriptionIDs.count == 1
                && setup.world.simulator.receivedRequests.contains { $0.endpoint == .subscriptions }
        })
        let created = setup.world.simulator.receivedRequests.first { $0.endpoint == .subscriptions }
        #expect(created?.method == "POST" && created?.status == 201, "\(String(describing: created))")
        let start = ContinuousClock.now
        try setup.world.simulator.deliver(GraphWorld.mail("pushed@x"), mailbox: GraphWorld.alice)
        #expect(try await Self.eventually(10) { try await setup.world.comments().count == 1 })
        let elapsed = ContinuousClock.now - start
        #expect(elapsed < .seconds(5), "\(elapsed)")
        #expect(await setup.hub.accepted >= 1)

        // `missed`: the woken pass reads the delta.
        let deltasBefore = setup.world.simulator.receivedRequests.filter { $0.endpoint == .messageDelta }.count
        // (Not `subscriptionIDs[0]`: when the first wait failed under load, that crashed the whole test process.)
        let subscription = setup.world.simulator.subscriptionIDs.first
        #expect(subscription != nil)
        if let subscription {
            try setup.world.simulator.sendLifecycleEvent(.missed, subscriptionID: subscription)
            #expect(try await Self.eventually(10) {
                setup.world.simulator.receivedRequests.filter { $0.endpoint == .messageDelta }.count > deltasBefore
            })
        }

        // Stopping (as when the integration is disabled, at the end of the wait under way) deletes the subscription.
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(setup.world.simulator.subscriptionIDs.isEmpty)
        await setup.stop()
    }

    /// A notification with another `clientState` (or none, or garbage) gets the same bare 202 and wakes nothing;
    /// a body past the limit gets 413; the validation request gets its token back.
    @Test func aForgedNotificationWakesNothing() async throws {
        let setup = try await Setup()
        let source = try await setup.source()
        let folders = try await source.folders()
        try await source.waitForChanges(in: folders, timeout: .milliseconds(10))
        let id = try #require(setup.world.simulator.subscriptionIDs.first)
        let url = URL(string: "http://127.0.0.1:\(setup.port)/graph/notifications")!
        let forged = #"{"value":[{"subscriptionId":"\#(id)","clientState":"guessed","changeType":"created","#
            + #""resource":"Users/x/Messages/y","tenantId":"t"}]}"#
        for body in [forged, #"{"value":[{"subscriptionId":"\#(id)"}]}"#, "not json"] {
            let (status, answer) = try await Self.post(url, body: Array(body.utf8))
            #expect(status == 202)
            #expect(answer.isEmpty)
        }
        let waited = try await Self.timed { try await source.waitForChanges(in: folders, timeout: .seconds(1.5)) }
        #expect(waited >= .seconds(1.4), "\(waited)")
        #expect(await setup.hub.accepted == 0)
        #expect(await setup.hub.ignored == 3)

        let (tooLarge, _) = try await Self.post(url, body: Array(repeating: UInt8(ascii: " "), count: 300 << 10))
        #expect(tooLarge == 413)
        let token = "Validation: Testing client application reachability for subscription Request-Id: 1"
        let encoded = token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let (validated, echoed) = try await Self.post(URL(string: "\(url.absoluteString)?validationToken=\(encoded)")!,
                                                      body: [])
        #expect(validated == 200)
        #expect(echoed == token)
        await source.close()
        #expect(setup.world.simulator.subscriptionIDs.isEmpty)
        await setup.stop()
    }

    /// A subscription close to its end is renewed with PATCH; `reauthorizationRequired` renews at once.
    @Test func subscriptionsAreRenewedBeforeTheyExpire() async throws {
        // Renew as soon as anything of the hour is used: every later wait renews.
        let setup = try await Setup(lifetime: .seconds(3_600), renewBefore: .seconds(3_600))
        let source = try await setup.source()
        try await source.waitForChanges(in: [], timeout: .milliseconds(10))
        let id = try #require(setup.world.simulator.subscriptionIDs.first)
        #expect(setup.subscriptionRequests("POST") == 1)
        try await source.waitForChanges(in: [], timeout: .milliseconds(10))
        #expect(setup.subscriptionRequests("PATCH") == 1)
        #expect(setup.world.simulator.subscriptionIDs == [id])
        await source.close()
        await setup.stop()

        let lasting = try await Setup()
        let other = try await lasting.source()
        try await other.waitForChanges(in: [], timeout: .milliseconds(10))
        let lastingID = try #require(lasting.world.simulator.subscriptionIDs.first)
        try lasting.world.simulator.sendLifecycleEvent(.reauthorizationRequired, subscriptionID: lastingID)
        // The lifecycle notification wakes the wait; the next one renews.
        let woken = try await Self.timed { try await other.waitForChanges(in: [], timeout: .seconds(10)) }
        #expect(woken < .seconds(5))
        #expect(lasting.subscriptionRequests("PATCH") == 0)
        try await other.waitForChanges(in: [], timeout: .milliseconds(10))
        #expect(lasting.subscriptionRequests("PATCH") == 1)
        await other.close()
        await lasting.stop()
    }

    /// `subscriptionRemoved`: the wait wakes, and the next one makes a new subscription.
    @Test func aRemovedSubscriptionIsMadeAgain() async throws {
        let setup = try await Setup()
        let source = try await setup.source()
        try await source.waitForChanges(in: [], timeout: .milliseconds(10))
        let first = try #require(setup.world.simulator.subscriptionIDs.first)
        try setup.world.simulator.sendLifecycleEvent(.subscriptionRemoved, subscriptionID: first)
        let woken = try await Self.timed { try await source.waitForChanges(in: [], timeout: .seconds(10)) }
        #expect(woken < .seconds(5))
        try await source.waitForChanges(in: [], timeout: .milliseconds(10))
        let now = setup.world.simulator.subscriptionIDs
        #expect(now.count == 1 && now != [first], "\(now)")
        #expect(setup.subscriptionRequests("POST") == 2)
        await source.close()
        await setup.stop()
    }

    static func post(_ url: URL, body: [UInt8]) async throws -> (Int, String) {
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body)
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }
}

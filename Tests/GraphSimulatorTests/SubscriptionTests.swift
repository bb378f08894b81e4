import Foundation
import GraphSimulator
import NIOHTTP1
import Testing

/// `/subscriptions`: the validation handshake, clientState, expiry, renewal, deletion, change notifications and
/// lifecycle events. The receivers are plain HTTP on 127.0.0.1, which the simulator allows for loopback only.
@Suite struct SubscriptionTests {
    static func body(
        port: Int, resource: String = "users/\(Fixture.alice)/mailFolders('inbox')/messages",
        minutes: Double = 60, changeType: String = "created,updated,deleted",
        lifecycle: Bool = true
    ) -> String {
        let expiry = ISO8601DateFormatter().string(from: Date().addingTimeInterval(minutes * 60))
        let lifecycleURL = lifecycle ? ",\"lifecycleNotificationUrl\":\"http://127.0.0.1:\(port)/lifecycle\"" : ""
        return "{\"changeType\":\"\(changeType)\",\"notificationUrl\":\"http://127.0.0.1:\(port)/notify\","
            + "\"resource\":\"\(resource)\",\"expirationDateTime\":\"\(expiry)\",\"clientState\":\"s3cr3t-state\""
            + lifecycleURL + "}"
    }

    static func inTwoHours() -> String {
        ISO8601DateFormatter().string(from: Date().addingTimeInterval(7200))
    }

    @Test func createValidatesThenNotifies() async throws {
        let receiver = NotificationReceiver()
        let port = try await receiver.start()
        defer { Task { await receiver.stop() } }
        try await Fixture.withSimulator { simulator, session in
            let created = try await session.send(
                .POST, "/v1.0/subscriptions", headers: [("Prefer", "IdType=\"ImmutableId\"")],
                json: Self.body(port: port))
            #expect(created.status == 201, "\(created.text)")
            #expect(created.json["clientState"] as? String == "s3cr3t-state")
            #expect(created.json["applicationId"] as? String == Fixture.clientID)
            let id = try #require(created.json["id"] as? String)
            #expect(receiver.validationTokens.count == 2, "notification and lifecycle URLs are both validated")
            #expect(
                receiver.validationTokens.first?.hasPrefix("Validation: Testing client application reachability")
                    == true)

            let message = try simulator.deliver(Fixture.message(1), mailbox: Fixture.alice)
            try simulator.markRead(message)
            try simulator.deliver(Fixture.message(2), to: .archive, mailbox: Fixture.alice)
            let notifications = try await receiver.waitFor(2)
            #expect(notifications.count == 2, "the archive is not watched")
            let first = try #require((notifications.first?.body["value"] as? [[String: Any]])?.first)
            #expect(first["subscriptionId"] as? String == id)
            #expect(first["changeType"] as? String == "created")
            #expect(first["clientState"] as? String == "s3cr3t-state")
            #expect(first["tenantId"] as? String == Fixture.tenantID)
            #expect((first["resourceData"] as? [String: Any])?["id"] as? String == message.immutableID)
            let second = (notifications.last?.body["value"] as? [[String: Any]])?.first
            #expect(second?["changeType"] as? String == "updated")

            let renewed = try await session.send(
                .PATCH, "/v1.0/subscriptions/\(id)",
                json: "{\"expirationDateTime\":\"\(Self.inTwoHours())\"}")
            #expect(renewed.status == 200)
            let listed = try await session.get("/v1.0/subscriptions")
            #expect(listed.value.map { $0["id"] as? String } == [id])

            let reauthorized = try await session.send(.POST, "/v1.0/subscriptions/\(id)/reauthorize")
            #expect(reauthorized.status == 204)
            try simulator.sendLifecycleEvent(.missed, subscriptionID: id)
            let lifecycle = try await receiver.waitFor(3)
            #expect(lifecycle.last?.path == "/lifecycle")
            #expect(
                ((lifecycle.last?.body["value"] as? [[String: Any]])?.first)?["lifecycleEvent"] as? String == "missed")

            let deleted = try await session.send(.DELETE, "/v1.0/subscriptions/\(id)")
            #expect(deleted.status == 204)
            try simulator.deliver(Fixture.message(3), mailbox: Fixture.alice)
            try await Task.sleep(for: .milliseconds(300))
            #expect(receiver.notifications.count == 3, "nothing after deletion")
            let gone = try await session.get("/v1.0/subscriptions/\(id)")
            #expect(gone.status == 404)
        }
    }

    @Test func subscriptionRemovedEndsIt() async throws {
        let receiver = NotificationReceiver()
        let port = try await receiver.start()
        defer { Task { await receiver.stop() } }
        try await Fixture.withSimulator { simulator, session in
            let created = try await session.send(.POST, "/v1.0/subscriptions", json: Self.body(port: port))
            let id = try #require(created.json["id"] as? String)
            try simulator.sendLifecycleEvent(.subscriptionRemoved, subscriptionID: id)
            let events = try await receiver.waitFor(1)
            #expect(
                ((events.first?.body["value"] as? [[String: Any]])?.first)?["lifecycleEvent"] as? String
                    == "subscriptionRemoved")
            #expect(simulator.subscriptionIDs.isEmpty)
        }
    }

    @Test(arguments: [NotificationReceiver.Validation.wrongToken, .silent(.seconds(3))])
    func aFailedValidationRefusesTheSubscription(validation: NotificationReceiver.Validation) async throws {
        let receiver = NotificationReceiver(validation: validation)
        let port = try await receiver.start()
        defer { Task { await receiver.stop() } }
        try await Fixture.withSimulator({ $0.validationTimeout = .seconds(1) }) { simulator, session in
            let refused = try await session.send(
                .POST, "/v1.0/subscriptions", json: Self.body(port: port, lifecycle: false))
            #expect(refused.status == 400)
            #expect(refused.errorCode == "ValidationError")
            #expect(simulator.subscriptionIDs.isEmpty)
        }
    }

    @Test func requestsGraphRefuses() async throws {
        try await Fixture.withSimulator { _, session in
            let tooLong = try await session.send(
                .POST, "/v1.0/subscriptions", json: Self.body(port: 9, minutes: 20_000))
            #expect(tooLong.status == 400)
            #expect(tooLong.errorMessage == "Subscription expiration can only be 10080 minutes in the future.")
            let plainHTTP = try await session.send(
                .POST, "/v1.0/subscriptions",
                json: Self.body(port: 9).replacingOccurrences(of: "127.0.0.1", with: "example.com"))
            #expect(plainHTTP.status == 400)
            let badType = try await session.send(
                .POST, "/v1.0/subscriptions", json: Self.body(port: 9, changeType: "moved"))
            #expect(badType.status == 400)
            let me = try await session.send(
                .POST, "/v1.0/subscriptions", json: Self.body(port: 9, resource: "me/messages"))
            #expect(me.status == 400)
        }
    }
}

import ClientTLS
import Domain
import Foundation
import Store
import Synchronization
import SQLiteStore
import Testing
@testable import Webhooks

/// Outbound safety: redirects not followed, answers read only so far, this server and link-local or metadata
/// addresses never reached; a target failing for its whole window is disabled and reported; Retry-After is kept.
@Suite struct SenderAndPolicyTests {
    @Test func aRedirectIsAFailureAndIsNotFollowed() async throws {
        let receiver = WebhookReceiver { _ in .init(status: 307, headers: [("Location", "/hook")]) }
        try await receiver.start()
        defer { receiver.stop() }
        let sender = try await WebhookHTTPSender(policy: Deliverers.loopback)
        let outcome = try await sender.post(url: receiver.url, headers: [], body: Data("{}".utf8))
        try await sender.shutdown()
        #expect(outcome.status == 307 && !outcome.succeeded)
        #expect(outcome.error?.contains("redirect") == true)
        #expect(receiver.received.count == 1)
    }

    @Test func aHugeAnswerIsReadOnlyToTheLimit() async throws {
        let receiver = WebhookReceiver { _ in .init(status: 200, body: String(repeating: "x", count: 2 << 20)) }
        try await receiver.start()
        defer { receiver.stop() }
        let sender = try await WebhookHTTPSender(policy: Deliverers.loopback)
        let outcome = try await sender.post(url: receiver.url, headers: [], body: Data("{}".utf8))
        try await sender.shutdown()
        #expect(outcome.succeeded && outcome.answer.count == 4_096)
    }

    /// The receiver listens where "this server" does: the tunnel refuses the address before connecting, and the
    /// deliverer disables the target at once (no retry can help) and reports it.
    @Test func thisServerIsNeverATarget() async throws {
        let receiver = WebhookReceiver()
        try await receiver.start()
        defer { receiver.stop() }
        var policy = Deliverers.loopback
        policy.refusedEndpoints = OutboundPolicy.Endpoint.listening(host: "0.0.0.0", port: receiver.port)
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        try await fixture.addEmails(0..<2)
        let webhook = try await fixture.store.saveWebhook(
            streamID: fixture.stream.id, url: "http://localhost:\(receiver.port)/hook", batchSize: 4,
            secret: .generate())
        let events = DisabledEvents()
        let deliverer = try await Deliverers.make(fixture, policy: policy, events: events)
        try await running(deliverer) { () async throws in
            #expect(try await eventually(within: .seconds(10)) { !events.all.isEmpty })
        }
        #expect(receiver.received.isEmpty)
        let stored = try #require(try await fixture.store.webhook(id: webhook.id))
        #expect(!stored.enabled)
        #expect(stored.disabledReason?.contains("own listening address") == true, "\(stored.disabledReason ?? "")")
        #expect(events.all.first?.streamName == "push" && events.all.first?.datasetOwner == "ops")
        // The stream did not move.
        #expect(try await fixture.store.stream(datasetID: fixture.dataset.id, name: "push")?.position == StreamPosition())
    }

    @Test(arguments: ["169.254.169.254", "169.254.10.1", "100.100.100.200", "fd00:ec2::254", "fe80::1"])
    func linkLocalAndMetadataStayRefusedWhateverTheAllowList(address: String) async throws {
        let policy = OutboundPolicy(allowPrivateNetworks: true,
                                    allowed: [try IPAddressRange(parsing: "0.0.0.0/0"), try IPAddressRange(parsing: "::/0")],
                                    refusedCategories: [.linkLocal, .cloudMetadata])
        let ip = try #require(IPAddress(address))
        #expect(policy.refusal(of: ip) != nil)
        await #expect(throws: MailSourceError.self) { try await policy.resolve(host: address, port: 80) }
        // The mail servers' policy (no refused categories) still opens them through its allow-list.
        #expect(OutboundPolicy(allowed: policy.allowed).refusal(of: ip) == nil)
    }

    @Test func anUnspecifiedListenerCoversLoopbackAndEveryInterface() throws {
        let endpoints = OutboundPolicy.Endpoint.listening(host: "0.0.0.0", port: 8080)
        let policy = OutboundPolicy(allowPrivateNetworks: true, refusedEndpoints: endpoints)
        for address in ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1", "0.0.0.0"] {
            #expect(policy.refusal(of: try #require(IPAddress(address)), port: 8080) == .thisService, "\(address)")
        }
        #expect(policy.refusal(of: try #require(IPAddress("127.0.0.1")), port: 8081) == nil)
        let single = OutboundPolicy(allowPrivateNetworks: true,
                                    refusedEndpoints: OutboundPolicy.Endpoint.listening(host: "127.0.0.1", port: 9))
        #expect(single.refusal(of: try #require(IPAddress("127.0.0.1")), port: 9) == .thisService)
        #expect(single.refusal(of: try #require(IPAddress("127.0.0.2")), port: 9) == nil)
    }

    /// A target answering 503 for its whole (shortened) window is disabled, reported once, and re-enabling starts
    /// over: the same batch, with the same id, delivered once it answers 2xx.
    @Test func aTargetFailingForItsWindowIsDisabledAndReenablingResumes() async throws {
        let healthy = Locked(false)
        let receiver = WebhookReceiver { _ in .init(status: healthy.get() ? 200 : 503) }
        try await receiver.start()
        defer { receiver.stop() }
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        try await fixture.addEmails(0..<3)
        let webhook = try await fixture.store.saveWebhook(streamID: fixture.stream.id, url: receiver.url,
                                                          batchSize: 10, secret: .generate())
        let events = DisabledEvents()
        let deliverer = try await Deliverers.make(
            fixture, schedule: .init(base: .milliseconds(20), maximum: .milliseconds(50), window: .milliseconds(600)),
            events: events)
        try await running(deliverer) { () async throws in
            #expect(try await eventually(within: .seconds(10)) { !events.all.isEmpty })
            let count = receiver.received.count
            try await Task.sleep(for: .milliseconds(300))
            #expect(receiver.received.count == count, "a disabled target gets nothing")
            let stored = try #require(try await fixture.store.webhook(id: webhook.id))
            #expect(!stored.enabled && stored.disabledReason?.contains("failed every attempt since") == true)
            #expect(count >= 2, "retried before giving up")
            healthy.set(true)
            try await fixture.store.setWebhookEnabled(id: webhook.id, enabled: true, reason: nil)
            #expect(try await eventually(within: .seconds(10)) {
                try await fixture.store.webhook(id: webhook.id)?.pending == nil
            })
        }
        #expect(events.all.count == 1)
        #expect(Set(receiver.received.map(\.id)).count == 1, "one batch, one id, however many attempts")
    }

    @Test func retryAfterIsHonoured() async throws {
        let receiver = WebhookReceiver { number in
            number == 1 ? .init(status: 429, headers: [("Retry-After", "1")]) : .init(status: 200)
        }
        try await receiver.start()
        defer { receiver.stop() }
        let fixture = try await WebhookFixture()
        defer { fixture.cleanup() }
        try await fixture.addEmails(0..<1)
        _ = try await fixture.store.saveWebhook(streamID: fixture.stream.id, url: receiver.url, batchSize: 4,
                                                secret: .generate())
        let deliverer = try await Deliverers.make(fixture)
        try await running(deliverer) { () async throws in
            #expect(try await eventually(within: .seconds(10)) { receiver.received.count >= 2 })
        }
        let seen = receiver.received.map(\.at)
        #expect(seen.count == 2 && seen[1] - seen[0] >= .milliseconds(950), "\(seen)")
    }
}
